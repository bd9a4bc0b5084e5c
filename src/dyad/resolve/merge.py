"""Cross-article event merging: one real-world event, many reports, counted once.

Each stored event (one per event per article) becomes a :class:`MergeItem`. Candidate pairs come
from blocking, never from all pairs: compatible event types (a planned summit coded AGREE and the
held summit coded CONSULT), a shared actor/recipient code (participants for symmetric types), and
overlapping date windows (report-level dates get a tolerance around the publication date). A pair
is scored by the text similarity of its evidence (each event's own words: the mention sentences
without the attributions' sources and cues, the words around the trigger weighted up; see
:func:`evidence_of`) plus agreement of type, actors, place, date and status; pairs scoring at
least ``threshold`` are links. Links are joined strongest first (ties by event id), never joining
two clusters that share an article (the in-article ``merge`` stage owns that), so the clusters
depend only on the set of events, not on their order. A cluster's id is its smallest event id.

Every score is a function of the pair alone, so merging new events into stored clusters
(:func:`dyad.store.clusters.merge_store`) gives the same clusters as merging everything at once.

``candidate_pairs``, ``score_pair`` and ``cluster_links`` are the readable definitions;
``link_items`` and the store evaluate them in bulk with numpy (:mod:`dyad.resolve.merge_batch`),
with identical results (tests compare the two bit for bit).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dyad.errors import DyadError, E
from dyad.resolve.merge_ecb import cluster_mentions
from dyad.resolve.merge_text import (
    EVIDENCE_VERSION,
    MentionText,
    Span,
    SparseVector,
    blend,
    cosine,
    dense_cosine,
    event_evidence,
    evidence_vector,
    resolve_backend,
)

__all__ = [
    "STAGED_TYPES",
    "SYMMETRIC_TYPES",
    "Link",
    "MergeItem",
    "MergeSettings",
    "candidate_pairs",
    "cluster_items",
    "cluster_links",
    "cluster_mentions",
    "compatible_group",
    "compatible_types",
    "evidence_of",
    "link_items",
    "reconcile_status",
    "score_pair",
    "with_vectors",
]

# Types whose actor and recipient are interchangeable: "A met B" is "B met A".
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})

# Types that reports of ONE event plausibly disagree on (a summit announced as AGREE and reported
# as CONSULT; a truce signed (SUPPORT/AGREE), declared (CONCEDE) or observed (RETREAT)).
_COMPATIBLE: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"AGREE"}),
    "AGREE": frozenset({"CONSULT", "SUPPORT", "CONCEDE"}),
    "SUPPORT": frozenset({"AGREE"}),
    "CONCEDE": frozenset({"AGREE", "RETREAT"}),
    "RETREAT": frozenset({"CONCEDE"}),
    "ASSAULT": frozenset({"COERCE"}),
    "COERCE": frozenset({"ASSAULT", "SANCTION"}),
    "SANCTION": frozenset({"COERCE"}),
}

# What place evidence linking uses (part of ``MergeSettings.key``): "text" places only, since a
# location the locator took from the dateline says where a report was filed, not where the event was.
PLACE_EVIDENCE = "text"

# Types whose events are institutional decisions taken in stages over days (a sanctions package
# agreed at a summit on Monday, formally adopted on Friday, in force the next week): their
# resolved dates get ``decision_tolerance_days`` instead of ``date_tolerance_days``.
STAGED_TYPES = frozenset({"SANCTION"})

REALIS = frozenset({"occurred", "ongoing"})
DEFINITE = frozenset({"occurred", "ongoing", "negated"})
# When two reports on the same day disagree, the more definite reading is kept.
_STATUS_RANK = {"occurred": 6, "ongoing": 5, "negated": 4, "planned": 3, "possible": 2, "hypothetical": 1}


def compatible_types(a: str, b: str) -> bool:
    """Can reports of one event carry these two types?"""
    return a == b or b in _COMPATIBLE.get(a, frozenset())


def compatible_group(event_type: str) -> frozenset[str]:
    """The types a report of this type may merge with (itself included)."""
    return _COMPATIBLE.get(event_type, frozenset()) | {event_type}


def _type_groups() -> dict[str, str]:
    """Each type's blocking group: the connected groups of the compatibility relation."""
    group: dict[str, str] = {}
    for start in sorted(_COMPATIBLE):
        if start in group:
            continue
        stack, members = [start], set()
        while stack:
            t = stack.pop()
            if t not in members:
                members.add(t)
                stack.extend(_COMPATIBLE.get(t, ()))
        for t in members:
            group[t] = min(members)
    return group


_GROUP = _type_groups()


@dataclass(frozen=True)
class MergeSettings:
    """Knobs of cross-article merging (stored with the clusters: changing them means re-merging)."""

    threshold: float = 0.42
    report_tolerance_days: int = 5  # a report-level date: the event is within this many days of publication
    date_tolerance_days: int = 1    # a resolved date: time zones and "overnight" reports
    decision_tolerance_days: int = 2  # a resolved date of a STAGED_TYPES event (agreed, then adopted)
    max_window_days: int = 62       # longer date ranges (a year, "this fall") are too vague to block on
    # Text similarity: "lexical", "minilm" (lexical blended with MiniLM embeddings, the ``[ml]``
    # extra) or "auto" (minilm when the extra is installed). Lexical is the default because it
    # measured better and costs nothing (bench/merge_similarity.py: on ECB+ cross-document pairs
    # the ranking AUC of coreferent pairs is 0.718 lexical (0.742 with the trigger window that
    # merging now uses, merge_text.evidence_vector), 0.696 MiniLM, 0.714 blended; on the
    # sample corpus, with the scorer of the time, the blend found 9 of 15 clusters, lexical 10), while MiniLM
    # embeds every candidate event once (tens of events/s on 2 cores).
    backend: str = "lexical"

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 2.0:
            raise DyadError(E.MERGE_BAD_OPTION, detail=f"threshold must be in (0, 2], not {self.threshold}")
        if min(self.report_tolerance_days, self.date_tolerance_days, self.decision_tolerance_days,
               self.max_window_days) < 0:
            raise DyadError(E.MERGE_BAD_OPTION, detail="day tolerances must not be negative")
        if self.decision_tolerance_days > max(self.report_tolerance_days, self.date_tolerance_days):
            # the store's incremental search widens stored windows by the larger of those two
            raise DyadError(E.MERGE_BAD_OPTION,
                            detail="decision_tolerance_days must not exceed report_tolerance_days")
        resolve_backend(self.backend)  # an unknown backend fails here, with the catalogue's message

    @property
    def text_backend(self) -> str:
        """The backend in use: ``auto`` resolved against what is installed."""
        return resolve_backend(self.backend)

    def key(self) -> str:
        """The settings as stored with the clusters (the resolved backend: installing the ``[ml]``
        extra later means a full re-merge)."""
        return (f"threshold={self.threshold};report_tol={self.report_tolerance_days};"
                f"date_tol={self.date_tolerance_days};decision_tol={self.decision_tolerance_days};"
                f"max_window={self.max_window_days};"
                f"backend={self.text_backend};evidence={EVIDENCE_VERSION};places={PLACE_EVIDENCE}")


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _spans(values: Any) -> list[Span]:
    return [(int(v[0]), int(v[1])) for v in values or () if v is not None and len(v) == 2
            and v[0] is not None and v[1] is not None]


def evidence_of(row: dict[str, Any]) -> tuple[str, str]:
    """The compared text of a stored event (own words, focus: :func:`dyad.resolve.merge_text.event_evidence`)
    from a row with ``mentions`` (sentence, start, trigger_start, trigger_end, in mention order),
    ``cut_spans`` (the attributions' sources and cues) and ``keep_spans`` (actor and recipient
    mentions); without mentions, the row's ``text`` or ``sentence`` is both."""
    mentions = [MentionText(m["sentence"], m.get("start"), m.get("trigger_start"), m.get("trigger_end"))
                for m in row.get("mentions") or () if m and m.get("sentence")]
    if not mentions:
        text = row.get("text") or row.get("sentence") or ""
        return text, text
    return event_evidence(mentions, cut=_spans(row.get("cut_spans")), keep=_spans(row.get("keep_spans")))


@dataclass(frozen=True)
class MergeItem:
    """What merging needs to know of one stored event."""

    id: str
    article_id: str
    event_type: str
    actor_codes: frozenset[str] = frozenset()
    recipient_codes: frozenset[str] = frozenset()
    date_earliest: dt.date | None = None
    date_latest: dt.date | None = None
    date_precision: str | None = None
    published: dt.date | None = None
    status: str | None = None
    # the event's place as its own text gives it: the store leaves out a location taken from the
    # dateline (``Place.basis``), which is where the report was filed
    location: str | None = None  # geonameid or lower-cased name
    country: str | None = None
    text: str = ""  # the event's own words (see evidence_of)
    publisher: str | None = None
    vector: tuple[float, ...] | None = field(default=None, compare=False)
    focus: str = ""  # the words around the trigger and the participants' names ("": all of ``text``)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MergeItem:
        """From an ``events`` row joined with its article's ``source`` (as ``publisher``)."""
        geo = row.get("geonameid")
        name = row.get("location_name")
        text, focus = evidence_of(row)
        return cls(
            id=row["id"], article_id=row["article_id"], event_type=str(row["event_type"]).upper(),
            actor_codes=frozenset(row.get("actor_codes") or ()),
            recipient_codes=frozenset(row.get("recipient_codes") or ()),
            date_earliest=_as_date(row.get("date_earliest")), date_latest=_as_date(row.get("date_latest")),
            date_precision=row.get("date_precision"), published=_as_date(row.get("published")),
            status=row.get("status"), location=str(geo) if geo is not None else (name.lower() if name else None),
            country=row.get("location_country"), text=text,
            publisher=row.get("publisher"), vector=row.get("vector"), focus=focus,
        )

    @property
    def participants(self) -> frozenset[str]:
        return self.actor_codes | self.recipient_codes

    @property
    def precise_date(self) -> bool:
        return (self.date_precision not in (None, "report")
                and (self.date_earliest is not None or self.date_latest is not None))

    @property
    def day(self) -> dt.date | None:
        """The one day a precisely dated event happened on (None for ranges and report dates)."""
        if not self.precise_date:
            return None
        lo = self.date_earliest or self.date_latest
        hi = self.date_latest or self.date_earliest
        return lo if lo == hi else None

    def window(self, settings: MergeSettings) -> tuple[dt.date, dt.date] | None:
        """The days the event may have happened on, widened by the tolerances; None if unknown."""
        if self.precise_date:
            lo = self.date_earliest or self.date_latest
            hi = self.date_latest or self.date_earliest
            assert lo is not None and hi is not None
            if (hi - lo).days <= settings.max_window_days:
                tol = dt.timedelta(days=settings.decision_tolerance_days if self.event_type in STAGED_TYPES
                                   else settings.date_tolerance_days)
                return lo - tol, hi + tol
        anchor = self.published or self.date_latest or self.date_earliest
        if anchor is None:
            return None
        tol = dt.timedelta(days=settings.report_tolerance_days)
        return anchor - tol, anchor + tol


@dataclass(frozen=True, order=True)
class Link:
    """A scored pair of events that passed blocking, ``a < b`` by id."""

    a: str
    b: str
    score: float


def _actors_agree(x: MergeItem, y: MergeItem) -> float | None:
    """Jaccard agreement of the actors in [0, 1]; None when the codes contradict each other."""
    px, py = x.participants, y.participants
    if not px or not py:
        return 0.0
    if not px & py:
        return None
    symmetric = (x.event_type != y.event_type or x.event_type in SYMMETRIC_TYPES
                 or not x.recipient_codes or not y.recipient_codes)
    if not symmetric:
        if x.actor_codes and y.actor_codes and not x.actor_codes & y.actor_codes:
            return None
        if not x.recipient_codes & y.recipient_codes:
            return None
    return len(px & py) / len(px | py)


def _place_agreement(x: MergeItem, y: MergeItem) -> float:
    """1 for the same place, -1 for places in different countries, else 0. Only reports of an
    event that took place disagree on its place: a planned or possible event is placed by where
    it was announced (often the dateline), not by where it will happen."""
    if x.location and y.location and x.location == y.location:
        return 1.0
    if x.country and y.country and x.country != y.country and x.status in REALIS and y.status in REALIS:
        return -1.0
    return 0.0


def _status_conflict(x: MergeItem, y: MergeItem) -> bool:
    """Reports that contradict each other without a time order to resolve it (happened vs not)."""
    pair = {x.status, y.status}
    return "negated" in pair and bool(pair & REALIS)


def text_similarity(x: MergeItem, y: MergeItem, vx: SparseVector, vy: SparseVector) -> float:
    """The lexical cosine of the evidence, blended with the embeddings' cosine when both events
    carry a vector (:func:`dyad.resolve.merge_text.blend`)."""
    lexical = cosine(vx, vy)
    if x.vector is not None and y.vector is not None:
        return blend(lexical, dense_cosine(x.vector, y.vector))
    return lexical


def score_pair(x: MergeItem, y: MergeItem, *, vectors: dict[str, SparseVector] | None = None,
               settings: MergeSettings = MergeSettings()) -> float | None:
    """The merge score of two events, or None when they cannot be one event."""
    if x.article_id == y.article_id or not compatible_types(x.event_type, y.event_type):
        return None
    wx, wy = x.window(settings), y.window(settings)
    if wx is None or wy is None or wx[0] > wy[1] or wy[0] > wx[1]:
        return None
    actors = _actors_agree(x, y)
    if actors is None:
        return None
    vx = vectors[x.id] if vectors is not None else evidence_vector(x.text, x.focus)
    vy = vectors[y.id] if vectors is not None else evidence_vector(y.text, y.focus)
    score = text_similarity(x, y, vx, vy)
    score += 0.10 * (x.event_type == y.event_type) + 0.10 * actors + 0.10 * _place_agreement(x, y)
    score += 0.05 * (x.precise_date and y.precise_date)
    score += 0.05 * (x.day is not None and x.day == y.day)  # both reports name the same day
    score -= 0.15 * _status_conflict(x, y)
    return round(score, 6)


def _sweep(items: Sequence[MergeItem], windows: dict[str, tuple[dt.date, dt.date]],
           *, pair_with: Any = None) -> Iterator[tuple[MergeItem, MergeItem]]:
    """Pairs of items whose windows overlap, by a sweep over window starts."""
    ordered = sorted(items, key=lambda it: (windows[it.id][0], it.id))
    active: list[MergeItem] = []
    for item in ordered:
        start = windows[item.id][0]
        active = [a for a in active if windows[a.id][1] >= start]
        for other in active:
            if pair_with is None or pair_with(other, item):
                yield other, item
        active.append(item)


def candidate_pairs(items: Sequence[MergeItem], *, settings: MergeSettings = MergeSettings(),
                    only: set[str] | None = None) -> list[tuple[MergeItem, MergeItem]]:
    """Blocked candidate pairs (each once, ``a.id < b.id``), optionally only pairs touching ``only``."""
    windows = {it.id: w for it in items if (w := it.window(settings)) is not None}
    blocks: dict[tuple[str, str], list[MergeItem]] = defaultdict(list)
    uncoded_groups: dict[str, list[MergeItem]] = defaultdict(list)
    for it in items:
        if it.id not in windows:
            continue
        group = _GROUP.get(it.event_type, it.event_type)
        uncoded_groups[group].append(it)
        for code in it.participants:
            blocks[(group, code)].append(it)
    seen: set[tuple[str, str]] = set()
    out: list[tuple[MergeItem, MergeItem]] = []

    def add(x: MergeItem, y: MergeItem) -> None:
        a, b = (x, y) if x.id < y.id else (y, x)
        if a.article_id == b.article_id or (only is not None and a.id not in only and b.id not in only):
            return
        if (a.id, b.id) not in seen:
            seen.add((a.id, b.id))
            out.append((a, b))

    for key in sorted(blocks):
        for x, y in _sweep(blocks[key], windows):
            add(x, y)
    # Events without any actor code can only be blocked on type and date.
    for group in sorted(uncoded_groups):
        for x, y in _sweep(uncoded_groups[group], windows,
                           pair_with=lambda p, q: not p.participants or not q.participants):
            add(x, y)
    out.sort(key=lambda p: (p[0].id, p[1].id))
    return out


def link_items(items: Sequence[MergeItem], *, settings: MergeSettings = MergeSettings(),
               only: set[str] | None = None) -> list[Link]:
    """Scored links (score >= threshold) among the items (optionally only those touching ``only``),
    sorted by ids: ``score_pair`` over ``candidate_pairs``, evaluated in bulk with numpy
    (:mod:`dyad.resolve.merge_batch`, identical to the pair-by-pair definition)."""
    from dyad.resolve.merge_batch import link_batch

    return link_batch(items, settings=settings, only=only)


@dataclass
class _Cluster:
    """What a growing cluster must stay consistent with: its articles, types and common window."""

    articles: set[str]
    types: set[str]
    window: tuple[dt.date, dt.date] | None

    def joinable(self, other: _Cluster) -> bool:
        if self.articles & other.articles:
            return False  # two reports of one article: the in-article stage's call, not ours
        if not all(compatible_types(a, b) for a in self.types for b in other.types):
            return False  # CONSULT ~ AGREE ~ SUPPORT must not chain a meeting to a signing
        if self.window is None or other.window is None:
            return True
        return self.window[0] <= other.window[1] and other.window[0] <= self.window[1]

    def absorb(self, other: _Cluster) -> None:
        self.articles |= other.articles
        self.types |= other.types
        if self.window is None or other.window is None:
            self.window = self.window or other.window
        else:
            self.window = (max(self.window[0], other.window[0]), min(self.window[1], other.window[1]))


def cluster_links(items: Iterable[MergeItem], links: Iterable[Link], *,
                  settings: MergeSettings = MergeSettings()) -> dict[str, str]:
    """Cluster id (smallest member id) of every item.

    Links are joined strongest first (ties by ids). Two clusters join only when they share no
    article, their types are pairwise compatible and their members' date windows still have a
    common day: daily reports of a war or of talks cannot chain into one event across weeks.
    """
    by_id = {it.id: it for it in items}
    parent: dict[str, str] = {}
    state: dict[str, _Cluster] = {}

    def find(e: str) -> str:
        if e not in parent:  # events without links stay alone: no state until a link needs it
            parent[e] = e
            it = by_id[e]
            state[e] = _Cluster({it.article_id}, {it.event_type}, it.window(settings))
            return e
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    for link in sorted(links, key=lambda k: (-k.score, k.a, k.b)):
        if link.a not in by_id or link.b not in by_id:
            continue
        ra, rb = find(link.a), find(link.b)
        if ra == rb or not state[ra].joinable(state[rb]):
            continue
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        parent[drop] = keep
        state[keep].absorb(state.pop(drop))
    return {e: find(e) if e in parent else e for e in sorted(by_id)}


def with_vectors(items: Sequence[MergeItem], *, settings: MergeSettings = MergeSettings()) -> list[MergeItem]:
    """The items with MiniLM vectors of their text when the settings' backend is ``minilm`` (items
    that carry a vector keep it); unchanged with the lexical backend."""
    if settings.text_backend != "minilm":
        return list(items)
    from dataclasses import replace

    from dyad.resolve.merge_text import embed_matrix

    missing = [it for it in items if it.vector is None]
    rows = embed_matrix([it.text for it in missing]).astype(float).tolist() if missing else []
    vectors = {it.id: tuple(r) for it, r in zip(missing, rows, strict=True)}
    return [replace(it, vector=vectors[it.id]) if it.id in vectors else it for it in items]


def cluster_items(items: Sequence[MergeItem], *, settings: MergeSettings = MergeSettings()) -> dict[str, str]:
    """Batch merge: event id -> cluster id for every item (embedded first with the minilm backend)."""
    ordered = sorted(with_vectors(items, settings=settings), key=lambda it: it.id)
    links = link_items(ordered, settings=settings)
    return cluster_links(ordered, links, settings=settings)


def reconcile_status(reports: Iterable[tuple[dt.date | None, str, str | None]]) -> str | None:
    """The status of a merged event from its reports ``(published, article_id, status)``.

    The latest definite report (occurred, ongoing, negated) wins: a summit planned in one report
    and held in a later one occurred. Without a definite report, the latest report wins. Reports of
    the same day are ordered by how definite they are, then by article id.
    """
    known = [(p or dt.date.min, _STATUS_RANK.get(s, 0), a, s) for p, a, s in reports if s]
    if not known:
        return None
    definite = [r for r in known if r[3] in DEFINITE]
    return max(definite or known)[3]
