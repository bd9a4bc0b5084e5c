"""The ``plv`` scorer: PLOVER root classification of a marked source/target pair (Hu et al., ACL 2024).

The TSV has, per row, ``marked_sentence`` with ``<s>...</s>`` around the source and ``<t>...</t>``
around the target, and the gold columns ``gold_root`` (PLOVER root) and ``gold_penta``. The other
columns (``*_L1``, ``*_L2``, ``silver_*``) are another system's predictions and are ignored.

The file predates the split of YIELD: gold ``YIELD`` is CONCEDE or RETREAT in current PLOVER, so a
prediction of either is folded to ``YIELD`` before scoring (right on a YIELD row, a YIELD false
positive elsewhere). Scores: accuracy, macro-F1 over the roots, per-root P/R/F1, confusion matrix.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.classification import score_labels
from dyad.eval.report import EvalReport, hash_paths

#: current PLOVER types that the file's older labels stand for
LABEL_FOLD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
_TAG = re.compile(r"</?[st]>")


class ImplicitParty(ValueError):
    """A row whose source or target is implicit ("An actor", "a recipient"): no span to classify."""


@dataclass(frozen=True)
class PlvRow:
    """One sentence with its marked pair and gold root."""

    row_id: str
    sentence: str
    source: tuple[int, int]
    target: tuple[int, int]
    gold_root: str
    gold_penta: str


def unmark(marked: str) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """Strip ``<s>``/``<t>`` tags, returning the plain sentence and the source and target spans."""
    out: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    length = 0
    for match in _TAG.finditer(marked):
        piece = marked[position:match.start()]
        out.append(piece)
        length += len(piece)
        tag = match.group()
        name = tag.strip("</>")
        if tag.startswith("</"):
            if name not in opened:
                raise ValueError(f"closing {tag} without an opening tag")
            # a party marked twice ("<t>Ukraine</t> ... <t>Ukraine</t>'s"): its first mention counts
            spans.setdefault(name, (opened.pop(name), length))
            opened.pop(name, None)
        else:
            opened[name] = length
        position = match.end()
    out.append(marked[position:])
    if opened:
        raise ValueError(f"unclosed tags {sorted(opened)}")
    if set(spans) != {"s", "t"}:
        raise ImplicitParty(f"no marked {'source' if 's' not in spans else 'target'} (implicit participant)")
    plain = "".join(out)
    return plain, _trim(plain, spans["s"]), _trim(plain, spans["t"])


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without the spaces that sometimes sit inside the tags."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fallback_span(sentence: str, phrase: str) -> tuple[int, int]:
    start = sentence.find(phrase)
    if start < 0:
        raise ValueError(f"'{phrase}' is not in the sentence")
    return start, start + len(phrase)


def read_plv(path: Path, *, limit: int | None = None, skipped: list[str] | None = None) -> Iterator[PlvRow]:
    """Rows of the PLV TSV. Spans come from the marked sentence (or, failing that, a text search).

    Rows with an implicit source or target (about 2% of the file) have no pair to classify; their
    ids are appended to ``skipped`` and they are left out.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = {"marked_sentence", "gold_root"} - set(reader.fieldnames or ())
        if missing:
            raise DyadError(E.BAD_GOLD, path=path, kind="PLV TSV", detail=f"missing columns {sorted(missing)}")
        for count, row in enumerate(reader):
            if limit is not None and count >= limit:
                return
            row_id = row.get("sentence_id") or str(count)
            try:
                sentence, source, target = unmark(row["marked_sentence"])
            except ImplicitParty:
                if skipped is not None:
                    skipped.append(row_id)
                continue
            except ValueError:
                try:
                    sentence = row["sentence"]
                    source = _fallback_span(sentence, row["source"])
                    target = _fallback_span(sentence, row["target"])
                except (KeyError, ValueError) as exc:
                    raise DyadError(E.BAD_GOLD, path=path, kind="PLV TSV",
                                    detail=f"row {row_id}: cannot locate source/target ({exc})") from exc
            yield PlvRow(row_id, sentence, source, target, row["gold_root"].strip().upper(),
                         (row.get("gold_penta") or "").strip())


def fold(label: str | None) -> str | None:
    return LABEL_FOLD.get(label, label) if label else None


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None, **kw: Any) -> EvalReport:
    """Classify every marked pair with ``dyad.classify_pair`` and score the PLOVER roots."""
    import dyad

    path = Path(path)
    backend = backend or "rules"
    skipped: list[str] = []
    rows = list(read_plv(path, limit=limit, skipped=skipped))
    gold: list[str] = []
    predicted: list[str | None] = []
    cases: list[dict[str, Any]] = []
    for row in rows:
        label, confidence = dyad.classify_pair(row.sentence, source=row.source, target=row.target, backend=backend)
        gold.append(row.gold_root)
        predicted.append(fold(label))
        if fold(label) != row.gold_root:
            cases.append({
                "id": row.row_id, "text": row.sentence, "expected": row.gold_root, "got": label,
                "confidence": round(float(confidence), 3),
                "source": row.sentence[row.source[0]:row.source[1]],
                "target": row.sentence[row.target[0]:row.target[1]],
            })
    scores = score_labels(gold, predicted)
    # worst first: confident wrong answers before hesitant ones
    cases.sort(key=lambda c: -c["confidence"])
    return EvalReport(
        dataset="plv", path=str(path), n=scores.n,
        metrics={"accuracy": round(scores.accuracy, 4), "macro_f1": round(scores.macro_f1, 4),
                 "no_event_rate": round(sum(p is None for p in predicted) / len(rows), 4) if rows else 0.0},
        details={"per_type": scores.table(), "confusion": scores.confusion,
                 "label_fold": LABEL_FOLD, "skipped_implicit_party": len(skipped)},
        errors=cases, data_hash=hash_paths(path), backend=backend,
    )
