"""The article's country context: which country an actor belongs to when the phrase does not say.

News text names generic actors without a nationality ("people marched", "police said",
"lawmakers voted") and office-holders without a country ("Prime Minister Abdalla Hamdok") when
the article has already made it plain where the story is. PLOVER codes them with that country.
This module reads three cues, strongest first:

1. the *place of the sentence*: a country or large city after a locative preposition in the same
   sentence ("people marched through central Hong Kong", "protesters gathered in Yerevan");
2. the *dateline* ("KHARTOUM, Sudan —"): where the story was filed; its words never become
   actors themselves;
3. the *article's country*: the country most often named by the article's actors, when it clearly
   leads.

Generic groups tied to the place (civilians, police, troops, lawmakers, ...) take cue 1, else
2, else 3; officials and titled people take 2 or 3, and only when that country also leads the
article's mentions (in a story about two countries an unnamed "Foreign Ministry spokeswoman"
stays uncoded rather than be guessed). Named people with no title take nothing from context:
their country comes from the text (nationality words, possessive countries, appositions).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from dyad.extract.actors.lexicon import default_cities
from dyad.extract.actors.mentions import Mention
from dyad.extract.actors.pieces import Tok
from dyad.resolve.actor_codes import ORGANIZATION_CODES
from dyad.resolve.actor_kb import ActorKB, flatten
from dyad.resolve.actor_records import country_codes

# prepositions that put the actors of a clause somewhere
PLACE_PREPS = frozenset({"in", "at", "across", "through", "throughout", "inside", "near", "around",
                         "outside", "into", "within"})
# directions that make "of" locative ("southeast of Homs", "50 km north of the capital")
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                        "southwest", "outskirts"})
# words between a preposition and its place ("in central Hong Kong", "across the capital of")
PLACE_GLUE = frozenset({"the", "central", "downtown", "northern", "southern", "eastern", "western",
                        "northeastern", "northwestern", "southeastern", "southwestern", "north",
                        "south", "east", "west", "mainland", "neighbouring", "neighboring", "capital"})
# sectors of actors that are where the story happens (PLOVER codes them with that country)
PLACE_BOUND = frozenset({"CVL", "COP", "MIL", "LEG", "JUD", "LAB", "REF", "HLH", "EDU", "REL",
                         "OPP", "PTY", "MED", "BUS", "AGR", "CRM", "UAF", "REB", "SPY"})
# sectors of office-holders whose country is the article's country when nothing else says
OFFICIAL = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP"})
# modifiers that put a generic actor on another side than the place ("foreign troops")
NOT_LOCAL = frozenset({"foreign", "international", "allied", "enemy", "coalition", "western",
                       "peacekeeping", "overseas", "outside", "visiting", "exiled", "expatriate",
                       "rival", "neighbouring", "neighboring"})

# qualifiers of plural "groups" and the sector they give (civilians otherwise)
GROUP_QUALIFIERS: dict[str, frozenset[str]] = {
    "NGO": frozenset({"rights", "aid", "humanitarian", "relief", "advocacy", "charity", "charitable"}),
    "BUS": frozenset({"business", "industry", "trade", "lobby", "employers"}),
    "REB": frozenset({"armed", "militant", "rebel", "insurgent", "jihadist", "extremist", "terrorist"}),
    "LAB": frozenset({"labour", "labor", "union", "workers"}),
    "ENV": frozenset({"environmental", "green", "climate"}),
    "OPP": frozenset({"opposition"}),
    "REL": frozenset({"religious", "church"}),
}


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline's extent (characters ``[0, end)``) and the country it names."""

    end: int
    code: str | None
    stands_for: frozenset[str] = frozenset()  # codes the place name stands for ("BRUSSELS": EUR)


def find_dateline_country(text: str, kb: ActorKB) -> Dateline:
    """The dateline of an article ("KYIV, Ukraine —", "MOSCOW —") and its country, if any."""
    from dyad.extract.places.dateline import find_dateline

    toponyms = find_dateline(text)
    if not toponyms:
        return Dateline(0, None)
    end = max(t.end for t in toponyms)
    # the region part ("Ukraine") is the better cue; the city itself next
    stands_for = frozenset(r.code for t in toponyms for i in kb.ids_for(flatten(t.text))
                           for r in kb.records[i].rows[:1] if r.code)
    for n, toponym in enumerate(reversed(toponyms)):
        # the region part ("YEREVAN, Armenia") names a country before any town of that name
        code = place_country(toponym.text, kb, country_first=n == 0 and len(toponyms) > 1)
        if code is not None:
            return Dateline(end, code, stands_for)
    return Dateline(end, None, stands_for)


def place_country(name: str, kb: ActorKB, *, country_first: bool = False) -> str | None:
    """The country of a place name: a large city (GeoNames) or a country or its capital (KB);
    with ``country_first`` a country of that name wins over a city ("Armenia", Colombia)."""
    key = flatten(name)
    if not key:
        return None
    country = next((kb.records[i].rows[0].code for i in kb.ids_for(key)
                    if kb.records[i].kind == "country" and kb.records[i].rows and kb.records[i].rows[0].code),
                   None)
    city = default_cities().get(key)
    return (country or city) if country_first else (city or country)


class ArticleContext:
    """Country cues of one article; fills the codes of mentions that have none."""

    def __init__(self, toks: list[Tok], mentions: list[Mention], kb: ActorKB, dateline: Dateline) -> None:
        self.toks = toks
        self.kb = kb
        self.dateline = dateline
        countries = country_codes() | ORGANIZATION_CODES.keys()
        self.counts: Counter[str] = Counter(m.code for m in mentions if m.code in countries
                                            and not self.in_dateline(m))
        if dateline.code:
            self.counts[dateline.code] += 2
        ranked = self.counts.most_common(2)
        self.leader: str | None = None
        if ranked and (len(ranked) == 1 or ranked[0][1] >= 1.5 * ranked[1][1]) and ranked[0][1] >= 2:
            self.leader = ranked[0][0]
        self.home = dateline.code or self.leader
        self.places = self._sentence_places()

    def _sentence_places(self) -> dict[int, str]:
        """Sentence number -> the country of its first locative place."""
        out: dict[int, str] = {}
        toks = self.toks
        for tok in toks:
            if tok.sent in out or tok.idx < self.dateline.end:
                continue
            # "southeast of Homs", "north of Kyiv": a direction and "of" place the clause too
            directed = tok.lower == "of" and tok.i > 0 and toks[tok.i - 1].lower in DIRECTIONS
            if tok.lower not in PLACE_PREPS and not directed:
                continue
            k = tok.i + 1
            while k < len(toks) and toks[k].lower in PLACE_GLUE and toks[k].sent == tok.sent:
                k += 1
            key = ""
            for j in range(k, min(k + 4, len(toks))):
                if not toks[j].text[:1].isupper() or toks[j].sent != tok.sent:
                    break
                key += toks[j].flat
                code = self._country_key(key) or default_cities().get(key)  # "in Armenia": ARM
                if code is not None:
                    out[tok.sent] = code
                    break
        return out

    def _country_key(self, key: str) -> str | None:
        for kb_id in self.kb.ids_for(key):
            record = self.kb.records[kb_id]
            if record.kind == "country" and record.rows and record.rows[0].code:
                return record.rows[0].code
        return None

    def official_country(self) -> str | None:
        """The country of unplaced officials: the dateline's or the leading one (organisations
        count too), when they agree, only one of them is known, or the dateline's place stands
        for the leader ("BRUSSELS" and the EU)."""
        if self.dateline.code and self.leader and self.dateline.code != self.leader \
                and self.leader not in self.dateline.stands_for:
            return None
        return self.leader or self.dateline.code

    def in_dateline(self, m: Mention) -> bool:
        return self.dateline.end > 0 and self.toks[m.start].idx < self.dateline.end

    def fill_people(self, mentions: list[Mention]) -> None:
        """People with an office but no country ("Prime Minister Abdalla Hamdok", "X, the leader
        of the Free Democrats") before coreference, so that later short mentions inherit it."""
        official = self.official_country()
        if official is None:
            return
        for m in mentions:
            if m.code is None and m.kind == "person" and m.head.type in ("person", "short", "kb") \
                    and m.sector in OFFICIAL and not self._foreign(m):
                m.code = official

    def fill_generic(self, mentions: list[Mention]) -> None:
        """Role-noun mentions left without a country after coreference: place-bound groups take
        the sentence's place, else the dateline's, else the article's country; officials and
        bodies take the official country."""
        official = self.official_country()
        by_span = {(self.toks[m.start].idx, self.toks[m.end - 1].end): m for m in mentions}
        for m in mentions:
            if m.code is not None:
                continue
            if m.antecedent is not None:  # linked before its antecedent had a country
                source = by_span.get(m.antecedent)
                m.code = source.code if source is not None else None
                continue
            if m.head.type not in ("role", "org") or self._foreign(m):
                continue
            owner = self._owner(m, mentions)
            if owner is not None:  # "Lam's government": the person's country
                m.code = owner.code
                continue
            if self._named_inside(m):
                continue
            if m.head.type == "role" and m.sector is None and m.head.role is not None \
                    and m.head.role.phrase == "group" and m.plural:
                m.sector = self._group_sector(m)
            if m.sector is None:
                continue
            code: str | None = None
            if m.sector in PLACE_BOUND and m.head.type == "role":
                code = self.places.get(self.toks[m.start].sent) or self.home
            if code is None and m.sector in OFFICIAL:
                code = official
            m.code = code

    def propagate(self, mentions: list[Mention]) -> None:
        """Mentions linked to an antecedent that got its country late take it too."""
        by_span = {(self.toks[m.start].idx, self.toks[m.end - 1].end): m for m in mentions}
        for m in mentions:
            if m.code is None and m.antecedent is not None:
                source = by_span.get(m.antecedent)
                if source is not None and source is not m:
                    m.code = source.code

    def _group_sector(self, m: Mention) -> str:
        """"pro-democracy groups", "rights groups", "business groups": the sector the qualifier
        gives, civilians by default."""
        words = {t.lower for t in self.toks[m.start:m.head.start]}
        for sector, cues in GROUP_QUALIFIERS.items():
            if words & cues:
                return sector
        return "CVL"

    def _owner(self, m: Mention, mentions: list[Mention]) -> Mention | None:
        """The person named by a short name or a full name inside a body's phrase."""
        for piece in m.pieces:
            if piece is m.head or piece.type not in ("short", "person"):
                continue
            at = piece.ref if piece.type == "short" and piece.ref is not None else piece.start
            for other in mentions:
                if other is not m and other.start <= at < other.end and other.code:
                    return other
        return None

    def _foreign(self, m: Mention) -> bool:
        """"foreign troops", "international observers" (the adjective may be left outside the
        mention when it has no determiner)."""
        lo = max(0, m.start - 3)
        return any(t.lower in NOT_LOCAL and (m.start <= t.i < m.end or m.start <= t.head < m.end)
                   for t in self.toks[lo:m.end])

    def _named_inside(self, m: Mention) -> bool:
        """"Jimmy Sham's supporters", "the Hamas fighters": a name in the phrase tells the side
        better than the place."""
        return any(p.type in ("person", "org", "short") or (p.type == "kb" and p.kind != "country")
                   for p in m.pieces if p is not m.head)
