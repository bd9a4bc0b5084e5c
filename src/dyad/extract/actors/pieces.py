"""Find the building blocks of actor mentions in a parsed text.

A *piece* is a run of tokens that is one of: a KB actor ("Kim Jong Un", "North Korean", "CNN"),
a name spaCy tags PERSON or ORG that the KB does not know, a role noun or title ("Foreign
Minister", "officials"), or a short name of a person named earlier ("Pompeo"). Pieces are found
with dictionary lookups over tokens (flat keys of up to ``max_tokens`` tokens), so the cost is a
few lookups per token whatever the size of the KB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dyad.extract.actors.lexicon import RoleInfo, RoleLexicon
from dyad.resolve.actor_kb import ActorKB, flatten

# Lower-case words allowed inside a capitalised name ("Bashar al-Assad", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({"of", "the", "and", "de", "al", "bin", "ibn", "el", "da", "do", "dos",
                            "von", "der", "van", "la", "le", "du", "y", "for", "on", "in", "-",
                            "'", "&", "des", "di", "ul", "ud", "abu", "bint", "zu"})
# Punctuation that may sit inside a name; any other punctuation ends a name.
NAME_PUNCT = frozenset({"-", ".", "'", "’", "&"})
PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG"})


@dataclass(slots=True)
class Tok:
    """The token attributes the actor stage reads (copied once from the spaCy token)."""

    i: int
    text: str
    lower: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int
    end: int
    sent: int
    ent: str
    flat: str
    ent_lo: int = -1  # first token of the named entity this token is in (-1: none)
    ent_hi: int = -1  # end token of that entity


def tokens_of(parse: Any) -> list[Tok]:
    """Copy what we need from a spaCy ``Doc`` (parsed or only tokenised)."""
    sent_of: list[int] = [0] * len(parse)
    if parse.has_annotation("DEP") or parse.has_annotation("SENT_START"):
        for number, sent in enumerate(parse.sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = number
    out = []
    last = len(parse) - 1
    for t in parse:
        end = t.idx + len(t.text)
        # "the EU." at the end of a sentence: the full stop is not part of the name
        if (t.text.endswith(".") and len(t.text) > 2 and "." not in t.text[:-1]
                and (t.i == last or sent_of[t.i + 1] != sent_of[t.i])):
            end -= 1
        lemma = (t.lemma_ or singular(t.lower_)).lower()
        out.append(Tok(t.i, t.text, t.lower_, lemma, t.pos_, t.tag_, t.dep_, t.head.i, t.idx, end,
                       sent_of[t.i], t.ent_type_, flatten(t.text)))
    for ent in getattr(parse, "ents", ()):
        for k in range(ent.start, ent.end):
            out[k].ent_lo, out[k].ent_hi = ent.start, ent.end
    return out


def singular(word: str) -> str:
    """A rough singular for unparsed text ("protesters" -> "protester", "militias" -> "militia")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(slots=True)
class Piece:
    """A run of tokens ``[start, end)`` with what it is."""

    start: int
    end: int
    type: str  # kb | person | org | role | short
    kb_ids: list[str] = field(default_factory=list)
    kind: str | None = None  # country | organization | person | group (kb pieces)
    role: RoleInfo | None = None
    modifier_only: bool = False  # an adjective role word ("military officials")
    ref: int | None = None  # short pieces: first token of the piece naming the person in full


def _capitalised(tok: Tok) -> bool:
    return bool(tok.text) and (tok.text[0].isupper() or tok.text[0].isdigit())


def _name_ok(toks: list[Tok], start: int, end: int, *, acronym: bool) -> bool:
    """Case rules: names are capitalised (particles aside); acronyms are written in capitals."""
    if acronym:
        return all(t.text.upper() == t.text for t in toks[start:end])
    if not _capitalised(toks[start]) or not _capitalised(toks[end - 1]):
        return False
    return all(_capitalised(t) or t.lower in NAME_PARTICLES or t.text in NAME_PUNCT
               or (t.lower in ("'s", "’s") and t.i < end - 1) for t in toks[start:end])


def _breaks_name(tok: Tok) -> bool:
    if not tok.flat:
        return tok.text not in NAME_PUNCT
    return tok.lower in ("'s", "’s") or tok.text.isspace()


def _inside_longer_name(toks: list[Tok], start: int, end: int, titles: frozenset[str]) -> bool:
    """"Mostafa Mohammad Najjar" is not "Mohammad Najjar": the recogniser's name goes on with a
    capitalised word that is no title."""
    lo, hi = toks[start].ent_lo, toks[start].ent_hi
    if lo < 0 or toks[start].ent not in ("PERSON", "ORG", "FAC"):
        return False
    extra = [t for t in toks[lo:start] + toks[end:max(hi, end)] if t.flat]
    return any(_capitalised(t) and t.lower not in titles and t.lemma not in titles
               and t.lower not in NAME_PARTICLES for t in extra)


def _inside_place_name(toks: list[Tok], start: int, end: int) -> bool:
    """A country or capital name inside a longer facility or location name."""
    lo, hi = toks[start].ent_lo, toks[start].ent_hi
    if lo < 0 or toks[start].ent not in ("FAC", "LOC"):
        return False
    return any(_capitalised(t) and t.flat for t in toks[lo:start] + toks[end:max(hi, end)])


def kb_pieces(toks: list[Tok], kb: ActorKB, *, max_tokens: int = 8,
              titles: frozenset[str] = frozenset()) -> list[Piece]:
    """Longest KB matches, left to right, with the case rules applied."""
    pieces: list[Piece] = []
    n = len(toks)
    limit = min(max_tokens, kb.max_tokens)
    i = 0
    while i < n:
        tok = toks[i]
        if not tok.flat or not _capitalised(tok) or "$" in tok.text:
            i += 1
            continue
        best: tuple[int, list[str]] | None = None
        key = ""
        for j in range(i, min(n, i + limit)):
            if toks[j].sent != tok.sent:
                break
            if j > i and _breaks_name(toks[j]):
                # "Korean People's Army": a possessive inside a known name, never at its end
                if toks[j].lower not in ("'s", "’s"):
                    break
            key += toks[j].flat
            ids = kb.ids_for(key) if key and toks[j].flat else []
            if ids and _name_ok(toks, i, j + 1, acronym=key in kb.acronyms):
                best = (j + 1, ids)
        if best is None:
            i += 1
            continue
        end, ids = best
        kinds = {kb.records[k].kind for k in ids}
        kind = "person" if "person" in kinds else ("country" if "country" in kinds else sorted(kinds)[0])
        if kind == "person" and _inside_longer_name(toks, i, end, titles):
            i = end  # leave the whole name to the recogniser
            continue
        if kind == "country" and _inside_place_name(toks, i, end):
            i = end  # "Victoria Park", "Singapore Changi Airport": a site, not the state
            continue
        pieces.append(Piece(i, end, "kb", kb_ids=list(ids), kind=kind))
        i = end
    return pieces


def role_pieces(toks: list[Tok], roles: RoleLexicon, taken: list[bool]) -> list[Piece]:
    """Role nouns and titles on tokens no other piece holds; the longest phrase wins."""
    pieces: list[Piece] = []
    n = len(toks)
    i = 0
    while i < n:
        first = toks[i]
        if taken[i] or (first.lower not in roles.first_words and first.lemma not in roles.first_words
                        and singular(first.lower) not in roles.first_words):
            i += 1
            continue
        found: tuple[int, RoleInfo] | None = None
        for j in range(min(n, i + min(roles.max_words, 5)) - 1, i - 1, -1):
            if any(taken[k] for k in range(i, j + 1)):
                continue
            stem = tuple(t.lower for t in toks[i:j])
            info = (roles.get((*stem, toks[j].lemma)) or roles.get((*stem, toks[j].lower))
                    or roles.get((*stem, singular(toks[j].lower))))
            if info is not None and info.kind == "country" and j + 2 < n \
                    and toks[j + 1].lower == "of" and toks[j + 2].text.islower():
                info = None  # "a state of emergency"
            if info is not None:
                found = (j + 1, info)
                break
        if found is None:
            i += 1
            continue
        end, info = found
        last = toks[end - 1]
        parsed = bool(last.pos)
        if parsed and last.pos not in ("NOUN", "PROPN", "ADJ"):
            i += 1
            continue
        # "military exercises", "terrorist attack": a role word modifying another noun
        modifier = parsed and (last.pos == "ADJ" or (
            last.dep in ("compound", "amod", "nmod") and last.head > last.i
            and toks[last.head].lemma not in roles.first_words))
        if end + 1 < n and toks[end].text == "-" and toks[end + 1].text.islower():
            modifier = True  # "the rebel-held town", "government-run media": a compound adjective
        pieces.append(Piece(i, end, "role", role=info, modifier_only=modifier))
        i = end
    return pieces


def ner_pieces(toks: list[Tok], parse: Any, taken: list[bool],
               roles: RoleLexicon | None = None, countries: set[int] | None = None) -> list[Piece]:
    """PERSON and ORG names from spaCy's recogniser that no KB piece covers. A title the
    recogniser swallowed ("Spokeswoman Sandy Angers", even tagged ORG) is left to the role
    lexicon, and what follows it is a person."""
    pieces: list[Piece] = []
    for ent in getattr(parse, "ents", ()):
        if ent.label_ not in PERSON_LABELS and ent.label_ not in ORG_LABELS:
            continue
        start, end = ent.start, ent.end
        label = "person" if ent.label_ in PERSON_LABELS else "org"
        while start < end and (toks[start].lower in ("the", "a", "an") or not toks[start].flat):
            start += 1
        while end > start and (not toks[end - 1].flat or toks[end - 1].lower in ("'s", "’s")):
            end -= 1
        title = roles.get((toks[start].lemma,)) if roles is not None and start < end else None
        if title is not None and title.kind == "person" and end - start > 1:
            start, label = start + 1, "person"
        if start < end and countries is not None and taken[start]:
            # "The Sudanese Professionals Association": a country word opening an unknown
            # organisation's name is its modifier; the rest is the organisation
            k = start
            while k < end and taken[k] and k in countries:
                k += 1
            last = toks[end - 1]
            if label == "org" and k > start and k < end and roles is not None \
                    and roles.get((last.lemma,)) is None and roles.get((last.lower,)) is None:
                start = k
        if start >= end or any(taken[k] for k in range(start, end)):
            continue
        if not _capitalised(toks[start]):
            continue
        if end - start == 1 and _city_after_preposition(toks, start):
            continue  # "in Homs", "to Zaporizhzhia": a city the recogniser took for a name
        if label == "person" and _names_a_thing(toks, end, roles):
            # "the Kerch bridge", "the Capella hotel": places the recogniser took for people
            # ("the Nato mission", "an Opec meeting" keep their organisation)
            continue
        pieces.append(Piece(start, end, label))
    return pieces


def _city_after_preposition(toks: list[Tok], i: int) -> bool:
    """A one-word name that is a known city and the object of a preposition (or a conjunct of
    one)."""
    from dyad.extract.actors.lexicon import default_cities

    tok = toks[i]
    if tok.flat not in default_cities():
        return False
    k, steps = i, 0
    while toks[k].dep == "conj" and toks[k].head != k and steps < 5:
        k, steps = toks[k].head, steps + 1
    return toks[k].dep == "pobj"


def _names_a_thing(toks: list[Tok], end: int, roles: RoleLexicon | None) -> bool:
    """A name used as a compound modifier of a common noun that is no role or body."""
    last = toks[end - 1]
    if last.dep != "compound" or last.head < end or last.head >= len(toks):
        return False
    noun = toks[last.head]
    if noun.pos != "NOUN" or not noun.text.islower():
        return False
    return roles is None or (roles.get((noun.lemma,)) is None and roles.get((noun.lower,)) is None)


def short_name_pieces(toks: list[Tok], pieces: list[Piece], kb: ActorKB,
                      taken: list[bool], titles: frozenset[str] = frozenset()) -> list[Piece]:
    """Single capitalised tokens that repeat a name token of a person named earlier ("Pompeo",
    "Ri"), which spaCy may have missed or mislabelled."""
    names: dict[str, int] = {}
    known: dict[str, bool] = {}  # whether the bound person is a KB person
    firsts: list[tuple[int, str, int, bool]] = []
    for piece in pieces:
        if piece.kind != "person" and piece.type != "person":
            continue
        words = [t.text for t in toks[piece.start:piece.end] if t.flat and _capitalised(t)]
        if piece.type == "kb":
            record = kb.records.get(piece.kb_ids[0])
            if record is not None:
                words += record.name.split()
        if len(words) < 2:
            continue
        for word in {words[0], words[-1]}:
            # "President" of "President Vladimir Putin" is a title, not a name
            if len(word) >= 2 and word.lower() not in NAME_PARTICLES and word.lower() not in titles:
                firsts.append((piece.end, word, piece.start, piece.type == "kb"))
    firsts.sort()
    out: list[Piece] = []
    for tok in toks:
        if taken[tok.i] or not _capitalised(tok) or tok.pos not in ("PROPN", "NOUN", "X", ""):
            continue
        for end, word, start, in_kb in firsts:
            if end > tok.i:
                break
            # the latest person with that name, except that a known figure keeps a surname
            # against an unknown one ("Kim" stays Kim Jong Un after "Ambassador Sung Kim")
            if tok.text == word and (in_kb or not known.get(word, False)):
                names[word], known[word] = start, in_kb
        if tok.text in names:
            out.append(Piece(tok.i, tok.i + 1, "short", kind="person", ref=names[tok.text]))
    return out


def find_pieces(toks: list[Tok], parse: Any, kb: ActorKB, roles: RoleLexicon) -> list[Piece]:
    """All pieces of a text, in token order, non-overlapping."""
    pieces = kb_pieces(toks, kb, titles=roles.first_words)
    taken = [False] * len(toks)

    def take(items: list[Piece]) -> None:
        for p in items:
            for k in range(p.start, p.end):
                taken[k] = True

    take(pieces)
    countries = {k for p in pieces if p.kind == "country" for k in range(p.start, p.end)}
    ner = ner_pieces(toks, parse, taken, roles, countries)
    # one-word names ("Butler", "Kim") that repeat an earlier full name are short names, even
    # when the recogniser calls them ORG
    long_names = [p for p in ner if p.end - p.start > 1]
    take(long_names)
    named = sorted(pieces + long_names, key=lambda p: p.start)
    short = short_name_pieces(toks, named, kb, taken, roles.first_words)
    take(short)
    single = [p for p in ner if p.end - p.start == 1 and not taken[p.start]]
    take(single)
    roles_found = role_pieces(toks, roles, taken)
    return sorted(named + short + single + roles_found, key=lambda p: p.start)
