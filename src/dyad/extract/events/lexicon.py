"""The trigger lexicon: which verbs and event nouns name which PLOVER event.

Two sources, most specific first:

* ``dyad/data/lexicon/triggers.txt``: dyad's hand-written PLOVER lexicon (verbs, event nouns,
  phrasal verbs, verb+object and modifier+noun patterns, with mode, contexts, CAMEO code and
  argument-frame flags);
* ``dyad/data/lexicon/cameo_verbs.json``: verb -> CAMEO code patterns derived from the
  PETRARCH2 CAMEO verb dictionary by ``scripts/build_lexicon.py`` (a wide, weaker fallback),
  or a user's own PETRARCH/TABARI verb dictionary (:func:`Lexicon.with_verb_dictionary`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyad.errors import DyadError, E
from dyad.extract.events.crosswalk import cameo_to_plover
from dyad.model.records import EVENT_TYPES

FLAGS = frozenset({
    "meeting", "symmetric", "of_agent", "from_actor", "theme_owner", "event_object", "frame",
    "reason", "weak", "future_concede", "predicative", "host", "future_only",
})


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One trigger pattern and the event it names."""

    lemma: str
    pos: str  # verb | noun | adj
    event_type: str
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    cameo: str | None = None
    particle: str | None = None  # "call for", "send home", "phone call"
    obj: str | None = None  # object lemma (verbs: dobj; nouns: "of" object or compound)
    modifier: str | None = None  # amod/compound lemma ("hunger strike")
    flags: frozenset[str] = frozenset()
    source: str = "dyad"  # dyad | cameo | <user dictionary name>
    subject: str | None = None  # subject head lemma ("protesters gathered", "a frigate sailed")

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.particle, self.obj, self.modifier, self.subject))

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass
class Lexicon:
    """Trigger entries indexed by (pos, lemma), most specific entry first."""

    entries: dict[tuple[str, str], list[LexEntry]] = field(default_factory=dict)

    def add(self, entry: LexEntry) -> None:
        bucket = self.entries.setdefault((entry.pos, entry.lemma), [])
        bucket.append(entry)
        bucket.sort(key=lambda e: (-e.specificity, e.source != "dyad"))

    def lookup(self, pos: str, lemma: str) -> list[LexEntry]:
        return self.entries.get((pos, lemma), [])

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[LexEntry]:
        for bucket in self.entries.values():
            yield from bucket

    def __len__(self) -> int:
        return sum(len(b) for b in self.entries.values())

    def with_verb_dictionary(self, path: Path | str) -> Lexicon:
        """A copy extended with a PETRARCH/TABARI verb dictionary (entries coded via the crosswalk)."""
        from dyad.extract.events.petrarch_dict import load_verb_dictionary

        merged = Lexicon({k: list(v) for k, v in self.entries.items()})
        for entry in verb_dictionary_entries(load_verb_dictionary(path), source=Path(path).name):
            merged.add(entry)
        return merged


def _parse_trigger(text: str) -> tuple[str, str | None, str | None, str | None, str | None]:
    words = text.split()
    lemma, particle_words, obj, modifier, subject = words[0], [], None, None, None
    for word in words[1:]:
        if word.startswith("~"):
            obj = word[1:]
        elif word.startswith("+"):
            modifier = word[1:]
        elif word.startswith("@"):
            subject = word[1:]
        else:
            particle_words.append(word)
    return lemma, " ".join(particle_words) or None, obj, modifier, subject


def parse_trigger_lines(lines: Iterable[str], *, origin: str = "triggers.txt") -> Iterator[LexEntry]:
    """Parse the ``trigger | pos | TYPE[:mode] | contexts | cameo | flags`` format."""
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        cols = [c.strip() for c in line.split("|")]
        if len(cols) != 6:
            raise DyadError(E.LEXICON_BAD_LINE, origin=origin, line=number,
                            detail=f"expected 6 columns, found {len(cols)}")
        trigger, pos, typed, contexts, cameo, flags = cols
        event_type, _, mode = typed.partition(":")
        flag_set = frozenset(f.strip() for f in flags.split(",") if f.strip())
        if event_type not in EVENT_TYPES or pos not in ("verb", "noun", "adj") or flag_set - FLAGS:
            raise DyadError(E.LEXICON_BAD_LINE, origin=origin, line=number,
                            detail=f"unknown type, pos or flag in {line!r}")
        lemma, particle, obj, modifier, subject = _parse_trigger(trigger)
        yield LexEntry(lemma=lemma, pos=pos, event_type=event_type, mode=mode or None,
                       contexts=tuple(c.strip() for c in contexts.split(",") if c.strip()),
                       cameo=cameo or None, particle=particle, obj=obj, modifier=modifier,
                       flags=flag_set, subject=subject)


def verb_dictionary_entries(verbs: object, *, source: str) -> Iterator[LexEntry]:
    """LexEntries for a loaded PETRARCH verb dictionary (only codes with a PLOVER reading)."""
    from dyad.extract.events.petrarch_dict import VerbDictionary

    assert isinstance(verbs, VerbDictionary)
    for verb in verbs.verbs.values():
        patterns = [(p.code, p.words) for p in verb.patterns if p.code]
        if verb.code:
            patterns.append((verb.code, ()))
        for code, words in patterns:
            plover = cameo_to_plover(code)
            if plover is None:
                continue
            alts = sorted(words[0]) if len(words) == 1 else []
            obj = alts[0][0] if len(alts) == 1 and len(alts[0]) == 1 else None
            if words and obj is None:
                continue  # multi-word PETRARCH patterns are matched by the CAMEO path, not here
            yield LexEntry(lemma=verb.lemma, pos="verb", event_type=plover.event_type,
                           mode=plover.mode, contexts=plover.contexts, cameo=code,
                           particle=verb.particle, obj=obj, flags=frozenset({"weak"}), source=source)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """dyad's hand-written PLOVER trigger lexicon (``triggers.txt``)."""
    lexicon = Lexicon()
    text = resources.files("dyad.data").joinpath("lexicon/triggers.txt").read_text(encoding="utf-8")
    for entry in parse_trigger_lines(text.splitlines()):
        lexicon.add(entry)
    return lexicon


@lru_cache(maxsize=1)
def cameo_lexicon() -> Lexicon:
    """The CAMEO-derived verb table (``cameo_verbs.tsv``) as weak entries: a wide fallback.

    Measured on the PLV pairs it adds recall but costs precision (macro-F1 0.656 -> 0.638), so
    the coder does not use it by default; the pair classifier consults it only when the
    sentence has no trigger from the hand-written lexicon.
    """
    lexicon = Lexicon()
    for entry in cameo_entries():
        lexicon.add(entry)
    return lexicon


def cameo_entries() -> Iterator[LexEntry]:
    """Entries from the derived CAMEO verb table (``cameo_verbs.tsv``)."""
    path = resources.files("dyad.data").joinpath("lexicon/cameo_verbs.tsv")
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("lemma\t") or not line.strip():
            continue
        lemma, particle, obj, cameo = (None if c == "-" else c for c in line.split("\t"))
        plover = cameo_to_plover(cameo)
        if plover is None or lemma is None:
            continue
        yield LexEntry(lemma=lemma, pos="verb", event_type=plover.event_type,
                       mode=plover.mode, contexts=plover.contexts, cameo=cameo,
                       particle=particle, obj=obj, flags=frozenset({"weak"}), source="cameo")


def lemmas_by_type(lexicon: Lexicon) -> dict[str, set[str]]:
    """Which lemmas can name each type (for diagnostics and tests)."""
    out: dict[str, set[str]] = defaultdict(set)
    for entry in lexicon:
        out[entry.event_type].add(entry.lemma)
    return out
