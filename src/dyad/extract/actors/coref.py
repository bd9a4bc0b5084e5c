"""In-article actor profiles: later, shorter mentions inherit from the first full one.

- a person's first mention defines a profile; later mentions of the same person ("Pompeo",
  "Kim") inherit code, sector, name and role and point back to it (``antecedent``);
- a definite role noun ("the minister", "the President", "the official") refers to the most
  recent person whose titles contain that word, or to the last unnamed actor with that noun;
- "the two leaders" / "both leaders" are the two most mentioned heads of state or government so
  far, "the two nations" / "both sides" the two most mentioned countries: one entity each;
- "he"/"his"/"she"/"her" go to the subject of the clause that governs them ("Trump said he
  would...") or else to the most recent person subject in the last two sentences;
- "it" goes only to a governing subject that is a state or organisation ("North Korea said
  it was examining..."); "they"/"them"/"their" to a governing plural subject, else to the most
  recent plural subject of the sentence or the one before ("EU leaders met ... urged them");
  possessive "its"/"their" are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dyad.extract.actors.mentions import Mention
from dyad.extract.actors.pieces import Piece, Tok
from dyad.resolve.actor_kb import ActorKB

LEADER_NOUNS = frozenset({"leader", "president", "head", "premier", "chief"})
STATE_NOUNS = frozenset({"nation", "country", "side", "state", "government", "capital", "power"})
PLURAL_DETERMINERS = frozenset({"the", "both", "two", "all"})
PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
# words a KB role implies; tried only after the titles the article itself used
ROLE_SYNONYMS = {
    "head of state": {"president", "leader", "head", "chairman"},
    "head of government": {"leader", "premier", "prime", "head", "chancellor"},
    "foreign minister": {"minister", "diplomat"},
    "secretary of state": {"secretary", "diplomat"},
    "defence minister": {"minister", "secretary"},
}


@dataclass(slots=True)
class Profile:
    """What the article says about one person: the defining mention and all title words."""

    mention: Mention
    words: set[str] = field(default_factory=set)  # title words used in the article
    implied: set[str] = field(default_factory=set)  # words implied by the KB role
    count: int = 0
    last: int = 0


def _span(toks: list[Tok], m: Mention) -> tuple[int, int]:
    return toks[m.start].idx, toks[m.end - 1].end


def _words(m: Mention) -> tuple[set[str], set[str]]:
    """Title words the article used for this mention, and words its role implies."""
    words = {w for t in m.titles for w in t.phrase.split()}
    implied = set(m.role.lower().split()) | ROLE_SYNONYMS.get(m.role, set()) if m.role else set()
    return words, implied


def _inherit(target: Mention, source: Mention, antecedent: tuple[int, int]) -> None:
    target.code = target.code or source.code
    target.sector = source.sector if target.sector in (None, "GOV") else target.sector
    target.name, target.role = source.name, source.role or target.role
    target.kb_id, target.kind = source.kb_id, "person" if source.kind == "person" else source.kind
    target.person_key, target.leader = source.person_key, source.leader
    target.antecedent = antecedent


class Linker:
    """Walks the mentions of one article in order and links the ones that refer back."""

    def __init__(self, toks: list[Tok], kb: ActorKB) -> None:
        self.toks = toks
        self.kb = kb
        self.profiles: dict[str, Profile] = {}
        self.by_head: dict[int, Mention] = {}
        self.persons: list[Mention] = []
        self.roles: list[Mention] = []
        self.countries: Counter[str] = Counter()
        self.country_first: dict[str, Mention] = {}

    def link(self, mentions: list[Mention]) -> None:
        for m in mentions:
            self._link_one(m)
            self._remember(m)

    def _link_one(self, m: Mention) -> None:
        head = m.head
        if head.type == "short" and head.ref is not None:
            full = self.by_head.get(head.ref)
            profile = self.profiles.get(full.person_key or "") if full else None
            if profile is not None:
                titles = (m.code, m.sector, m.role) if m.titles else None
                _inherit(m, profile.mention, _span(self.toks, profile.mention))
                if titles and titles[2]:
                    m.role = titles[2]
            return
        if m.person_key:
            profile = self.profiles.get(m.person_key)
            if profile is not None:
                source = profile.mention
                m.antecedent = _span(self.toks, source)
                m.code = m.code or source.code
                m.role = m.role or source.role
                m.sector = m.sector or source.sector
            return
        if head.type != "role" or head.role is None or m.modifiers:
            return
        noun = self.toks[head.end - 1].lemma
        if m.plural and m.determiner in PLURAL_DETERMINERS:
            counted = any(t.lower in ("two", "both", "three") or t.pos == "NUM"
                          for t in self.toks[m.start:m.end])
            if m.determiner == "the" and not counted:
                # "European Union leaders ... the leaders": the same group again
                for earlier in reversed(self.roles):
                    if earlier.plural and earlier.code and self.toks[earlier.head.end - 1].lemma == noun:
                        m.code, m.sector, m.role = earlier.code, earlier.sector or m.sector, earlier.role
                        m.antecedent = earlier.antecedent or _span(self.toks, earlier)
                        return
            if noun in LEADER_NOUNS:
                self._plural(m, self._top_leaders())
            elif noun in STATE_NOUNS:
                self._plural(m, self._top_countries())
            return
        if m.plural or m.determiner not in ("the", "this", "that") or m.code is not None:
            return
        for attribute in ("words", "implied"):
            for person in reversed(self.persons):
                profile = self.profiles.get(person.person_key or "")
                if profile is not None and noun in getattr(profile, attribute):
                    _inherit(m, profile.mention, _span(self.toks, profile.mention))
                    return
        for earlier in reversed(self.roles):
            if self.toks[earlier.head.end - 1].lemma == noun and not earlier.plural:
                m.code, m.sector, m.role = earlier.code, earlier.sector or m.sector, earlier.role
                m.antecedent = earlier.antecedent or _span(self.toks, earlier)
                return

    def _plural(self, m: Mention, referents: list[Mention]) -> None:
        if not referents:
            return
        first, *rest = referents
        _inherit(m, first, first.antecedent or _span(self.toks, first))
        m.role = first.role  # the referent's role, not the plural noun's ("nations")
        for other in rest:
            extra = Mention(m.start, m.end, m.head, m.pieces, plural=True)
            _inherit(extra, other, other.antecedent or _span(self.toks, other))
            extra.role = other.role
            m.extra.append(extra)

    def _top_leaders(self) -> list[Mention]:
        leaders = [p for p in self.profiles.values() if p.mention.leader]
        leaders.sort(key=lambda p: (p.count, p.last), reverse=True)
        return [p.mention for p in leaders[:2]]

    def _top_countries(self) -> list[Mention]:
        ranked = sorted(self.countries, key=lambda c: (self.countries[c], -self.country_first[c].start),
                        reverse=True)[:2]
        out = []
        for code in ranked:
            first = self.country_first[code]
            state = Mention(first.start, first.end, first.head, first.pieces, code=code, sector="GOV",
                            kind="country", antecedent=first.antecedent or _span(self.toks, first))
            record = self.kb.records.get(f"C:{code}")
            state.name = record.name if record else None
            state.kb_id = record.id if record else None
            out.append(state)
        return out

    def _remember(self, m: Mention) -> None:
        for referent in [m, *m.extra]:
            if referent.code and f"C:{referent.code}" in self.kb.records:
                self.countries[referent.code] += 1
                self.country_first.setdefault(referent.code, referent)
        if m.person_key:
            profile = self.profiles.setdefault(m.person_key, Profile(m))
            words, implied = _words(m)
            profile.words |= words
            profile.implied |= implied
            profile.count += 1
            profile.last = m.start
            profile.mention.leader = profile.mention.leader or m.leader
            self.by_head[m.head.start] = m
            if m.kind == "person" or m.head.type in ("short", "person"):
                self.persons.append(m)
        elif m.head.type == "role":
            self.roles.append(m)


def _children(toks: list[Tok]) -> list[list[int]]:
    kids: list[list[int]] = [[] for _ in toks]
    for t in toks:
        if t.head != t.i:
            kids[t.head].append(t.i)
    return kids


def _subject(toks: list[Tok], kids: list[list[int]], verb: int) -> int | None:
    for k in kids[verb]:
        if toks[k].dep in ("nsubj", "nsubjpass"):
            return k
    if toks[verb].dep == "conj" and toks[verb].head != verb:
        return _subject(toks, kids, toks[verb].head)
    return None


def _by_token(mentions: list[Mention]) -> dict[int, Mention]:
    """The mention covering each token index (a later mention wins an overlap)."""
    return {k: m for m in mentions for k in range(m.start, m.end)}


def pronoun_mentions(toks: list[Tok], mentions: list[Mention], taken: list[bool]) -> list[Mention]:
    """Mentions for he/his/she/her that refer to a named person (unresolvable ones are left out:
    a pronoun alone says nothing about who acts)."""
    persons = [m for m in mentions if m.kind == "person" and m.name]
    at = _by_token(persons)
    kids = _children(toks)
    out: list[Mention] = []
    for tok in toks:
        if tok.lower not in PRONOUNS or taken[tok.i] or (tok.pos and tok.pos != "PRON"):
            continue
        referent = _governing_subject(toks, kids, tok, at) or _recent_subject(toks, persons, tok)
        if referent is None:
            continue
        piece = Piece(tok.i, tok.i + 1, "pronoun", kind="person")
        m = Mention(tok.i, tok.i + 1, piece, [piece])
        _inherit(m, referent, referent.antecedent or _span(toks, referent))
        out.append(m)
    return out


def _governing_subject(toks: list[Tok], kids: list[list[int]], tok: Tok,
                       at: dict[int, Mention]) -> Mention | None:
    k, steps = tok.head, 0
    while steps < 12:
        if toks[k].pos in ("VERB", "AUX"):
            subject = _subject(toks, kids, k)
            if subject is not None and subject != tok.i and subject in at:
                return at[subject]
        if toks[k].head == k:
            return None
        k, steps = toks[k].head, steps + 1
    return None


def _recent_subject(toks: list[Tok], persons: list[Mention], tok: Tok) -> Mention | None:
    window = [m for m in persons if m.end <= tok.i and tok.sent - 2 <= toks[m.start].sent <= tok.sent]
    subjects = [m for m in window if toks[m.end - 1].dep in ("nsubj", "nsubjpass")]
    pool = subjects or window
    return pool[-1] if pool else None


# possessives ("its territory", "their homes") name what belongs to an actor, not the actor
GROUP_PRONOUNS = {"it": False, "itself": False, "they": True, "them": True, "themselves": True}
COLLECTIVE_KINDS = frozenset({"country", "organization", "group"})


def group_pronoun_mentions(toks: list[Tok], mentions: list[Mention], taken: list[bool]) -> list[Mention]:
    """Mentions for it/they/them that refer to a coded state, organisation or group
    (see the module docstring); others are left out."""
    def fits(m: Mention, plural: bool) -> bool:
        if m.code is None or m.kind not in COLLECTIVE_KINDS:
            return False
        return (m.plural or bool(m.extra)) if plural else not m.plural

    at = _by_token(mentions)
    kids = _children(toks)
    out: list[Mention] = []
    for tok in toks:
        plural = GROUP_PRONOUNS.get(tok.lower)
        if plural is None or taken[tok.i] or (tok.pos and tok.pos != "PRON"):
            continue
        referent = _governing_subject(toks, kids, tok, at)
        if referent is not None and not fits(referent, plural):
            referent = None
        if referent is None and plural:
            window = [m for m in mentions if m.end <= tok.i and tok.sent - 1 <= toks[m.start].sent
                      and toks[m.end - 1].dep in ("nsubj", "nsubjpass") and fits(m, True)]
            referent = window[-1] if window else None
        if referent is None:
            continue
        piece = Piece(tok.i, tok.i + 1, "pronoun", kind=referent.kind)
        m = Mention(tok.i, tok.i + 1, piece, [piece], plural=plural)
        _inherit(m, referent, referent.antecedent or _span(toks, referent))
        m.kind = referent.kind
        for other in referent.extra:
            extra = Mention(tok.i, tok.i + 1, piece, [piece], plural=True)
            _inherit(extra, other, other.antecedent or _span(toks, other))
            m.extra.append(extra)
        out.append(m)
    return out
