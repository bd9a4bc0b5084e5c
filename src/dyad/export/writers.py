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

# Flat columns of the CSV/Parquet exports (lists joined or kept as lists by the format).
FLAT_COLUMNS = (
    "id, article_id, event_type, mode, cameo, contexts, actor_codes, actor_sectors, actor_names, "
    "actor_text, recipient_codes, recipient_sectors, recipient_names, recipient_text, status, "
    "factuality, date_value, date_earliest, date_latest, date_precision, location_name, "
    "location_country, lat, lon, geonameid, sources, confidence, coder, coder_version, ontology, "
    "sentence, trigger, published"
)


def export_events(store: EventStore, out: str | Path, *, fmt: str) -> int:
    """Write every stored event to ``out`` in ``fmt``; returns the number of events written."""
    if fmt not in FORMATS:
        raise DyadError(E.UNKNOWN_FORMAT, origin=str(out), fmt=fmt, available=", ".join(FORMATS))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("csv", "parquet"):
        return _export_flat(store, target, fmt=fmt)
    count = 0
    with target.open("w", encoding="utf-8") as fh:
        for record, article in iter_records(store):
            row = plover_record(record, article) if fmt == "plover" else record
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _export_flat(store: EventStore, target: Path, *, fmt: str) -> int:
    columns = FLAT_COLUMNS
    if fmt == "csv":  # CSV has no lists: join them with '|'
        columns = ", ".join(
            f"array_to_string({c.strip()}, '|') AS {c.strip()}"
            if c.strip() in {"contexts", "actor_codes", "actor_sectors", "actor_names",
                             "recipient_codes", "recipient_sectors", "recipient_names", "sources"}
            else c.strip()
            for c in FLAT_COLUMNS.split(",")
        )
    options = "(FORMAT CSV, HEADER)" if fmt == "csv" else "(FORMAT PARQUET)"
    path = str(target).replace("'", "''")
    store.run(f"COPY (SELECT {columns} FROM events ORDER BY published, id) TO '{path}' {options}")
    return int(store.run("SELECT count(*) FROM events")[0][0])


def iter_records(store: EventStore, batch: int = 5000) -> Any:
    cursor = store.con.cursor().execute(
        "SELECT e.record, a.url, a.title, a.source, a.published, a.language FROM events e "
        "LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.published, e.id")
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
    }
