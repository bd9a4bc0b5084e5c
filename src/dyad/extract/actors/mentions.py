"""Group pieces into actor mentions (maximal noun phrases) and resolve what each one names.

"North Korean leader Kim Jong Un" is one mention: a country piece, a title and a person. The
person is the head; the country and title fill in what the KB does not say. "An official with
knowledge of the meeting plans" is a role head with its prepositional phrase. Coreference
(short names, "the minister", "the two leaders", pronouns) is done afterwards in ``coref``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dyad.extract.actors.lexicon import RoleInfo
from dyad.extract.actors.pieces import Piece, Tok
from dyad.resolve.actor_codes import LEADER_ROLES
from dyad.resolve.actor_kb import ActorKB, KBEntry

DETERMINERS = frozenset({"the", "a", "an", "both", "all", "some", "several", "many", "two", "three",
                         "four", "other", "these", "those", "any", "each"})
MODIFIERS = frozenset({"former", "top", "senior", "acting", "deputy", "chief", "new", "then",
                       "outgoing", "incoming", "interim", "veteran", "longtime", "late", "first",
                       "vice", "ex", "-", "current", "ousted", "exiled", "embattled", "unnamed",
                       "anonymous", "high", "ranking", "high-ranking", "two", "both", "self",
                       "declared", "de", "facto", "caretaker", "transitional", "unidentified",
                       "pro", "anti"})
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "within", "across", "throughout", "near",
                            "around", "outside"})
EXTENSION_PREPS = frozenset({"with", "of", "from", "in", "at", "close", "familiar", "for", "to"})
GOVERNMENT_LIKE = frozenset({"GOV", None})
AMOUNTS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "bn", "m"})
# words that count people ("two Britons", "thousands of Russians")
COUNTING = frozenset({"of", "some", "many", "several", "dozens", "hundreds", "thousands", "two",
                      "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few"})
# "the Gaza Strip", "the West Bank", "the Golan Heights": territories are places, not governments
TERRITORY_WORDS = frozenset({"strip", "bank", "peninsula", "heights", "island", "islands", "valley",
                             "region", "territory", "territories", "province", "oblast", "corridor",
                             "enclave", "basin", "coast", "delta"})
# nouns a demonym modifies as a language name ("the Russian language", "Arabic speakers")
LANGUAGE_NOUNS = frozenset({"language", "speaker", "dialect", "translation", "alphabet", "script",
                            "literature", "grammar", "lesson", "class", "course", "subtitle"})
# "eastern Lebanon", "northern Iraq": a region of the country, a place rather than an actor
COMPASS = frozenset({"eastern", "western", "northern", "southern", "central", "northeastern",
                     "northwestern", "southeastern", "southwestern", "north", "south", "east",
                     "west", "mid"})


@dataclass(slots=True)
class Mention:
    """One actor mention being built: its token span, pieces and resolved fields."""

    start: int
    end: int
    head: Piece
    pieces: list[Piece]
    titles: list[RoleInfo] = field(default_factory=list)
    modifiers: list[Piece] = field(default_factory=list)
    determiner: str | None = None
    former: bool = False
    plural: bool = False
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    kb_id: str | None = None
    kind: str | None = None
    leader: bool = False
    person_key: str | None = None  # who this mention names, for coreference
    antecedent: tuple[int, int] | None = None
    extra: list[Mention] = field(default_factory=list)  # more referents of a plural mention

    @property
    def bare(self) -> bool:
        """A role noun with nothing to say whose it is ("the minister", "officials")."""
        return self.head.type == "role" and not self.modifiers and self.code is None


def _is_glue(tok: Tok) -> bool:
    """Words that may stand between the pieces of one phrase: modifiers, adjectives, numbers and
    noun compounds ("Rwandan planning minister", "Iranian intelligence police")."""
    if tok.lower in MODIFIERS:
        return True
    if tok.pos in ("ADJ", "NUM") and tok.lower != "own":
        return True
    return tok.pos in ("NOUN", "PROPN") and tok.dep == "compound" and tok.head > tok.i


def group_pieces(toks: list[Tok], pieces: list[Piece]) -> list[list[Piece]]:
    """Adjacent pieces (with only modifiers, "'s" after a place, or "of" between them) form one
    noun phrase."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][-1]
            between = toks[last.end:piece.start]
            same_sentence = toks[last.start].sent == toks[piece.start].sent
            if same_sentence and (_joins(last, piece, between)
                                  or _titled_name(toks, last, piece, between)):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return groups


def _titled_name(toks: list[Tok], left: Piece, right: Piece, between: list[Tok]) -> bool:
    """"the American basketball star Brittney Griner": a nationality before a descriptive noun
    that the following name stands in apposition to (no comma) belongs to that person."""
    if left.type != "kb" or left.kind != "country" or not between:
        return False
    if right.type not in ("person", "short") and not (right.type == "kb" and right.kind == "person"):
        return False
    noun, name = between[-1], toks[right.end - 1]
    if noun.pos != "NOUN" or name.dep != "appos" or name.head != noun.i:
        return False
    return all(_is_glue(t) for t in between[:-1])


def _joins(left: Piece, right: Piece, between: list[Tok]) -> bool:
    words = [t.lower for t in between]
    possessive = bool(words) and words[0] in ("'s", "’s") and all(_is_glue(t) for t in between[1:])
    person_title = left.type == "role" and left.role is not None and left.role.kind == "person"
    if left.type in ("person", "short") or (left.type == "kb" and left.kind == "person") \
            or (person_title and possessive):
        # a person modifies only bodies: "the Trump administration", "Abbas's office"
        return (not between or possessive) and right.type == "role" and right.role is not None \
            and right.role.kind in ("group", "organization")
    if not between:
        return True
    if possessive and (
            (left.type in ("kb", "org") and left.kind != "person")
            or (left.type == "role" and left.role is not None and left.role.kind == "organization")):
        return True  # "Russia's foreign minister", "the ministry's spokesman"
    if words[0] == "of" and left.type == "role" and right.type in ("kb", "org") \
            and right.kind != "person" and all(w in ("of", "the") for w in words):
        right.modifier_only = True  # "the president of Russia": Russia modifies the head
        return True
    return all(_is_glue(t) for t in between)


def _left_edge(toks: list[Tok], start: int) -> tuple[int, str | None, bool]:
    """Extend left over determiners and modifiers; returns (start, determiner, former)."""
    det: str | None = None
    former = False
    i = start
    while i > 0:
        prev = toks[i - 1]
        if prev.sent != toks[start].sent:
            break
        if prev.lower in DETERMINERS and prev.pos in ("DET", "NUM", "PRON", "ADJ", ""):
            det = prev.lower if det is None or prev.lower in ("the", "a", "an", "both") else det
            i -= 1
            continue
        if prev.lower in AMOUNTS or "$" in prev.text:
            break
        place_word = prev.pos == "PROPN" and prev.dep == "compound" and prev.head > prev.i
        if _is_glue(prev) and (prev.pos != "PROPN" or prev.lower in MODIFIERS or place_word) and not (prev.pos == "NUM" and prev.tag == "CD"
                                                          and not prev.text.isalpha()):
            former = former or prev.lower in ("former", "ex", "late", "ousted", "exiled")
            i -= 1
            continue
        break
    while i < start and toks[i].pos == "ADJ" and toks[i].lower not in MODIFIERS and det is None:
        i += 1  # leading descriptive adjectives without a determiner stay out
    return i, det, former


def _right_edge(toks: list[Tok], head: Piece, end: int) -> int:
    """For role heads: include a prepositional or adjectival phrase right after the noun
    ("an official with knowledge of the meeting plans", "officials familiar with the talks")."""
    if end >= len(toks):
        return end
    nxt = toks[end]
    if nxt.lower not in EXTENSION_PREPS or nxt.head not in range(head.start, head.end):
        return end
    if nxt.lower == "for" and nxt.head != head.end - 1:
        return end
    right = end
    for tok in toks[end:]:
        if tok.sent != nxt.sent:
            break
        # the subtree of `nxt`: tokens whose head chain reaches nxt before leaving the phrase
        k, steps = tok.i, 0
        while k != nxt.i and toks[k].head != k and steps < 50:
            k, steps = toks[k].head, steps + 1
        if k != nxt.i:
            break
        right = tok.i + 1
    return right


def build_mentions(toks: list[Tok], pieces: list[Piece], *, keep_demonyms: bool = False) -> list[Mention]:
    """Mentions (not yet resolved) from pieces, in text order. ``keep_demonyms`` keeps "Iranian"
    in "the Iranian tanker" (for phrases already known to name an actor)."""
    mentions: list[Mention] = []
    groups = group_pieces(toks, pieces)
    consumed_until = 0
    for group in groups:
        if group[0].start < consumed_until:
            continue  # inside the prepositional phrase of the previous mention
        heads = [p for p in group if not p.modifier_only]
        if (group[-1].modifier_only and group[-1].type == "role" and len(group) > 1
                and all(p.type == "kb" for p in group[:-1] if p.type != "role")):
            heads = [group[-1]]  # "U.S. military" in "U.S. military exercises"
        if not heads:
            continue
        head = heads[-1]
        modifiers = [p for p in group if p is not head and p.type != "role"]
        titles = [p.role for p in group if p.type == "role" and p.role is not None]
        start, det, former = _left_edge(toks, group[0].start)
        if det in ("a", "an") and not titles and head.type != "role" and start < group[0].start:
            start += 1  # "a Colts record", "an NFL team": the article belongs to another noun
        end = group[-1].end
        if head.type == "role" and head.role is not None and head.role.curated:
            end = _right_edge(toks, head, end)
            inside = [p for g in groups for p in g if group[-1].end <= p.start < end]
            modifiers += [p for p in inside if p.type == "kb" and p.kind != "person"]
            # "the forces of President Bashar al-Assad", "a spokesman for Putin": whose they are
            modifiers += [p for p in inside if p.type == "kb" and p.kind == "person"
                          and _owner_phrase(toks, p, head)]
            # "the leader of the Free Democrats", "a spokesman for the rebels": the body's sector
            titles = [p.role for p in inside if p.type == "role" and p.role is not None
                      and not p.modifier_only and p.role.sector not in GOVERNMENT_LIKE
                      and (p.end >= len(toks) or toks[p.end].text != "-")] + titles  # not "rebel-held"
            consumed_until = end
        last = toks[head.end - 1]
        plural = last.tag in ("NNS", "NNPS") or (not last.tag and last.lower.endswith("s"))
        if head.type == "kb" and head.kind == "country" and len(group) == 1 \
                and _demonym_adjective(toks, head) and not plural \
                and (not keep_demonyms or _inside_proper_name(toks, head)):
            continue
        if head.type == "kb" and head.kind == "country" and len(group) == 1 \
                and _demonym_adjective(toks, head) and not plural:
            # "the American missile strike": the article belongs to the noun, not the demonym
            start, det = head.start, None
        mentions.append(Mention(start, end, head, group, titles=titles, modifiers=modifiers,
                                determiner=det, former=former, plural=plural))
    return mentions


def _inside_proper_name(toks: list[Tok], piece: Piece) -> bool:
    """"the Korean War", "the Syrian Civil War": a demonym opening a longer proper name that
    is no actor (the recogniser's event, law or work-of-art name) belongs to that name; "the
    Russian language", "Russian speakers": the word names a language, not the state."""
    head = toks[piece.end - 1].head
    if piece.end - 1 < head < len(toks) and toks[head].lemma in LANGUAGE_NOUNS:
        return True
    nxt = toks[piece.end] if piece.end < len(toks) else None
    if nxt is None or not nxt.text[:1].isupper() or nxt.pos != "PROPN":
        return False
    return nxt.ent in ("EVENT", "LAW", "WORK_OF_ART", "FAC", "PRODUCT", "LANGUAGE") \
        or toks[piece.start].ent in ("EVENT", "LAW", "WORK_OF_ART", "FAC", "PRODUCT")


def _owner_phrase(toks: list[Tok], piece: Piece, head: Piece) -> bool:
    """Whether ``piece`` is the object of an "of"/"for" phrase hanging on the role ``head``
    itself ("the forces of X"), not deeper ("an official with knowledge of X's plans")."""
    last = toks[piece.end - 1]
    if last.dep != "pobj" or not 0 <= last.head < len(toks):
        return False
    prep = toks[last.head]
    return prep.lower in ("of", "for") and head.start <= prep.head < head.end


def _demonym_adjective(toks: list[Tok], piece: Piece) -> bool:
    """"North Korean nuclear facilities": a demonym used as an adjective is not an actor."""
    last = toks[piece.end - 1]
    nxt = toks[piece.end] if piece.end < len(toks) else None
    if last.pos == "ADJ" or last.ent == "NORP":
        return nxt is not None and nxt.pos in ("NOUN", "PROPN", "ADJ")
    return False


# -- resolution ---------------------------------------------------------------------------------
def best_entry(kb: ActorKB, ids: list[str], *, on: dt.date | None) -> KBEntry | None:
    """The most plausible KB actor among same-named ones on that date."""
    entries = [e for e in (kb.entry(i, on=on) for i in ids) if e is not None]
    if not entries:
        return None
    return max(entries, key=lambda e: (e.current, kb.records[e.kb_id].source == "dyad",
                                       e.sector is not None, e.kind == "person"))


def _modifier_code(kb: ActorKB, mention: Mention, *, on: dt.date | None) -> tuple[str | None, str | None]:
    """Code (and sector, for organisations) given by the modifiers: "North Korean", "NATO"."""
    for piece in mention.modifiers:
        if piece.type != "kb" or piece.kind == "person":
            continue
        entry = best_entry(kb, piece.kb_ids, on=on)
        if entry is not None and entry.code:
            return entry.code, (entry.sector if entry.kind != "country" else None)
    return None, None


def _person_modifier(kb: ActorKB, mention: Mention, *, on: dt.date | None) -> KBEntry | None:
    for piece in mention.modifiers:
        if piece.type == "kb" and piece.kind == "person":
            return best_entry(kb, piece.kb_ids, on=on)
    return None


def _title_sector(titles: list[RoleInfo]) -> tuple[str | None, str | None, bool]:
    """Sector, role and leader flag from the titles; a specific sector ("rebel leader") beats
    the generic government one."""
    if not titles:
        return None, None, False
    head = titles[-1]
    specific = [t for t in titles if t.sector not in GOVERNMENT_LIKE]
    if specific and head.sector in GOVERNMENT_LIKE:
        return specific[0].sector, f"{specific[0].phrase} {head.phrase}", False
    return head.sector, head.role, head.leader


def resolve(mention: Mention, toks: list[Tok], kb: ActorKB, *, on: dt.date | None) -> None:
    """Fill code, sector, name, role, kb_id and kind of one mention from KB, titles, modifiers."""
    head = mention.head
    mod_code, mod_sector = _modifier_code(kb, mention, on=on)
    title_sector, title_role, title_leader = _title_sector(mention.titles)
    text = span_text(toks, head.start, head.end)
    if head.type == "kb":
        entry = best_entry(kb, head.kb_ids, on=on)
        if entry is None:
            return
        mention.kb_id, mention.name, mention.kind = entry.kb_id, entry.name, entry.kind
        demonym = len(mention.pieces) == 1 and _demonym_adjective(toks, head)
        mention.code = entry.code or mod_code
        if entry.kind in ("organization", "group") and mod_code and entry.code in _COUNTRY_CODES():
            mention.code = mod_code  # "Myanmar's Supreme Court": a national body of that country
        mention.sector, mention.role = entry.sector, entry.role
        if entry.kind == "person":
            mention.person_key = entry.kb_id
            stale = mention.sector in (None, "ELI") or not entry.current
            if title_sector and stale and not mention.former:
                # the article's own title ("Foreign Minister X") beats the KB's guess of the date
                mention.sector, mention.role = title_sector, title_role
            mention.leader = (mention.role in LEADER_ROLES) or title_leader
        elif entry.kind == "country":
            compass = head.start > 0 and toks[head.start - 1].lower in COMPASS
            territory = toks[head.end - 1].lower in TERRITORY_WORDS  # "the Gaza Strip": a place
            mention.sector = None if compass or demonym or territory or _locative(toks, head) else "GOV"
            if _demonym_people(toks, mention):
                # "An Iranian was arrested", "two Britons": people of that country
                mention.kind = "group" if mention.plural else "person"
                mention.sector, mention.name, mention.kb_id = "CVL", None, None
        elif _locative(toks, head) and _city_country(toks, head):
            # "met in Brussels": the city (in its country), not the body it stands for
            mention.code, mention.sector = _city_country(toks, head), None
        if mention.former and entry.kind == "person" and mention.sector == "GOV":
            mention.sector, mention.role = "ELI", f"former {mention.role or 'official'}"
        return
    if head.type in ("person", "short"):
        mention.kind, mention.name = "person", text
        mention.code, mention.sector, mention.role = mod_code, title_sector or mod_sector, title_role
        mention.leader = title_leader
        mention.person_key = "name:" + text.lower() if head.type == "person" else None
        return
    if head.type == "org":
        mention.kind, mention.name = "organization", text
        mod_code = mod_code or city_country(toks, mention)
        mention.code, mention.sector = mod_code, title_sector or mod_sector
        from dyad.extract.actors.lexicon import default_roles

        # the name's last words as a role phrase: "Air Force", "Defence Force", "Ministry"
        words = [t.lower for t in toks[max(head.start, head.end - 3):head.end]]
        for n in range(len(words), 0, -1):
            info = default_roles().get((*words[-n:-1], toks[head.end - 1].lemma)) \
                or default_roles().get(tuple(words[-n:]))
            if info is not None:
                if mention.sector is None:
                    mention.sector = info.sector
                break
        return
    # a role noun: "North Korean officials", "the minister", "the Trump administration"
    info = head.role
    assert info is not None
    owner = _person_modifier(kb, mention, on=on)
    mention.kind = ("group" if mention.plural and info.kind == "person" else info.kind)
    mention.sector, mention.role, mention.leader = title_sector, title_role, title_leader
    if owner is not None:
        mention.code = owner.code
        mention.name = f"{owner.name} {info.phrase}" if info.kind == "group" else None
        return
    mention.code = mod_code
    if mod_sector and mention.sector in GOVERNMENT_LIKE:
        mention.sector = mod_sector  # "UN officials": IGO
    if info.sector is None:  # "the Islamic State group", "Hamas members": the named group
        named = next((p for p in mention.modifiers if p.type == "kb" and p.kind != "country"), None)
        entry = best_entry(kb, named.kb_ids, on=on) if named else None
        if entry is not None:
            mention.name, mention.kb_id = entry.name, entry.kb_id
    if mention.code is None:
        mention.code = city_country(toks, mention)
    if mention.former and mention.sector == "GOV":
        mention.sector, mention.role = "ELI", f"former {mention.role}"


def city_country(toks: list[Tok], mention: Mention) -> str | None:
    """"police in Lyon", "the Sao Paulo state government": a large city in the phrase (outside
    its head) tells the country."""
    from dyad.extract.actors.lexicon import default_cities

    cities = default_cities()
    for i in range(mention.start, mention.end):
        if mention.head.start <= i < mention.head.end or not toks[i].text[:1].isupper():
            continue
        key = ""
        for j in range(i, min(i + 3, mention.end)):
            key += toks[j].flat
            if key in cities:
                return cities[key]
    return None


def share_coordinated_heads(toks: list[Tok], mentions: list[Mention]) -> None:
    """"the Armenian and Azerbaijani sides", "Russian, Turkish and Iranian leaders": demonyms
    joined by "and", "or" or commas share the noun after the last one, so each takes that
    noun's sector, role and kind (its own country stays)."""
    for n in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[n], mentions[n + 1]
        if m.head.type != "kb" or m.kind != "country" or len(m.pieces) != 1 or m.end >= len(toks):
            continue
        last = toks[m.head.end - 1]
        if last.pos != "ADJ" and last.ent != "NORP":
            continue
        between = toks[m.end:nxt.start]
        if not between or len(between) > 2 or not all(t.lower in ("and", "or", ",") for t in between):
            continue
        first = nxt.pieces[0]
        shares = (first.type == "kb" and first.kind == "country" and first.start == nxt.start
                  and (nxt.head.type == "role" or nxt.kind != "country"))
        if shares and nxt.kind is not None:
            m.kind, m.sector, m.role, m.leader = nxt.kind, nxt.sector, nxt.role, nxt.leader
            m.plural, m.name, m.kb_id = nxt.plural, None, None


def link_appositions(toks: list[Tok], mentions: list[Mention]) -> None:
    """"Fayez Serraj, the prime minister of the Libyan government": a person the KB does not
    know takes country, sector and role from the apposition that describes them."""
    at: dict[int, Mention] = {}
    for m in mentions:
        for k in range(m.start, m.end):
            at[k] = m
    for m in mentions:
        if m.head.type == "role" and m.code is not None:
            _role_before_name(toks, m, at)
        if m.kind != "person":
            continue
        if m.code is not None:
            _name_before_role(toks, m, at)
            continue
        for tok in toks[m.end:min(len(toks), m.end + 12)]:
            if tok.dep == "appos" and m.start <= tok.head < m.end and tok.i in at:
                other = at[tok.i]
                if other is not m and other.head.type == "role":
                    m.code = other.code
                    m.sector = m.sector or other.sector
                    m.role = m.role or other.role
                break


def _name_before_role(toks: list[Tok], person: Mention, at: dict[int, Mention]) -> None:
    """"Viktor Bout, the arms dealer": a role noun in apposition to a person whose country is
    known names that person, so it takes the person's country (its own sector stays)."""
    for tok in toks[person.end:min(len(toks), person.end + 6)]:
        if tok.dep == "appos" and person.start <= tok.head < person.end and tok.i in at:
            other = at[tok.i]
            if other is not person and other.head.type == "role" and other.code is None \
                    and other.kind == "person":
                other.code = person.code
                other.sector = other.sector or person.sector
            return


def _role_before_name(toks: list[Tok], role: Mention, at: dict[int, Mention]) -> None:
    """"the speaker, Ararat Mirzoyan": the name in apposition to a role takes its fields."""
    for tok in toks[role.end:min(len(toks), role.end + 6)]:
        if tok.dep == "appos" and role.start <= tok.head < role.end and tok.i in at:
            other = at[tok.i]
            if other is not role and other.kind == "person" and other.code is None \
                    and other.head.type in ("person", "short"):
                other.code = role.code
                other.sector = other.sector or role.sector
                other.role = other.role or role.role
            return


def nationality_from_appositions(toks: list[Tok], mentions: list[Mention], pieces: list[Piece],
                                 kb: ActorKB, *, on: dt.date | None) -> None:
    """"Karen Miller, an American basketball star", "X, a champion from the United States": an
    apposition that is no actor itself still gives a person the KB does not know a country,
    through a nationality word or a country inside it (the text says so; nothing is guessed)."""
    countries = [p for p in pieces if p.type == "kb" and p.kind == "country"]
    if not countries:
        return
    for m in mentions:
        if m.kind != "person" or m.code is not None or m.head.type not in ("person", "short"):
            continue
        for tok in toks[m.end:min(len(toks), m.end + 10)]:
            if tok.dep != "appos" or not m.start <= tok.head < m.end or tok.pos not in ("NOUN", "PROPN"):
                continue
            inside = [k for k in range(m.end, min(len(toks), tok.i + 8))
                      if toks[k].sent == tok.sent and _describes(toks, k, tok.i)]
            found = next((p for p in countries if p.start in inside), None)
            entry = best_entry(kb, found.kb_ids, on=on) if found is not None else None
            if entry is not None and entry.code:
                m.code = entry.code
                break


# dependencies through which a word describes the noun it hangs on ("an American star", "a
# champion from China"); a clause ("the dealer released by the United States") says something else
DESCRIBING_DEPS = frozenset({"amod", "compound", "nmod", "pobj", "npadvmod", "conj", "cc"})
DESCRIBING_PREPS = frozenset({"from", "of"})


def _describes(toks: list[Tok], k: int, top: int) -> bool:
    """Whether token ``k`` modifies the noun ``top`` as a nationality would: through adjectives,
    compounds and "from"/"of" phrases only, never through a clause."""
    steps = 0
    while k != top and toks[k].head != k and steps < 20:
        tok = toks[k]
        if tok.dep == "prep":
            if tok.lower not in DESCRIBING_PREPS:
                return False
        elif tok.dep not in DESCRIBING_DEPS:
            return False
        k, steps = tok.head, steps + 1
    return k == top


def span_text(toks: list[Tok], start: int, end: int) -> str:
    """The text of tokens ``[start, end)`` with the original spacing."""
    out = toks[start].text
    for tok in toks[start + 1:end]:
        out += (" " if tok.idx > toks[tok.i - 1].idx + len(toks[tok.i - 1].text) else "") + tok.text
    return out


def _COUNTRY_CODES() -> frozenset[str]:
    from dyad.resolve.actor_records import country_codes

    return country_codes()


def _demonym_people(toks: list[Tok], mention: Mention) -> bool:
    """A nationality noun naming people: singular ("the American"), or counted ("two Britons",
    "thousands of Russians"); a bare plural ("the Americans agreed") may stand for the state."""
    last = toks[mention.head.end - 1]
    if last.ent not in ("NORP", "") or last.pos not in ("NOUN", "PROPN") or len(mention.pieces) != 1:
        return False
    if last.ent == "" and not mention.plural:
        return False  # a singular country word the recogniser does not call a nationality
    if last.dep == "compound" or (mention.head.end < len(toks) and toks[mention.head.end].lower in ("'s", "’s")):
        return False
    if not mention.plural:
        return True
    before = toks[max(0, mention.start - 2):mention.head.start]
    return any(t.pos == "NUM" or t.tag == "CD" or t.lower in COUNTING for t in before)


def _city_country(toks: list[Tok], piece: Piece) -> str | None:
    from dyad.extract.actors.lexicon import default_cities

    return default_cities().get("".join(t.flat for t in toks[piece.start:piece.end]))


def _locative(toks: list[Tok], piece: Piece) -> bool:
    """"in North Korea": a country named as a place, not acting."""
    head = toks[piece.end - 1]
    if head.dep == "pobj" and 0 <= head.head < len(toks):
        return toks[head.head].lower in LOCATIVE_PREPS
    return False
