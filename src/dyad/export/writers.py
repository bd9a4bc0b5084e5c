"""Exports of stored events: JSONL (dyad records), CSV and Parquet (flat rows), PLOVER JSON.

The PLOVER form follows the field names of the PLOVER manual's JSON table (``id``, ``date``,
``enddate``, ``actor``/``recipient`` entity objects with ``code``/``sector``/``entity_text``,
``event``, ``mode``, ``context``, ``event_loc``, ``event_text``, ``text_info``, ``cite_info``,
``coder``, ``coded_date``) and keeps dyad's status, factuality and sources as extra named fields.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.store.duckdb_store import EventStore

FORMATS = ("jsonl", "csv", "parquet", "plover")


def export_events(store: EventStore, out: str | Path, *, fmt: str, merged: bool = False) -> int:
    """Write stored events to ``out`` in ``fmt``; returns how many were written.

    ``merged`` exports one row per real-world event (``merged_events``, with corroboration)
    instead of one row per report (``events``)."""
    if fmt not in FORMATS:
        raise DyadError(E.UNKNOWN_FORMAT, origin=str(out), fmt=fmt, available=", ".join(FORMATS))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = "merged_events" if merged else "events"
    if fmt in ("csv", "parquet"):
        return _export_flat(store, target, fmt=fmt, table=table)
    count = 0
    with target.open("w", encoding="utf-8") as fh:
        for record, article in iter_records(store, merged=merged):
            row = plover_record(record, article) if fmt == "plover" else record
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _export_flat(store: EventStore, target: Path, *, fmt: str, table: str) -> int:
    """Every column but the JSON record; CSV has no lists, so lists are joined with '|'."""
    columns = store.run("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_name = ? AND column_name <> 'record' ORDER BY ordinal_position", [table])
    select = ", ".join(
        f"array_to_string({name}, '|') AS {name}" if fmt == "csv" and kind.endswith("[]") else name
        for name, kind in columns)
    options = "(FORMAT CSV, HEADER)" if fmt == "csv" else "(FORMAT PARQUET)"
    path = str(target).replace("'", "''")
    order = "published, cluster_id" if table == "merged_events" else "published, id"
    store.run(f"COPY (SELECT {select} FROM {table} ORDER BY {order}) TO '{path}' {options}")
    return int(store.run(f"SELECT count(*) FROM {table}")[0][0])


def iter_records(store: EventStore, *, merged: bool = False, batch: int = 5000) -> Any:
    """(record, article info) pairs in publication order; a merged record cites its first article."""
    if merged:
        sql = ("SELECT m.record, a.url, a.title, a.source, a.published, a.language FROM merged_events m "
               "LEFT JOIN articles a ON a.id = m.article_ids[1] ORDER BY m.published, m.cluster_id")
    else:
        sql = ("SELECT e.record, a.url, a.title, a.source, a.published, a.language FROM events e "
               "LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.published, e.id")
    cursor = store.con.cursor().execute(sql)
    while rows := cursor.fetchmany(batch):
        for record, url, title, source, published, language in rows:
            yield json.loads(record), {"url": url, "title": title, "source": source,
                                       "published": published, "language": language}


def _plover_entity(entity: dict[str, Any]) -> dict[str, Any]:
    return {"code": entity.get("code"), "sector": entity.get("sector"),
            "entity_text": entity.get("text"), "identifier_id": entity.get("kb_id"),
            "identifier_text": entity.get("name"), "office": entity.get("role")}


def plover_record(record: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """One dyad event record in PLOVER JSON field names."""
    date = record.get("date") or {}
    published = article.get("published")
    pub_iso = published.isoformat() if isinstance(published, dt.date) else published
    loc = record.get("location")
    first = record["mentions"][0]
    return {
        "id": record["id"],
        "has_event": True,
        "date": date.get("earliest") or date.get("latest") or pub_iso,
        "enddate": date.get("latest"),
        "actor": [_plover_entity(a) for a in record.get("actor", [])],
        "recipient": [_plover_entity(r) for r in record.get("recipient", [])],
        "event": [record["event_type"]],
        "mode": [record["mode"]] if record.get("mode") else [],
        "context": list(record.get("contexts") or []),
        "event_loc": ({"name": loc.get("name"), "geonameid": loc.get("geonameid"),
                       "lat": loc.get("lat"), "lon": loc.get("lon"),
                       "country": loc.get("country")} if loc else None),
        "event_text": [m["trigger"]["text"] for m in record["mentions"]],
        "text_info": {"start": first["sentence"]["span"][0], "end": first["sentence"]["span"][1]},
        "cite_info": {"url": article.get("url"), "title": article.get("title"),
                      "publication": article.get("source"), "language": article.get("language")},
        "coder": f"dyad-{record['coder']['name']}-{record['coder']['version']}",
        "coded_date": dt.date.today().isoformat(),
        "cameo": record.get("cameo"),
        "status": record.get("status"),
        "factuality": record.get("factuality"),
        "sources": [a["source"]["text"] for a in record.get("attribution", [])],
        "corroboration": record.get("corroboration"),
    }
