"""Merged events in the store: clusters of reports of one real-world event, with corroboration.

``merge_store`` links the store's events (see :mod:`dyad.resolve.merge`) and keeps three tables
(schema migration 2): ``event_links`` (scored links between reports), ``event_clusters`` (each
event's cluster, named by its smallest event id) and ``merged_events`` (one row per cluster: the
reconciled status, the number of distinct articles and publishers, and a contract-shaped record
whose ``mentions`` carry each report's own article, publisher and status). Incremental runs link
only the NEW events (to the stored events that share a blocking key with them) and re-cluster
only the link components they touch (found by a recursive query over the stored links); because
link scores depend on the pair alone and clustering on the links alone, the result equals a full
re-merge.

Speed (``bench/merge.py``): events load as columns straight from Arrow and are linked and
clustered in bulk (:mod:`dyad.resolve.merge_batch`); Python builds only each cluster's picks and
record (:func:`dyad.resolve.merge_records.merged_record`), and one SQL insert derives the other
columns of ``merged_events`` from them.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from dyad.errors import DyadError, E
from dyad.resolve.merge import MergeItem, MergeSettings, compatible_group
from dyad.resolve.merge_batch import ItemColumns, LinkColumns, VectorSource, cluster_columns, link_columns
from dyad.resolve.merge_records import merged_records
from dyad.resolve.merge_text import EVIDENCE_VERSION, MINILM_MODEL
from dyad.store.duckdb_store import EventStore, _event_filters

SETTINGS_KEY = "merge_settings"
# The ``model`` key of cached embeddings: the model and the definition of the text it embeds
# (an event's own words, merge_text.EVIDENCE_VERSION): vectors of an older text are not reused.
VECTOR_MODEL = f"{MINILM_MODEL};{EVIDENCE_VERSION}"

def _spans(path: str) -> str:
    """SQL: the ``[start, end]`` spans at a JSON path of the event record (an empty list if none)."""
    return f"coalesce(CAST(json_extract(e.record, '$.{path}.span') AS INTEGER[][]), [])"


# A location the locator took from the dateline (where the report was filed, not where the event
# happened: a strike on Syria reported from Washington and from Moscow) says nothing about whether
# two reports are one event, so linking sees no place for it.
_TEXT_PLACE = "coalesce(json_extract_string(e.record, '$.location.basis'), '') <> 'dateline'"

# What linking needs of an event; its evidence (merge.evidence_of): the mentions' sentences and
# triggers, the spans of its attributions' sources and cues and of its actors and recipients.
_ITEM_SQL = f"""
SELECT e.id, e.article_id, e.event_type, e.actor_codes, e.recipient_codes, e.date_earliest,
       e.date_latest, e.date_precision, coalesce(e.published, a.published) AS published, e.status,
       CASE WHEN {_TEXT_PLACE} THEN e.location_name END AS location_name,
       CASE WHEN {_TEXT_PLACE} THEN e.location_country END AS location_country,
       CASE WHEN {_TEXT_PLACE} THEN e.geonameid END AS geonameid, a.source AS publisher,
       e.sentence AS text, m.mentions,
       list_concat({_spans("attribution[*].source")}, {_spans("attribution[*].cue")}) AS cut_spans,
       list_concat({_spans("actor[*]")}, {_spans("recipient[*]")}) AS keep_spans
FROM events e
LEFT JOIN articles a ON a.id = e.article_id
LEFT JOIN (SELECT event_id, list(struct_pack(sentence := sentence, start := sentence_start,
                                             trigger_start := trigger_start, trigger_end := trigger_end)
                                 ORDER BY idx) AS mentions
           FROM event_mentions {{mentions_of}} GROUP BY event_id) m ON m.event_id = e.id
"""

# What clustering needs of an event (no evidence text: the component of an incremental run can
# hold far more events than the new ones link to).
_WINDOW_SQL = """
SELECT e.id, e.article_id, e.event_type, e.date_earliest, e.date_latest, e.date_precision,
       coalesce(e.published, a.published) AS published
FROM events e LEFT JOIN articles a ON a.id = e.article_id
"""

# What the picks and the record of a merged event need of each member (merge_records).
_MEMBER_SQL = """
SELECT e.id, e.article_id, e.event_type, e.status, e.confidence, e.date_earliest, e.date_latest,
       e.date_precision, e.location_name, e.record, a.source AS publisher,
       coalesce(e.published, a.published) AS reported
FROM events e JOIN _ids ON _ids.id = e.id LEFT JOIN articles a ON a.id = e.article_id
ORDER BY e.id
"""

# The other columns of merged_events, from the picks (_parts) and the members (_assigned):
# the column-by-column SQL of merge_records.merged_row (lists of distinct non-empty values,
# sorted; members in report order, undated reports first, then by id).
_UNION_COLUMNS = ("contexts", "actor_codes", "actor_sectors", "actor_names", "recipient_codes",
                  "recipient_sectors", "recipient_names", "sources")
_MERGED_SQL = f"""
INSERT INTO merged_events BY NAME
WITH m AS (
    SELECT c.cluster_id, e.*, a.source AS publisher, coalesce(e.published, a.published) AS reported
    FROM _assigned c JOIN events e ON e.id = c.event_id LEFT JOIN articles a ON a.id = e.article_id
), agg AS (
    SELECT cluster_id,
           {", ".join(f"list_sort(list_distinct(list_filter(flatten(list(coalesce({c}, []))), lambda v: v <> ''))) AS {c}"
                      for c in _UNION_COLUMNS)},
           list(coalesce(status, '') ORDER BY reported NULLS FIRST, id) AS statuses,
           max(coalesce(confidence, 0.0)) AS confidence,
           list(reported ORDER BY reported NULLS FIRST, id) AS reported_list,
           count(*) AS n_events,
           list(id ORDER BY reported NULLS FIRST, id) AS event_ids,
           list_sort(list_distinct(list(article_id))) AS article_ids,
           coalesce(list_sort(list_distinct(list(publisher) FILTER (WHERE publisher <> ''))), []) AS publishers
    FROM m GROUP BY cluster_id
)
SELECT p.cluster_id, p.event_type, r.mode, r.cameo, r.actor_text, r.recipient_text, p.status,
       r.factuality, r.intensity, d.date_value, d.date_earliest, d.date_latest, d.date_precision,
       pl.location_name, pl.location_country, pl.lat, pl.lon, pl.geonameid, r.sentence, r.trigger,
       {", ".join(f"agg.{c}" for c in _UNION_COLUMNS)}, agg.statuses, agg.confidence,
       agg.reported_list[1] AS published, agg.reported_list[-1] AS last_published,
       agg.n_events, p.n_mentions, len(agg.article_ids) AS n_articles, len(agg.publishers) AS n_publishers,
       agg.event_ids, agg.article_ids, agg.publishers, p.record
FROM _parts p JOIN agg USING (cluster_id)
JOIN events r ON r.id = p.rep_id JOIN events d ON d.id = p.date_id JOIN events pl ON pl.id = p.place_id
"""


def _fetch(store: EventStore, sql: str, params: Any = None) -> list[dict[str, Any]]:
    # The store's own connection: it sees registered Arrow tables and the open transaction.
    cur = store.con.execute(sql, params) if params is not None else store.con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _with_ids(store: EventStore, ids: Iterable[str], sql: str, params: Any = None) -> list[dict[str, Any]]:
    """Run ``sql`` (which may join the temporary table ``_ids(id)``) for a set of ids."""
    table = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
    store.con.register("_ids", table)
    try:
        return _fetch(store, sql, params)
    finally:
        store.con.unregister("_ids")


def _insert(store: EventStore, table: str, columns: dict[str, list[Any]]) -> None:
    """One Arrow batch insert of whole columns (typed by the table's schema)."""
    if not columns or not len(next(iter(columns.values()))):
        return
    schema = store._arrow_schema(table)
    arrow = pa.table({name: pa.array(values, schema.field(name).type) for name, values in columns.items()})
    store.con.register("_batch_merge", arrow)
    try:
        store.run(f"INSERT INTO {table} BY NAME SELECT * FROM _batch_merge ON CONFLICT DO NOTHING")
    finally:
        store.con.unregister("_batch_merge")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Merging builds many small objects and keeps them all: the cyclic collector would only
    walk them again and again (no cycles are made)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_items(store: EventStore, *, ids: Iterable[str] | None = None, text: bool = True) -> list[MergeItem]:
    """The store's events (or those with ``ids``) as merge items, sorted by id; without ``text``
    only what clustering needs (article, type, date window)."""
    if ids is None:
        sql = _ITEM_SQL.format(mentions_of="") if text else _WINDOW_SQL
        rows = _fetch(store, sql + " ORDER BY e.id")
    else:  # only the mentions of these events are aggregated
        sql = _ITEM_SQL.format(mentions_of="SEMI JOIN _ids ON _ids.id = event_id") if text else _WINDOW_SQL
        rows = _with_ids(store, ids, sql + " JOIN _ids ON _ids.id = e.id ORDER BY e.id")
    return [MergeItem.from_row(r) for r in rows]


def load_columns(store: EventStore, settings: MergeSettings, *, ids: Iterable[str] | None = None,
                 text: bool = True) -> ItemColumns:
    """What ``load_items`` loads, as the columns linking and clustering work on (one Arrow fetch)."""
    if ids is None:
        sql = _ITEM_SQL.format(mentions_of="") if text else _WINDOW_SQL
        table = store.con.sql(sql).to_arrow_table()
    else:
        sql = _ITEM_SQL.format(mentions_of="SEMI JOIN _ids ON _ids.id = event_id") if text else _WINDOW_SQL
        store.con.register("_ids", pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))
        try:
            table = store.con.sql(sql + " JOIN _ids ON _ids.id = e.id").to_arrow_table()
        finally:
            store.con.unregister("_ids")
    return ItemColumns.from_arrow(table, settings)


def vector_source(store: EventStore, settings: MergeSettings) -> VectorSource | None:
    """Embeddings of events for the minilm backend (None with the lexical one): read from
    ``event_vectors``; the missing ones are embedded and stored there (a cache outside the merge
    transaction: a vector depends only on its event's text)."""
    if settings.text_backend != "minilm":
        return None
    from dyad.resolve.merge_text import embed_matrix

    def source(ids: list[str], texts: list[str]) -> Any:
        rows = _with_ids(store, ids, "SELECT v.event_id, v.vector FROM event_vectors v "
                                     "JOIN _ids ON _ids.id = v.event_id WHERE v.model = ?", [VECTOR_MODEL])
        known = {r["event_id"]: r["vector"] for r in rows}
        missing = [i for i, e in enumerate(ids) if e not in known]
        if missing:
            fresh = embed_matrix([texts[i] for i in missing])
            _insert(store, "event_vectors", {"event_id": [ids[i] for i in missing],
                                             "model": [VECTOR_MODEL] * len(missing),
                                             "vector": fresh.tolist()})
            known.update(zip((ids[i] for i in missing), fresh, strict=True))
        return np.array([known[e] for e in ids], np.float32)

    return source


def _stored_settings(store: EventStore) -> str | None:
    rows = store.run("SELECT value FROM meta WHERE key = ?", [SETTINGS_KEY])
    return str(rows[0][0]) if rows else None


def merge_store(store: EventStore, *, incremental: bool = True,
                settings: MergeSettings | None = None) -> dict[str, Any]:
    """Merge the store's events across articles; returns what was done.

    With ``incremental`` (the default) only events not yet in ``event_clusters`` are linked, to
    each other and to the stored events, and only the clusters they touch are rebuilt. A store
    merged with other settings is re-merged in full.
    """
    if store.read_only:
        raise DyadError(E.DB_UNWRITABLE, path=store.path, detail="opened read-only")
    with _gc_paused():
        return _merge(store, incremental=incremental, settings=settings or MergeSettings())


def _merge(store: EventStore, *, incremental: bool, settings: MergeSettings) -> dict[str, Any]:
    started = time.perf_counter()
    previous = _stored_settings(store)
    has_clusters = int(store.run("SELECT count(*) FROM event_clusters")[0][0]) > 0
    full = not incremental or not has_clusters or previous != settings.key()
    if full:
        cols = load_columns(store, settings)
        found = link_columns(cols, threshold=settings.threshold, vectors=vector_source(store, settings))
        roots = cluster_columns(cols, found).tolist()
        assignment = {e: cols.ids[r] for e, r in zip(cols.ids, roots, strict=True)}
        links = _LinkRows([cols.ids[i] for i in found.a.tolist()], [cols.ids[i] for i in found.b.tolist()],
                          found.score.tolist())
        with store.transaction():
            for table in ("event_links", "event_clusters", "merged_events"):
                store.run(f"DELETE FROM {table}")
            _write(store, links, assignment, old_clusters=())
            store.run("INSERT OR REPLACE INTO meta VALUES (?, ?)", [SETTINGS_KEY, settings.key()])
        new_events = len(cols.ids)
    else:
        new_ids = [r[0] for r in store.run(
            "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_clusters) ORDER BY id")]
        new_events = len(new_ids)
        links, assignment, old = (_incremental(store, new_ids, settings) if new_ids
                                  else (_LinkRows([], [], []), {}, set()))
        if new_ids:
            with store.transaction():
                _write(store, links, assignment, old_clusters=old)
    return {"mode": "full" if full else "incremental", "new_events": new_events,
            "links": len(links.a), "clusters_rebuilt": len(set(assignment.values())),
            "seconds": round(time.perf_counter() - started, 3)}


def _stored_candidates(store: EventStore, new_items: list[MergeItem], settings: MergeSettings) -> list[str]:
    """Stored events that may pair with a new one: a compatible type, a shared actor code (or no
    code on either side) and a window that can overlap (a superset computed by a range join in
    DuckDB; the exact test is ``score_pair``'s)."""
    windows = [(w, it) for it in new_items if (w := it.window(settings)) is not None]
    if not windows:
        return []
    table = pa.table({
        "lo": pa.array([w[0] for w, _ in windows], pa.date32()),
        "hi": pa.array([w[1] for w, _ in windows], pa.date32()),
        "types": pa.array([sorted(compatible_group(it.event_type)) for _, it in windows], pa.list_(pa.string())),
        "codes": pa.array([sorted(c for c in it.participants if c is not None) for _, it in windows],
                          pa.list_(pa.string())),
    })
    tol = max(settings.report_tolerance_days, settings.date_tolerance_days) + 1
    store.con.register("_win", table)
    try:
        ids = [r["id"] for r in _with_ids(store, [it.id for it in new_items], f"""
            WITH ev AS (
                SELECT e.id, upper(e.event_type) AS event_type, coalesce(e.published, a.published) AS p,
                       least(coalesce(e.date_earliest, e.date_latest, p), p) - INTERVAL {tol} DAY AS lo,
                       greatest(coalesce(e.date_latest, e.date_earliest, p), p) + INTERVAL {tol} DAY AS hi,
                       list_concat(coalesce(e.actor_codes, []), coalesce(e.recipient_codes, [])) AS codes
                FROM events e LEFT JOIN articles a ON a.id = e.article_id
                WHERE e.id NOT IN (SELECT id FROM _ids))
            SELECT DISTINCT ev.id FROM ev JOIN _win w
              ON ev.lo <= w.hi AND ev.hi >= w.lo AND list_contains(w.types, ev.event_type)
             AND (len(w.codes) = 0 OR len(ev.codes) = 0 OR list_has_any(w.codes, ev.codes))""")]
    finally:
        store.con.unregister("_win")
    return ids


_CLOSURE_SQL = """
WITH RECURSIVE edges AS (
    SELECT event_a AS x, event_b AS y FROM event_links UNION ALL SELECT event_b, event_a FROM event_links
), reach(id) AS (
    SELECT id FROM _ids
    UNION
    SELECT edges.y FROM reach JOIN edges ON edges.x = reach.id
)
SELECT id FROM reach
"""


def _linked_closure(store: EventStore, seeds: set[str]) -> set[str]:
    """The seeds and every event a chain of stored links reaches from them (a recursive query)."""
    return {r["id"] for r in _with_ids(store, seeds, _CLOSURE_SQL)}


@dataclass
class _LinkRows:
    """Links to store, as columns of event ids and scores."""

    a: list[str]
    b: list[str]
    score: list[float]


def _component_links(store: EventStore, ids: list[str]) -> tuple[list[int], list[int], list[float]]:
    """The stored links between events of ``ids`` as positions in ``ids``."""
    store.con.register("_comp", pa.table({"id": pa.array(ids, pa.string()),
                                          "idx": pa.array(range(len(ids)), pa.int64())}))
    try:
        got = store.con.execute("""
            SELECT x.idx AS a, y.idx AS b, l.score FROM event_links l
            JOIN _comp x ON x.id = l.event_a JOIN _comp y ON y.id = l.event_b""").fetchnumpy()
    finally:
        store.con.unregister("_comp")
    return got["a"].tolist(), got["b"].tolist(), got["score"].tolist()


def _incremental(store: EventStore, new_ids: list[str],
                 settings: MergeSettings) -> tuple[_LinkRows, dict[str, str], set[str]]:
    """New links touching the new events; the clusters of the link components they reach that
    changed (event -> cluster) and the stored clusters those replace."""
    new_items = load_items(store, ids=new_ids)
    fresh = set(new_ids)
    near = load_columns(store, settings, ids=_stored_candidates(store, new_items, settings) + new_ids)
    found = link_columns(near, threshold=settings.threshold, only=np.array([e in fresh for e in near.ids], bool),
                         vectors=vector_source(store, settings))
    links = found.links(near.ids)
    # The link components the new events belong to, over stored and new links: new links touch
    # only the new events and their partners, so the closure of those over stored links.
    component = _linked_closure(store, fresh | {e for k in links for e in (k.a, k.b)})
    cols = load_columns(store, settings, ids=component, text=False)
    a, b, score = _component_links(store, cols.ids)
    index = {e: i for i, e in enumerate(cols.ids)}
    a += [index[k.a] for k in links]
    b += [index[k.b] for k in links]
    score += [k.score for k in links]
    roots = cluster_columns(cols, LinkColumns(np.array(a, np.int64), np.array(b, np.int64),
                                              np.array(score, np.float64))).tolist()
    assignment = {e: cols.ids[r] for e, r in zip(cols.ids, roots, strict=True)}
    old_groups: dict[str, set[str]] = defaultdict(set)
    for r in _with_ids(store, cols.ids,
                       "SELECT c.event_id, c.cluster_id FROM event_clusters c JOIN _ids ON _ids.id = c.event_id"):
        old_groups[r["cluster_id"]].add(r["event_id"])
    new_groups: dict[str, set[str]] = defaultdict(set)
    for event_id, cluster_id in assignment.items():
        new_groups[cluster_id].add(event_id)
    unchanged = {c for c, members in new_groups.items() if old_groups.get(c) == members}
    changed = {e: c for e, c in assignment.items() if c not in unchanged}
    return _LinkRows([k.a for k in links], [k.b for k in links], [k.score for k in links]), changed, \
        set(old_groups) - unchanged


def _write(store: EventStore, links: _LinkRows, assignment: dict[str, str], *, old_clusters: Iterable[str]) -> None:
    """Store new links, the (re)assigned events and their rebuilt merged rows (inside a transaction)."""
    _insert(store, "event_links", {"event_a": links.a, "event_b": links.b, "score": links.score})
    old = sorted(set(old_clusters))
    if old:
        store.con.register("_old", pa.table({"id": pa.array(old, pa.string())}))
        try:
            store.run("DELETE FROM merged_events WHERE cluster_id IN (SELECT id FROM _old)")
        finally:
            store.con.unregister("_old")
    if assignment:
        store.con.register("_assigned", pa.table({"id": pa.array(sorted(assignment), pa.string())}))
        try:
            store.run("DELETE FROM event_clusters WHERE event_id IN (SELECT id FROM _assigned)")
        finally:
            store.con.unregister("_assigned")
    ordered = sorted(assignment.items())
    _insert(store, "event_clusters", {"event_id": [e for e, _ in ordered], "cluster_id": [c for _, c in ordered]})
    parts = merged_records(_with_ids(store, assignment, _MEMBER_SQL), assignment)
    if not parts:
        return
    tables = {
        "_assigned": pa.table({"event_id": pa.array([e for e, _ in ordered], pa.string()),
                               "cluster_id": pa.array([c for _, c in ordered], pa.string())}),
        "_parts": pa.table({
            "cluster_id": pa.array([p.cluster_id for p in parts], pa.string()),
            "event_type": pa.array([p.event_type for p in parts], pa.string()),
            "status": pa.array([p.status for p in parts], pa.string()),
            "rep_id": pa.array([p.rep["id"] for p in parts], pa.string()),
            "date_id": pa.array([p.date_row["id"] for p in parts], pa.string()),
            "place_id": pa.array([p.place_row["id"] for p in parts], pa.string()),
            "n_mentions": pa.array([p.n_mentions for p in parts], pa.int32()),
            "record": pa.array([p.record for p in parts], pa.string()),
        }),
    }
    for name, table in tables.items():
        store.con.register(name, table)
    try:
        store.run(_MERGED_SQL)
    finally:
        for name in tables:
            store.con.unregister(name)


def _merged_filters(**f: Any) -> tuple[str, dict[str, Any]]:
    """WHERE clause over ``merged_events`` with the semantics of ``EventStore.query_events``."""
    return _event_filters(merged=True, **f)


def query_merged_events(
    store: EventStore,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    event_type: str | None = None,
    status: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str | None = None,
    article_id: str | None = None,
    min_publishers: int | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Merged event records matching the filters of ``EventStore.query_events``, newest first.

    ``article_id`` matches every merged event that article reports; ``min_publishers`` keeps
    events corroborated by at least that many distinct publishers. Run :func:`merge_store` first
    (events not merged yet are not listed).
    """
    where, params = _merged_filters(actor=actor, recipient=recipient, event_type=event_type, status=status,
                                    since=since, until=until, text=text, article_id=article_id,
                                    min_publishers=min_publishers)
    sql = (f"SELECT record FROM merged_events {where} "
           "ORDER BY coalesce(date_earliest, date_latest, published) DESC NULLS LAST, cluster_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [json.loads(r[0]) for r in store.con.cursor().execute(sql, params).fetchall()]


def count_merged_events(store: EventStore, **filters: Any) -> int:
    """How many merged events match the filters of :func:`query_merged_events`."""
    where, params = _merged_filters(**filters)
    return int(store.con.cursor().execute(f"SELECT count(*) FROM merged_events {where}", params).fetchall()[0][0])


def clusters(store: EventStore) -> dict[str, list[str]]:
    """Cluster id -> sorted member event ids."""
    out: dict[str, list[str]] = defaultdict(list)
    for event_id, cluster_id in store.run("SELECT event_id, cluster_id FROM event_clusters ORDER BY event_id"):
        out[cluster_id].append(event_id)
    return dict(out)
