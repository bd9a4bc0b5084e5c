"""The embedded event store on DuckDB.

Writes go in batches: all rows of a batch of articles are inserted from Arrow tables inside ONE
transaction, so a run killed at any moment leaves whole articles or nothing. Articles are keyed
by their content hash, so re-ingesting the same content adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from dyad.errors import DyadError, E
from dyad.model import ArticleError, Document
from dyad.store.rows import TableRows, collect_rows
from dyad.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "dyad.duckdb"
T = TypeVar("T")

# Table column types the Arrow batches are cast to (inference fails on all-null/empty columns).
_LIST = pa.list_(pa.string())


def _open(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        target = Path(path)
        if read_only and not target.exists():
            raise DyadError(E.DB_MISSING, path=path)
        if not read_only:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DyadError(E.DB_UNWRITABLE, path=path, detail=exc.strerror or str(exc)) from exc
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DyadError(E.DB_LOCKED, path=path, detail=text.splitlines()[0]) from exc
        raise DyadError(E.DB_UNWRITABLE, path=path, detail=text.splitlines()[0]) from exc
    except duckdb.Error as exc:
        raise DyadError(E.DB_UNWRITABLE, path=path, detail=str(exc).splitlines()[0]) from exc


class EventStore:
    """Articles, events, mentions, entities, attributions and errors in one DuckDB file."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.con = _open(self.path, read_only=read_only)
        self._schemas: dict[str, pa.Schema] = {}
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            rows = self.run("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException:
            return 0
        return int(rows[0][0]) if rows else 0

    def _check_version(self) -> None:
        found = self.schema_version()
        if found > SCHEMA_VERSION:
            raise DyadError(E.DB_NEWER, path=self.path, found=found, supported=SCHEMA_VERSION)

    def _migrate(self) -> None:
        self._check_version()
        current = self.schema_version()
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[version]:
                    self.run(statement)
                self.run("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])

    def run(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        """Execute a statement and consume its result (DuckDB wants results finished)."""
        return self.con.execute(sql, params).fetchall() if params is not None else self.con.execute(sql).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.run("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.run("ROLLBACK")
            raise
        self.run("COMMIT")

    # -- writing --------------------------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored (coded or failed)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        table = pa.table({"id": pa.array(wanted, pa.string())})
        self.con.register("_wanted_ids", table)
        try:
            rows = self.con.execute(
                "SELECT a.id FROM articles a JOIN _wanted_ids w ON a.id = w.id").fetchall()
        finally:
            self.con.unregister("_wanted_ids")
        return {r[0] for r in rows}

    def select_new(self, items: list[T], key: Callable[[T], str], seen: set[str]) -> tuple[list[T], int]:
        """The items whose article id is neither stored nor in ``seen`` (which is updated), and how
        many were skipped: a run codes each article once, and a re-run codes nothing twice."""
        stored = self.known_articles(key(item) for item in items)
        fresh: list[T] = []
        for item in items:
            article_id = key(item)
            if article_id in stored or article_id in seen:
                continue
            seen.add(article_id)
            fresh.append(item)
        return fresh, len(items) - len(fresh)

    def write(self, docs: Iterable[Document], errors: Iterable[ArticleError] = ()) -> int:
        """Store a batch atomically; returns the number of events written."""
        rows = collect_rows(docs, errors)
        self.write_rows(rows)
        return len(rows.events)

    def write_rows(self, rows: TableRows) -> None:
        with self.transaction():
            for table, records in rows.tables().items():
                if records:
                    self._insert(table, records)

    def _insert(self, table: str, records: list[dict[str, Any]]) -> None:
        arrow = pa.Table.from_pylist(records, schema=self._arrow_schema(table))
        name = f"_batch_{table}"
        self.con.register(name, arrow)
        try:
            self.run(f"INSERT INTO {table} BY NAME SELECT * FROM {name} ON CONFLICT DO NOTHING")
        finally:
            self.con.unregister(name)

    def _arrow_schema(self, table: str) -> pa.Schema:
        if table not in self._schemas:
            cols = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
            self._schemas[table] = pa.schema([(name, _arrow_type(kind)) for name, kind in cols])
        return self._schemas[table]

    # -- reading --------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "event_mentions", "entities", "attributions", "errors"):
            out[table] = int(self.run(f"SELECT count(*) FROM {table}")[0][0])
        return out

    def query_events(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        event_type: str | None = None,
        status: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        text: str | None = None,
        article_id: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Event records (the contract's JSON) matching the filters, newest first.

        ``actor``/``recipient`` match a country/organisation code, a name or a sector code.
        Dates filter on the event's own date range, falling back to the publication date.
        """
        where, params = _event_filters(actor=actor, recipient=recipient, event_type=event_type,
                                       status=status, since=since, until=until, text=text,
                                       article_id=article_id)
        sql = (f"SELECT record FROM events {where} "
               "ORDER BY coalesce(date_earliest, date_latest, published) DESC NULLS LAST, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [json.loads(r[0]) for r in self.con.cursor().execute(sql, params).fetchall()]

    def count_events(self, **filters: Any) -> int:
        """How many events match the same filters as :meth:`query_events`."""
        where, params = _event_filters(**filters)
        return int(self.con.cursor().execute(f"SELECT count(*) FROM events {where}", params).fetchall()[0][0])

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        rows = self.con.cursor().execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchall()
        return json.loads(rows[0][0]) if rows else None

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        cur = self.con.cursor().execute(
            "SELECT id, url, title, source, published, published_assumed, language, origin, text, "
            "status, n_events FROM articles WHERE id = ?", [article_id])
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if not rows:
            return None
        out = dict(zip(names, rows[0], strict=True))
        out["published"] = out["published"].isoformat() if out["published"] else None
        return out

    def list_articles(self, *, q: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        where, params = ("WHERE title ILIKE $q OR text ILIKE $q", {"q": f"%{q}%"}) if q else ("", {})
        cur = self.con.cursor()
        total = int(cur.execute(f"SELECT count(*) FROM articles {where}", params).fetchall()[0][0])
        cur = cur.execute(
            f"SELECT id, url, title, source, published, language, status, n_events FROM articles {where} "
            f"ORDER BY published DESC NULLS LAST, id LIMIT {int(limit)} OFFSET {int(offset)}", params)
        names = [d[0] for d in cur.description]
        items = []
        for row in cur.fetchall():
            item = dict(zip(names, row, strict=True))
            item["published"] = item["published"].isoformat() if item["published"] else None
            items.append(item)
        return total, items

    def series(self, *, actor: str | None, recipient: str | None, period: str = "month",
               symmetric: bool = True, **filters: Any) -> list[dict[str, Any]]:
        """Per-period counts and mean PLOVER intensity, split into cooperation and conflict."""
        _check_period(period)
        where, params = _event_filters(**filters)
        clauses = [where[len("WHERE "):]] if where else []
        if actor and recipient:
            params.update(sa=actor, sb=recipient)
            clauses.append(_pair_clause("sa", "sb", symmetric=symmetric))
        elif actor or recipient:
            params["sa"] = actor or recipient
            clauses.append("(list_contains(actor_codes, $sa) OR list_contains(recipient_codes, $sa))")
        sql_where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (f"SELECT CAST(date_trunc('{period}', coalesce(date_earliest, date_latest, published)) AS DATE) AS p, "
               "count(*) AS n, avg(intensity) AS mean_intensity, "
               "count(*) FILTER (WHERE intensity > 0) AS cooperation, "
               "count(*) FILTER (WHERE intensity < 0) AS conflict "
               f"FROM events {sql_where} GROUP BY p ORDER BY p NULLS LAST")
        rows = self.con.cursor().execute(sql, params).fetchall()
        return [{"period": p.isoformat() if p else None, "count": int(n),
                 "mean_intensity": round(float(m), 3) if m is not None else None,
                 "cooperation": int(c), "conflict": int(k)} for p, n, m, c, k in rows]

    def timeline(self, actor: str, recipient: str, *, period: str = "month",
                 symmetric: bool = True) -> list[dict[str, Any]]:
        """Per-period counts of events between two actors, by event type."""
        _check_period(period)
        pair = _pair_clause("a", "b", symmetric=symmetric)
        sql = (f"SELECT CAST(date_trunc('{period}', coalesce(date_earliest, date_latest, published)) AS DATE) AS p, "
               "event_type, count(*) FROM events WHERE " + pair +
               " GROUP BY p, event_type ORDER BY p NULLS LAST, event_type")
        rows = self.con.cursor().execute(sql, {"a": actor, "b": recipient}).fetchall()
        return [{"period": p.isoformat() if p else None, "event_type": t, "count": int(n)}
                for p, t, n in rows]

    def dyads(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The most active actor -> recipient code pairs."""
        sql = ("SELECT a, r, count(*) AS n FROM (SELECT unnest(actor_codes) AS a, "
               "unnest(recipient_codes) AS r FROM events WHERE len(actor_codes) > 0 "
               "AND len(recipient_codes) > 0) WHERE a <> r GROUP BY a, r ORDER BY n DESC, a, r LIMIT ?")
        return [{"actor": a, "recipient": r, "count": int(n)}
                for a, r, n in self.con.cursor().execute(sql, [limit]).fetchall()]

    def errors(self, *, limit: int = 100) -> list[dict[str, Any]]:
        cur = self.con.cursor().execute(
            "SELECT article_id, origin, stage, code, message, skipped FROM errors "
            "ORDER BY recorded_at, key LIMIT ?", [limit])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_period(period: str) -> None:
    if period not in ("day", "week", "month", "year"):
        raise DyadError(E.BAD_CONFIG, detail=f"period must be day, week, month or year, not {period!r}")


def _pair_clause(a: str, b: str, *, symmetric: bool) -> str:
    """Events from actor $a to recipient $b (either way, or both as actors, when symmetric)."""
    pair = f"(list_contains(actor_codes, ${a}) AND list_contains(recipient_codes, ${b}))"
    if not symmetric:
        return pair
    return (f"({pair} OR (list_contains(actor_codes, ${b}) AND list_contains(recipient_codes, ${a}))"
            f" OR (list_contains(actor_codes, ${a}) AND list_contains(actor_codes, ${b})))")


def _arrow_type(duck_type: str) -> pa.DataType:
    kind = duck_type.upper()
    if kind.endswith("[]"):
        item = kind[:-2]
        return _LIST if item == "VARCHAR" else pa.list_(_arrow_type(item))
    return {
        "VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(), "FLOAT": pa.float32(), "BOOLEAN": pa.bool_(), "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
    }.get(kind, pa.string())


def _event_filters(*, merged: bool = False, **f: Any) -> tuple[str, dict[str, Any]]:
    """WHERE clause and parameters for event queries over ``events`` (or ``merged_events``)."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for key in ("actor", "recipient"):
        if f.get(key):
            params[key] = f[key]
            clauses.append(f"(list_contains({key}_codes, ${key}) OR list_contains({key}_sectors, ${key}) "
                           f"OR list_contains({key}_names, ${key}))")
    if f.get("event_type"):
        params["event_type"] = str(f["event_type"]).upper()
        clauses.append("event_type = $event_type")
    if f.get("status"):
        params["status"] = f["status"]
        clauses.append("status = $status")
    if f.get("since"):
        params["since"] = f["since"]
        clauses.append("coalesce(date_latest, date_earliest, published) >= $since")
    if f.get("until"):
        params["until"] = f["until"]
        clauses.append("coalesce(date_earliest, date_latest, published) <= $until")
    if f.get("text"):
        params["text"] = f"%{f['text']}%"
        clauses.append("(sentence ILIKE $text OR actor_text ILIKE $text OR recipient_text ILIKE $text)")
    if f.get("article_id"):
        params["article_id"] = f["article_id"]
        clauses.append("list_contains(article_ids, $article_id)" if merged else "article_id = $article_id")
    if merged and f.get("min_publishers"):
        params["min_publishers"] = int(f["min_publishers"])
        clauses.append("n_publishers >= $min_publishers")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
