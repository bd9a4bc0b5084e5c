"""Flatten Documents into table rows (one dict per row), ready for a batched Arrow insert."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dyad.model import ArticleError, Document, Event, stable_id
from dyad.model.intensity import intensity


@dataclass
class TableRows:
    """Rows for each table, collected over a batch of documents."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_mentions: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "articles": self.articles, "events": self.events, "event_mentions": self.event_mentions,
            "entities": self.entities, "attributions": self.attributions, "errors": self.errors,
        }


def event_row(event: Event, *, published: dt.date | None) -> dict[str, Any]:
    """The ``events`` row of one event (list columns for multi-actor events)."""
    date, loc = event.date, event.location
    return {
        "id": event.id, "article_id": event.article_id, "event_type": event.event_type,
        "mode": event.mode, "cameo": event.cameo, "contexts": list(event.contexts),
        "actor_codes": [a.code for a in event.actor if a.code],
        "actor_sectors": [a.sector for a in event.actor if a.sector],
        "actor_names": [a.name for a in event.actor if a.name],
        "actor_text": "; ".join(a.text for a in event.actor),
        "recipient_codes": [r.code for r in event.recipient if r.code],
        "recipient_sectors": [r.sector for r in event.recipient if r.sector],
        "recipient_names": [r.name for r in event.recipient if r.name],
        "recipient_text": "; ".join(r.text for r in event.recipient),
        "status": event.status, "factuality": event.factuality,
        "intensity": intensity(event.event_type, event.mode),
        "date_value": date.value if date else None,
        "date_earliest": date.earliest if date else None,
        "date_latest": date.latest if date else None,
        "date_precision": date.precision if date else None,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "sources": [a.source.text for a in event.attribution],
        "confidence": event.confidence, "coder": event.coder.name,
        "coder_version": event.coder.version, "ontology": event.ontology,
        "sentence": event.sentence.text, "trigger": event.trigger.text,
        "published": published,
        "record": json.dumps(event.to_dict(), ensure_ascii=False),
    }


def error_row(error: ArticleError, *, now: dt.datetime) -> dict[str, Any]:
    key = stable_id(error.origin, error.article_id, error.stage, error.code)
    return {"key": key, "article_id": error.article_id, "origin": error.origin,
            "stage": error.stage, "code": error.code, "message": error.message,
            "skipped": error.skipped, "recorded_at": now}


def collect_rows(docs: Iterable[Document], errors: Iterable[ArticleError] = ()) -> TableRows:
    """All rows for a batch: coded documents, failed documents and input-level errors."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = TableRows()
    for doc in docs:
        art = doc.article
        failed = bool(doc.errors)
        rows.articles.append({
            "id": art.id, "url": art.url, "title": art.title, "source": art.source,
            "published": art.published, "published_assumed": art.published_assumed,
            "language": art.language, "origin": art.origin, "text": art.text,
            "status": "failed" if failed else "coded",
            "n_events": 0 if failed else len(doc.events), "ingested_at": now,
        })
        rows.errors.extend(error_row(e, now=now) for e in doc.errors)
        if failed:
            continue  # a failed article keeps its reason, not half-made records
        for event in doc.events:
            rows.events.append(event_row(event, published=art.published))
            for idx, m in enumerate(event.mentions):
                rows.event_mentions.append({
                    "event_id": event.id, "idx": idx, "article_id": m.article_id or art.id,
                    "sentence_start": m.sentence.start, "sentence_end": m.sentence.end,
                    "sentence": m.sentence.text, "trigger_start": m.trigger.start,
                    "trigger_end": m.trigger.end, "trigger": m.trigger.text,
                    "status": m.status or event.status,
                })
        for idx, ent in enumerate(doc.actors):
            rows.entities.append({
                "article_id": art.id, "idx": idx, "start_char": ent.start, "end_char": ent.end,
                "text": ent.text, "code": ent.code, "sector": ent.sector, "name": ent.name,
                "role": ent.role, "kb_id": ent.kb_id, "kind": ent.kind,
            })
        for idx, att in enumerate(doc.attributions):
            rows.attributions.append({
                "article_id": art.id, "idx": idx, "source_text": att.source.text,
                "source_start": att.source.start, "source_end": att.source.end,
                "source_code": att.source.code, "source_sector": att.source.sector,
                "cue_text": att.cue.text if att.cue else None,
                "cue_start": att.cue.start if att.cue else None,
                "cue_end": att.cue.end if att.cue else None,
                "content_start": att.content.start if att.content else None,
                "content_end": att.content.end if att.content else None,
                "kind": att.kind, "parent": att.parent,
            })
    rows.errors.extend(error_row(e, now=now) for e in errors)
    return rows
