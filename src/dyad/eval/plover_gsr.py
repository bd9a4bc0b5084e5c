"""The ``plover-gsr`` scorer: the PLOVER gold-standard records (CAMEO manual examples, PLOVER v0.5b1).

The records use the 2016 labels. They are mapped to the 16 current PLOVER types through the
CAMEO-to-PLOVER table of the PLOVER manual (``PLOVER_MANUAL.tex``, section "CAMEO to PLOVER
translation"), since each old label is a CAMEO cue category:

==============  ================  ==========================================================
old label       current type      manual's reason
==============  ================  ==========================================================
DEMAND          REQUEST           CAMEO 10 DEMAND -> REQUEST
DISAPPROVE      ACCUSE            CAMEO 11 DISAPPROVE -> ACCUSE
INVESTIGATE     ACCUSE            CAMEO 09 INVESTIGATE -> ACCUSE
FIGHT           ASSAULT           CAMEO 19 FIGHT -> ASSAULT (conventional force is ASSAULT now)
(the other 14)  unchanged         AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT,
                                  REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT
==============  ================  ==========================================================

Two ways to score (keyword ``mode``):

- ``"coder"`` (default): the whole pipeline codes each sentence (``dyad.process``); the system event
  compared with a record is the one whose trigger overlaps the record's ``(EVT: ...)`` markup, else
  the one whose actor shares a code with the gold source, else the most confident one; no event is
  the label ``NONE``. Also reported: actor and recipient code agreement on the compared events.
- ``"pair"``: ``dyad.classify_pair`` on the first gold source and target texts (records with both).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.classification import score_labels
from dyad.eval.report import EvalReport, hash_paths

#: PLOVER v0.5 label -> current PLOVER type, per the manual's CAMEO-to-PLOVER table
OLD_TO_CURRENT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CURRENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                 "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
_EVT = re.compile(r"\(EVT:\s*([^)}]*)[)}]")  # the file sometimes closes with "}"


def current_type(old: str) -> str:
    """The current PLOVER type of a v0.5 label (unknown labels are returned unchanged)."""
    return OLD_TO_CURRENT.get(old, old)


@dataclass(frozen=True)
class GsrRecord:
    """One gold record: sentence, mapped type, party texts and codes, and the event phrases."""

    record_id: str
    text: str
    old_type: str
    event_type: str
    sources: tuple[tuple[str, str | None], ...]  # (actorText, code)
    targets: tuple[tuple[str, str | None], ...]
    event_phrases: tuple[str, ...]


def _parties(value: Any) -> tuple[tuple[str, str | None], ...]:
    if not isinstance(value, list):
        return ()
    return tuple((str(p.get("actorText", "")), p.get("code") or None) for p in value if isinstance(p, dict))


def read_gsr(path: Path, *, limit: int | None = None) -> list[GsrRecord]:
    """The event records of the GSR JSON (the DOCUMENT header is skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DyadError(E.BAD_GOLD, path=path, kind="PLOVER GSR JSON", detail=str(exc)) from exc
    if not isinstance(data, list):
        raise DyadError(E.BAD_GOLD, path=path, kind="PLOVER GSR JSON", detail="expected a JSON array")
    out = []
    for item in data:
        if item.get("event") == "DOCUMENT" or not item.get("text"):
            continue
        info = item.get("textInfo")
        markup = str(info.get("markup", "")) if isinstance(info, dict) else str(info or "")
        out.append(GsrRecord(
            str(item.get("id")), item["text"], item["event"], current_type(item["event"]),
            _parties(item.get("source")), _parties(item.get("target")),
            tuple(p.strip() for p in _EVT.findall(markup) if p.strip()),
        ))
        if limit is not None and len(out) >= limit:
            break
    return out


def _phrase_spans(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        start = text.find(phrase)
        if start >= 0:
            spans.append((start, start + len(phrase)))
    return spans


def _trigger(event: Mapping[str, Any]) -> tuple[int, int] | None:
    for mention in event.get("mentions") or ():
        span = (mention.get("trigger") or {}).get("span")
        if span:
            return int(span[0]), int(span[1])
    return None


def _codes(parties: Any) -> set[str]:
    return {p["code"] for p in parties or () if isinstance(p, dict) and p.get("code")}


def pick_event(record: GsrRecord, events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The system event that stands for this record (never chosen by its type)."""
    if not events:
        return None
    phrases = _phrase_spans(record.text, record.event_phrases)

    def overlaps(event: Mapping[str, Any]) -> bool:
        trigger = _trigger(event)
        return trigger is not None and any(trigger[0] < e and s < trigger[1] for s, e in phrases)

    gold_sources = {code for _, code in record.sources if code}

    def rank(event: Mapping[str, Any]) -> tuple[bool, bool, float]:
        return overlaps(event), bool(_codes(event.get("actor")) & gold_sources), float(event.get("confidence", 0))

    return max(events, key=rank)


def _code_events(texts: Sequence[str], backend: str | None) -> dict[str, list[dict[str, Any]]]:
    import dyad

    config: dict[str, Any] = {"coder": backend} if backend else {}
    out: dict[str, list[dict[str, Any]]] = {}
    # the records carry no real dates (all 2000-01-01)
    articles = [{"text": t, "published": "2000-01-01"} for t in texts]
    for text, doc in zip(texts, dyad.process_many(articles, **config), strict=True):
        out[text] = [e.to_dict() for e in doc.events]
    return out


def _score_coder(records: Sequence[GsrRecord], backend: str | None) -> tuple[list[str | None], dict[str, Any],
                                                                            list[dict[str, Any]]]:
    coded = _code_events(sorted({r.text for r in records}), backend)
    predicted: list[str | None] = []
    actor_hits = actor_total = recipient_hits = recipient_total = 0
    cases = []
    for record in records:
        event = pick_event(record, coded[record.text])
        label = event.get("event_type") if event else None
        predicted.append(label)
        gold_sources = {code for _, code in record.sources if code}
        gold_targets = {code for _, code in record.targets if code}
        if event is not None and gold_sources:
            actor_total += 1
            actor_hits += bool(_codes(event.get("actor")) & gold_sources)
        if event is not None and gold_targets:
            recipient_total += 1
            recipient_hits += bool(_codes(event.get("recipient")) & gold_targets)
        if label != record.event_type:
            cases.append({"id": record.record_id, "text": record.text, "expected": record.event_type,
                          "got": label, "old_label": record.old_type,
                          "confidence": round(float(event.get("confidence", 0)), 3) if event else 0.0})
    extra = {
        "actor_code_accuracy": round(actor_hits / actor_total, 4) if actor_total else 0.0,
        "recipient_code_accuracy": round(recipient_hits / recipient_total, 4) if recipient_total else 0.0,
    }
    return predicted, extra, cases


def _score_pairs(records: Sequence[GsrRecord], backend: str | None) -> tuple[list[GsrRecord], list[str | None],
                                                                            list[dict[str, Any]]]:
    import dyad

    kept, predicted, cases = [], [], []
    for record in records:
        source = _phrase_spans(record.text, [t for t, _ in record.sources[:1]])
        target = _phrase_spans(record.text, [t for t, _ in record.targets[:1]])
        if not source or not target:
            continue
        label, confidence = dyad.classify_pair(record.text, source=source[0], target=target[0],
                                               backend=backend or "rules")
        kept.append(record)
        predicted.append(label)
        if label != record.event_type:
            cases.append({"id": record.record_id, "text": record.text, "expected": record.event_type,
                          "got": label, "old_label": record.old_type, "confidence": round(float(confidence), 3)})
    return kept, predicted, cases


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, mode: str = "coder",
             **kw: Any) -> EvalReport:
    """Type accuracy and macro-F1 on the GSR sentences, with the old labels mapped to current types."""
    path = Path(path)
    records = read_gsr(path, limit=limit)
    extra: dict[str, Any] = {}
    if mode == "pair":
        records, predicted, cases = _score_pairs(records, backend)
    elif mode == "coder":
        predicted, extra, cases = _score_coder(records, backend)
    else:
        raise DyadError(E.BAD_CONFIG, detail=f"plover-gsr mode must be 'coder' or 'pair', not {mode!r}")
    scores = score_labels([r.event_type for r in records], predicted)
    cases.sort(key=lambda c: -c["confidence"])
    metrics = {"accuracy": round(scores.accuracy, 4), "macro_f1": round(scores.macro_f1, 4), **extra}
    return EvalReport(
        dataset="plover-gsr" if mode == "coder" else "plover-gsr-pair", path=str(path), n=scores.n,
        metrics=metrics,
        details={"per_type": scores.table(), "confusion": scores.confusion, "label_map": OLD_TO_CURRENT,
                 "mode": mode},
        errors=cases, data_hash=hash_paths(path), backend=backend or "rules",
    )
