"""A small reader of the WordNet 3.0 database files (Debian's ``wordnet-base``), for event coreference.

Only what ECB+ mention clustering and event detection need:

- ``senses(lemma, pos)``: synset offsets of a lemma in sense order (from ``index.<pos>``);
- ``synset(pos, offset)``: words, lexicographer file and pointers of one synset (``data.<pos>`` is
  addressed by byte offset, so a synset is one slice of the file read into memory);
- ``base_forms(word, pos)``: lemmas of an inflected word (exception lists ``<pos>.exc``, then the
  regular suffix rules), kept only when WordNet lists them;
- ``links(lemma)``: lemmas related to a lemma by a shared synset (synonyms), a derivational
  pointer (``+``: die/death, explode/explosion), a direct hypernym (murder -> kill) or a verb's
  cause or entailment (``>``/``*``: kill -> die), each with the kind of link;
- ``is_event_noun(lemma)``: whether a noun's first sense is filed as an act, event, process or
  phenomenon (lexicographer files ``noun.act``, ``noun.event``, ``noun.process``,
  ``noun.phenomenon``), the top of the ``act``/``event``/``happening``/``process`` hierarchies.

The database is found at ``$DYAD_WORDNET`` or ``/usr/share/wordnet``; ``load_wordnet()`` returns
None when it is absent, and callers then work as without WordNet. Files are read lazily (an index
when a part of speech is first asked for) and cached for the process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENV_VAR = "DYAD_WORDNET"
DEFAULT_PATH = Path("/usr/share/wordnet")

_FILE_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
# Lexicographer file numbers (lexnames) of nouns that name something happening.
EVENT_LEXFILES = frozenset({4, 11, 19, 22})  # noun.act, noun.event, noun.phenomenon, noun.process

# Regular inflections (suffix, replacement) tried in order when a word is not in the exception list.
_DETACH = {
    "n": (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
          ("ies", "y"), ("s", "")),
    "v": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
          ("s", "")),
    "a": (("est", "e"), ("est", ""), ("er", "e"), ("er", "")),
    "r": (),
}

SYNONYM = "synonym"
DERIVATION = "derivation"
HYPERNYM = "hypernym"
CAUSE = "cause"


@dataclass(frozen=True)
class Pointer:
    """One pointer of a synset: ``symbol`` (``@`` hypernym, ``+`` derivation ...), its target, and
    for a lexical pointer the source and target word numbers (1-based; 0 for a semantic pointer)."""

    symbol: str
    offset: int
    pos: str
    source: int
    target: int


@dataclass(frozen=True)
class Synset:
    """One synset: its offset, part of speech, lexicographer file, words (lowercase, ``_`` for
    spaces) and pointers."""

    offset: int
    pos: str
    lexfile: int
    words: tuple[str, ...]
    pointers: tuple[Pointer, ...]


def _parse_synset(line: str) -> Synset:
    fields = line.split(" | ", 1)[0].split()
    offset, lexfile, pos = int(fields[0]), int(fields[1]), fields[2]
    n_words = int(fields[3], 16)
    words = []
    for k in range(n_words):
        word = fields[4 + 2 * k].lower()
        if pos in ("a", "s") and word.endswith(")") and "(" in word:  # adjective marker: "big(a)"
            word = word[:word.index("(")]
        words.append(word)
    at = 4 + 2 * n_words
    n_pointers = int(fields[at])
    pointers = []
    for k in range(n_pointers):
        symbol, target, tpos, st = fields[at + 1 + 4 * k: at + 5 + 4 * k]
        pointers.append(Pointer(symbol, int(target), tpos, int(st[:2], 16), int(st[2:], 16)))
    return Synset(offset, pos, lexfile, tuple(words), tuple(pointers))


class WordNet:
    """Lazy reader of one WordNet database directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}
        self._data: dict[str, bytes] = {}
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
        self._synsets: dict[tuple[str, int], Synset] = {}
        self._links: dict[str, dict[str, str]] = {}

    def _index_of(self, pos: str) -> dict[str, tuple[int, ...]]:
        name = _FILE_POS[pos]
        if name not in self._index:
            table: dict[str, tuple[int, ...]] = {}
            with (self.root / f"index.{name}").open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith(" "):  # licence header
                        continue
                    fields = line.split()
                    n_senses = int(fields[2])
                    table[fields[0]] = tuple(int(o) for o in fields[len(fields) - n_senses:])
            self._index[name] = table
        return self._index[name]

    def senses(self, lemma: str, pos: str) -> tuple[int, ...]:
        """Synset offsets of ``lemma`` as a ``pos`` (n, v, a, r), most frequent sense first."""
        return self._index_of(pos).get(lemma.lower().replace(" ", "_"), ())

    def synset(self, pos: str, offset: int) -> Synset:
        """The synset at byte ``offset`` of ``data.<pos>``."""
        key = (_FILE_POS[pos], offset)
        cached = self._synsets.get(key)
        if cached is None:
            name = key[0]
            if name not in self._data:
                self._data[name] = (self.root / f"data.{name}").read_bytes()
            data = self._data[name]
            cached = _parse_synset(data[offset:data.index(b"\n", offset)].decode("utf-8"))
            self._synsets[key] = cached
        return cached

    def _exceptions_of(self, pos: str) -> dict[str, tuple[str, ...]]:
        name = _FILE_POS[pos]
        if name not in self._exceptions:
            table: dict[str, tuple[str, ...]] = {}
            path = self.root / f"{name}.exc"
            if path.exists():
                with path.open(encoding="utf-8") as handle:
                    for line in handle:
                        fields = line.split()
                        if len(fields) >= 2:
                            table[fields[0]] = tuple(fields[1:])
            self._exceptions[name] = table
        return self._exceptions[name]

    def base_forms(self, word: str, pos: str) -> tuple[str, ...]:
        """WordNet lemmas of ``word`` as a ``pos``: itself if listed, its exception-list bases
        ("ran" -> "run", "mice" -> "mouse"), else the regular suffix rules ("explosions" ->
        "explosion"); empty when none is in WordNet."""
        word = word.lower().replace(" ", "_")
        index = self._index_of(pos)
        out = [word] if word in index else []
        out += [b for b in self._exceptions_of(pos).get(word, ()) if b in index and b not in out]
        if not out:
            for suffix, replacement in _DETACH["a" if pos == "s" else pos]:
                if word.endswith(suffix) and len(word) > len(suffix) + 1:
                    base = word[: len(word) - len(suffix)] + replacement
                    if base in index and base not in out:
                        out.append(base)
        return tuple(out)

    def links(self, lemma: str, *, senses: int = 3) -> dict[str, str]:
        """Lemmas linked to ``lemma`` (as a noun or a verb, its first ``senses`` senses each), with
        the strongest kind of link: ``synonym`` (a shared synset), ``derivation`` (a ``+``
        pointer from this word), ``hypernym`` (a word of a direct hypernym synset) or ``cause``
        (a word of a synset this verb causes or entails)."""
        key = f"{lemma}/{senses}"
        cached = self._links.get(key)
        if cached is not None:
            return cached
        rank = {SYNONYM: 0, DERIVATION: 1, HYPERNYM: 2, CAUSE: 3}
        out: dict[str, str] = {}

        def add(word: str, kind: str) -> None:
            old = out.get(word)
            if word != lemma and (old is None or rank[kind] < rank[old]):
                out[word] = kind

        for pos in ("n", "v"):
            for base in self.base_forms(lemma, pos):
                for offset in self.senses(base, pos)[:senses]:
                    synset = self.synset(pos, offset)
                    number = synset.words.index(base) + 1 if base in synset.words else 0
                    for word in synset.words:
                        add(word, SYNONYM)
                    for p in synset.pointers:
                        if p.symbol == "+" and p.source in (0, number):
                            target = self.synset(p.pos, p.offset)
                            for k, word in enumerate(target.words, start=1):
                                if p.target in (0, k):
                                    add(word, DERIVATION)
                        elif p.symbol in ("@", "@i"):
                            for word in self.synset(p.pos, p.offset).words:
                                add(word, HYPERNYM)
                        elif p.symbol in (">", "*"):
                            for word in self.synset(p.pos, p.offset).words:
                                add(word, CAUSE)
        self._links[key] = out
        return out

    def link(self, a: str, b: str, *, senses: int = 3) -> str | None:
        """The strongest link between two lemmas, either way round, or None."""
        a, b = a.lower().replace(" ", "_"), b.lower().replace(" ", "_")
        kinds = [k for k in (self.links(a, senses=senses).get(b), self.links(b, senses=senses).get(a)) if k]
        order = (SYNONYM, DERIVATION, HYPERNYM, CAUSE)
        return min(kinds, key=order.index) if kinds else None

    def is_event_noun(self, lemma: str, *, senses: int = 1) -> bool | None:
        """Whether the noun's first ``senses`` senses include one filed as an act, event, process or
        phenomenon; None when WordNet does not know the noun."""
        bases = self.base_forms(lemma, "n")
        if not bases:
            return None
        offsets = self.senses(bases[0], "n")[:senses]
        return any(self.synset("n", o).lexfile in EVENT_LEXFILES for o in offsets)


def wordnet_path() -> Path:
    """Where the database is looked for: ``$DYAD_WORDNET`` or ``/usr/share/wordnet``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


@lru_cache(maxsize=4)
def _load(root: str) -> WordNet | None:
    path = Path(root)
    if not (path / "index.noun").is_file() or not (path / "data.noun").is_file():
        return None
    return WordNet(path)


def load_wordnet(path: Path | None = None) -> WordNet | None:
    """The WordNet at ``path`` (default ``wordnet_path()``), cached; None when it is absent."""
    return _load(str(path or wordnet_path()))
