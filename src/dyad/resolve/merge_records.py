"""Build the merged record of a cluster of reports: one event, every mention, its corroboration.

The merged record has the shape of an event record (the contract's JSON) with the cluster id as
``id``; its ``mentions`` list every report's mentions, each with the report's ``event_id``,
``article_id``, ``publisher``, ``published`` date and its OWN ``status``; ``status`` is the
reconciled status (:func:`dyad.resolve.merge.reconcile_status`); ``corroboration`` counts the
distinct articles and publishers and lists the reports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dyad.resolve.merge import reconcile_status

# json.dumps(record, ensure_ascii=False) without building an encoder per record
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else (str(value) if value is not None else None)


def _union(rows: Iterable[dict[str, Any]], column: str) -> list[str]:
    return sorted({v for r in rows for v in (r.get(column) or []) if v})


def _majority(values: Iterable[Any], *, prefer: Any = None) -> Any:
    """The most frequent non-null value; ties go to ``prefer`` when it is tied, else the smallest."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    tied = sorted((v for v, c in counts.items() if c == top), key=str)
    return prefer if prefer in tied else tied[0]


def _precise(row: dict[str, Any]) -> bool:
    return row.get("date_precision") not in (None, "report") and (
        row.get("date_earliest") is not None or row.get("date_latest") is not None)


def _date_row(rows: list[dict[str, Any]], fallback: dict[str, Any]) -> dict[str, Any]:
    """The member whose date to keep: the narrowest resolved date most reports agree on."""
    precise = [r for r in rows if _precise(r)]
    if not precise:
        return fallback
    agree = Counter((r.get("date_earliest"), r.get("date_latest")) for r in precise)

    def width(r: dict[str, Any]) -> int:
        lo, hi = r.get("date_earliest") or r.get("date_latest"), r.get("date_latest") or r.get("date_earliest")
        return (hi - lo).days if isinstance(lo, dt.date) and isinstance(hi, dt.date) else 10**6

    return min(precise, key=lambda r: (width(r), -agree[(r.get("date_earliest"), r.get("date_latest"))],
                                       str(r.get("date_earliest")), r["id"]))


def _place_basis(row: dict[str, Any]) -> str | None:
    """How the report's location was found (``Place.basis``), from its stored record."""
    location = json.loads(row["record"]).get("location") if row.get("location_name") else None
    return location.get("basis") if isinstance(location, dict) else None


def _picks(rows: list[dict[str, Any]]) -> tuple[str | None, dict[str, Any], Any, dict[str, Any], dict[str, Any]]:
    """What a cluster keeps from its members (sorted by report date): the reconciled status, the
    representative report, the majority type, the member whose date and the one whose place to keep."""
    status = reconcile_status((r.get("reported"), r["article_id"], r.get("status")) for r in rows)
    # The representative report: one with the reconciled status, most confident, earliest id.
    rep = min(rows, key=lambda r: (r.get("status") != status, -(r.get("confidence") or 0.0), r["id"]))
    event_type = _majority((r["event_type"] for r in rows), prefer=rep["event_type"])
    date_row = _date_row(rows, rep)
    # the place most reports give, among those found in the reports' text when any are (a place
    # taken from the dateline is where a report was filed)
    placed = [r for r in rows if _place_basis(r) == "text"] or rows
    place = _majority((r.get("location_name") for r in placed),
                      prefer=rep.get("location_name") if any(r is rep for r in placed) else None)
    place_row = next((r for r in [rep, *placed] if r.get("location_name") == place), rep)
    return status, rep, event_type, date_row, place_row


@dataclass(frozen=True)
class MergedRecord:
    """What of a merged row needs Python: the picks among the members and the merged record.
    (The store computes the other columns from the picks in SQL; :func:`merged_row` is the
    whole row in Python, the definition those columns follow.)"""

    cluster_id: str
    event_type: Any
    status: str | None
    rep: dict[str, Any]
    date_row: dict[str, Any]
    place_row: dict[str, Any]
    n_mentions: int
    record: str


def merged_record(cluster_id: str, rows: list[dict[str, Any]]) -> MergedRecord:
    """The picks and the contract-shaped record of one cluster from its members' ``events`` rows
    (+ ``publisher``, ``reported``: the article's source and publication date)."""
    if len(rows) == 1:  # most events are reported once: every pick of ``_picks`` is that report
        (row,) = rows
        status, rep, event_type, date_row, place_row = row.get("status") or None, row, row["event_type"], row, row
    else:
        rows = sorted(rows, key=lambda r: (r.get("reported") or dt.date.min, r["id"]))
        status, rep, event_type, date_row, place_row = _picks(rows)
    articles = sorted({r["article_id"] for r in rows})
    publishers = sorted({r["publisher"] for r in rows if r.get("publisher")})
    record = json.loads(rep["record"])
    parsed = {rep["id"]: record}
    mentions: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for r in rows:
        own = parsed[r["id"]] if r is rep else parsed.setdefault(r["id"], json.loads(r["record"]))
        meta = {"event_id": r["id"], "article_id": r["article_id"], "publisher": r.get("publisher"),
                "published": _iso(r.get("reported"))}
        reports.append(meta | {"event_type": r["event_type"], "status": r.get("status")})
        for m in own.get("mentions", []):
            mentions.append(m | meta | {"status": m.get("status") or r.get("status")})
    record = record | {
        "id": cluster_id, "event_type": event_type, "status": status,
        "date": parsed[date_row["id"]].get("date"), "location": parsed[place_row["id"]].get("location"),
        "mentions": mentions,
        "corroboration": {"n_reports": len(rows), "n_articles": len(articles), "n_publishers": len(publishers),
                          "publishers": publishers, "reports": reports},
    }
    return MergedRecord(cluster_id, event_type, status, rep, date_row, place_row, len(mentions),
                        _ENCODER.encode(record))


def merged_row(cluster_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``merged_events`` row of one cluster from its members' ``events`` rows (+ ``publisher``,
    ``reported``: the article's source and publication date)."""
    merged = merged_record(cluster_id, rows)
    rows = sorted(rows, key=lambda r: (r.get("reported") or dt.date.min, r["id"]))
    rep, date_row, place_row = merged.rep, merged.date_row, merged.place_row
    articles = sorted({r["article_id"] for r in rows})
    publishers = sorted({r["publisher"] for r in rows if r.get("publisher")})
    return {
        "cluster_id": cluster_id, "event_type": merged.event_type, "mode": rep.get("mode"), "cameo": rep.get("cameo"),
        "contexts": _union(rows, "contexts"),
        "actor_codes": _union(rows, "actor_codes"), "actor_sectors": _union(rows, "actor_sectors"),
        "actor_names": _union(rows, "actor_names"), "actor_text": rep.get("actor_text"),
        "recipient_codes": _union(rows, "recipient_codes"),
        "recipient_sectors": _union(rows, "recipient_sectors"),
        "recipient_names": _union(rows, "recipient_names"), "recipient_text": rep.get("recipient_text"),
        "status": merged.status, "statuses": [r.get("status") or "" for r in rows],
        "factuality": rep.get("factuality"), "intensity": rep.get("intensity"),
        "date_value": date_row.get("date_value"), "date_earliest": date_row.get("date_earliest"),
        "date_latest": date_row.get("date_latest"), "date_precision": date_row.get("date_precision"),
        "location_name": place_row.get("location_name"), "location_country": place_row.get("location_country"),
        "lat": place_row.get("lat"), "lon": place_row.get("lon"), "geonameid": place_row.get("geonameid"),
        "sources": _union(rows, "sources"), "confidence": max((r.get("confidence") or 0.0) for r in rows),
        "sentence": rep.get("sentence"), "trigger": rep.get("trigger"),
        "published": rows[0].get("reported"), "last_published": rows[-1].get("reported"),
        "n_events": len(rows), "n_mentions": merged.n_mentions, "n_articles": len(articles),
        "n_publishers": len(publishers), "event_ids": [r["id"] for r in rows], "article_ids": articles,
        "publishers": publishers, "record": merged.record,
    }


def merged_records(members: Iterable[dict[str, Any]], assignment: dict[str, str]) -> list[MergedRecord]:
    """:func:`merged_record` of every cluster in ``assignment`` (event id -> cluster id)."""
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in members:
        by_cluster[assignment[row["id"]]].append(row)
    return [merged_record(c, by_cluster[c]) for c in sorted(by_cluster)]


def merged_rows(members: Iterable[dict[str, Any]], assignment: dict[str, str]) -> list[dict[str, Any]]:
    """``merged_events`` rows of every cluster in ``assignment`` (event id -> cluster id)."""
    by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in members:
        by_cluster[assignment[row["id"]]].append(row)
    return [merged_row(c, by_cluster[c]) for c in sorted(by_cluster)]
