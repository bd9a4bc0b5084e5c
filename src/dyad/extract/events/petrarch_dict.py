"""Readers for PETRARCH/TABARI dictionaries, so users can bring their own.

* verb dictionaries (``*.verbs.txt``): synonym sets (``&NAME`` + ``+member`` lines), verb blocks
  (``--- NAME [code] ---``) listing verbs (``VERB {irregular forms} [code]``, multi-word verbs
  joined by ``_``) and patterns (``- words * words [code]``, ``*`` standing for the verb);
* actor dictionaries (``*.actors.txt``): ``NAME [CODE]`` with ``+ALIAS`` lines and dated codes
  (``[PRKGOV >20111219]``); agent dictionaries (``*.agents.txt``): ``TITLE [~GOV]``.

Markers that only steer PETRARCH's own parser (``$ + % ^``, brackets) are dropped; pattern
words are matched in order before and after the verb (:mod:`dyad.extract.events.cameo_path`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import DyadError, E

CODE = re.compile(r"\[([^\]]*)\]")
Alternative = tuple[str, ...]  # one way to say a pattern word: a sequence of lower-case words


@dataclass(frozen=True)
class VerbPattern:
    """``- before * after [code]``: each slot is a set of alternative word sequences. An empty
    ``code`` is PETRARCH's ``[---]``: the pattern matches and blocks coding."""

    before: tuple[frozenset[Alternative], ...]
    after: tuple[frozenset[Alternative], ...]
    code: str

    @property
    def words(self) -> tuple[frozenset[Alternative], ...]:
        return self.before + self.after


@dataclass
class VerbEntry:
    """One verb of a block (lemma plus particle for multi-word verbs), with the block's patterns."""

    lemma: str
    particle: str | None
    code: str | None
    forms: tuple[str, ...] = ()
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    verbs: dict[str, VerbEntry] = field(default_factory=dict)  # key: "lemma" or "lemma particle"
    synsets: dict[str, frozenset[Alternative]] = field(default_factory=dict)

    _index: dict[str, list[VerbEntry]] = field(default_factory=dict, repr=False)

    def lookup(self, *words: str) -> list[VerbEntry]:
        """Entries for a verb given as lemma and/or inflected forms ("cordoned" -> CORDON_OFF)."""
        if not self._index:
            for entry in self.verbs.values():
                for key in {entry.lemma, *(f.split()[0] for f in entry.forms if f)}:
                    self._index.setdefault(key, []).append(entry)
        out: list[VerbEntry] = []
        for word in words:
            for candidate in (word, *_stems(word)):
                for entry in self._index.get(candidate, []):
                    if entry not in out:
                        out.append(entry)
            if out:
                break
        return out


def _stems(word: str) -> list[str]:
    """Regular-inflection guesses, as PETRARCH generates them (-S, -ED, -ING)."""
    out = []
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            out.append(stem)
            if len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "planned" -> "plan"
            out.append(stem + "e")
    return out


def _strip(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return line.split("#", 1)[0].strip()


def _code(text: str) -> str | None:
    match = CODE.search(text)
    if not match:
        return None
    raw = match.group(1).strip()
    first, _, second = raw.partition(":")
    code = (first or second).strip()
    return code if code[:1].isdigit() else None


def _words(token: str) -> Alternative:
    return tuple(w.lower() for w in token.strip("_").split("_") if w)


def read_lines(path: Path | str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DyadError(E.VERB_DICT_UNREADABLE, path=str(path), detail=str(exc)) from exc


def load_verb_dictionary(path: Path | str) -> VerbDictionary:
    """Parse a PETRARCH/TABARI verb dictionary."""
    lines = [_strip(x) for x in read_lines(path)]
    result = VerbDictionary()
    raw_synsets: dict[str, list[str]] = {}
    current_synset: str | None = None
    block: list[VerbEntry] = []
    block_code: str | None = None
    in_comment = False
    for line in lines:
        if "<!--" in line:
            in_comment = "-->" not in line
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line:
            current_synset = None
            continue
        if line.startswith("&"):
            current_synset = line.split()[0]
            raw_synsets[current_synset] = []
            continue
        if current_synset and line.startswith("+"):
            raw_synsets[current_synset].append(line[1:].strip())
            continue
        if line.startswith("---"):
            current_synset = None
            block, block_code = [], _code(line)
            continue
        if line.startswith("-"):
            pattern_text = line[1:]
            explicit = CODE.search(pattern_text)
            blocked = bool(explicit and explicit.group(1).strip().startswith("---"))
            code = "" if blocked else (_code(pattern_text) or block_code)  # "": matches, codes nothing
            if code is not None and "*" in pattern_text:
                pattern = _parse_pattern(CODE.sub("", pattern_text), code, raw_synsets)
                if not pattern.words:
                    continue
                for verb in block:
                    verb.patterns.append(pattern)
            continue
        if line.startswith("+") or line[0].isalpha():
            entry = _parse_verb(line, block_code)
            if entry is not None:
                block.append(entry)
                key = entry.lemma + (" " + entry.particle if entry.particle else "")
                result.verbs.setdefault(key, entry)
    result.synsets = {name: _expand(name, raw_synsets) for name in raw_synsets}
    return result


def _parse_verb(line: str, block_code: str | None) -> VerbEntry | None:
    text = line.lstrip("+")
    forms: tuple[str, ...] = ()
    braces = re.search(r"\{([^}]*)\}", text)
    if braces:
        forms = tuple(f.lower().replace("_", " ").strip("+ ") for f in braces.group(1).split() if f)
        text = text[:braces.start()] + text[braces.end():]
    code = _code(text) or block_code
    name = CODE.sub("", text).split()
    if not name:
        return None
    words = _words(name[0])
    if not words or not words[0].isalpha():
        return None
    return VerbEntry(lemma=words[0], particle=" ".join(words[1:]) or None, code=code, forms=forms)


def _expand(name: str, raw: dict[str, list[str]], depth: int = 0) -> frozenset[Alternative]:
    out: set[Alternative] = set()
    for member in raw.get(name, []):
        if member.startswith("&") and depth < 4:
            out |= _expand(member.split()[0], raw, depth + 1)
        else:
            alt = tuple(w for part in member.split() for w in _words(part))
            if alt:
                out.add(alt)
    return frozenset(out)


def _slot(token: str, raw_synsets: dict[str, list[str]]) -> frozenset[Alternative] | None:
    token = token.strip("(){}$+%^,")
    if not token or token in ("*",):
        return None
    if token.startswith("&"):
        return _expand(token, raw_synsets) or None
    if "&" in token:  # NEW_&TIETYPES_RELATIONS: a sequence with a synset inside
        parts = [p for p in token.split("_") if p]
        alts: set[Alternative] = {()}
        for part in parts:
            options = _expand(part, raw_synsets) if part.startswith("&") else {(part.lower(),)}
            alts = {a + o for a in alts for o in options}
        return frozenset(alts)
    words = _words(token)
    return frozenset({words}) if words else None


def _parse_pattern(text: str, code: str, raw_synsets: dict[str, list[str]]) -> VerbPattern:
    text = text.replace("*", " * ")
    before_text, _, after_text = text.partition(" * ")
    before = tuple(s for s in (_slot(t, raw_synsets) for t in before_text.split()) if s)
    after = tuple(s for s in (_slot(t, raw_synsets) for t in after_text.split()) if s)
    return VerbPattern(before=before, after=after, code=code)


@dataclass(frozen=True)
class ActorCode:
    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class ActorDictionary:
    """Phrases (tuples of lower-case words) -> dated codes; agents -> code parts."""

    actors: dict[Alternative, list[ActorCode]] = field(default_factory=dict)
    agents: dict[Alternative, str] = field(default_factory=dict)  # "~GOV" suffix or "NGO~" prefix

    def code_for(self, phrase: Alternative, day: dt.date | None = None) -> str | None:
        for code in self.actors.get(phrase, []):
            if code.valid_on(day):
                return code.code
        return None


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return None


def _actor_codes(text: str) -> list[ActorCode]:
    out = []
    for raw in CODE.findall(text):
        parts = raw.split()
        if not parts or parts[0].startswith("-"):
            continue
        code, start, end = parts[0].upper(), None, None
        for extra in parts[1:]:
            if extra.startswith(">"):
                start = _date(extra[1:])
            elif extra.startswith("<"):
                end = _date(extra[1:])
            elif "-" in extra:
                lo, _, hi = extra.partition("-")
                start, end = _date(lo), _date(hi)
        out.append(ActorCode(code, start, end))
    return out


def load_actor_dictionary(path: Path | str, *, agents: Path | str | None = None) -> ActorDictionary:
    """Parse a PETRARCH actor dictionary (and optionally an agents dictionary)."""
    result = ActorDictionary()
    names: list[Alternative] = []
    for raw in read_lines(path):
        line = _strip(raw)
        if not line or line.startswith("<"):
            names = [] if not line else names
            continue
        if line.startswith("["):
            codes = _actor_codes(line)
            for name in names:
                result.actors.setdefault(name, []).extend(codes)
            continue
        alias = line.startswith("+")
        name_text = CODE.sub("", line.lstrip("+")).strip()
        phrase = tuple(w for part in name_text.split() for w in _words(part))
        if not phrase:
            continue
        codes = _actor_codes(line)
        if not alias:
            names = [phrase]
        else:
            names.append(phrase)
        if codes:
            for name in names:
                result.actors.setdefault(name, []).extend(codes)
        elif alias and names and names[0] in result.actors:
            result.actors.setdefault(phrase, []).extend(result.actors[names[0]])
    if agents is not None:
        for raw in read_lines(agents):
            line = _strip(raw)
            if not line or line.startswith("<") or line.startswith("!"):
                continue
            agent_codes = CODE.findall(line)
            name_text = CODE.sub("", re.sub(r"\{[^}]*\}", "", line.lstrip("+"))).strip()
            phrase = tuple(w for part in name_text.split() for w in _words(part) if "!" not in w)
            if phrase and agent_codes:
                result.agents[phrase] = agent_codes[0].strip()
    return result
