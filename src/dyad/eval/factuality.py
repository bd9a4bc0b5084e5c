"""Score event factuality on the unified factuality CoNLL format (MEANTIME, UW).

Format (Stanovsky et al. 2017): one token per line, tab-separated ``index, token,
factuality, POS, head, deprel, lemma``; the factuality column holds a float in [-3, 3] on
annotated predicates and ``_`` elsewhere; a blank line ends a sentence. Each sentence is
rebuilt by joining its tokens with single spaces, and every annotated predicate is sent to
:func:`dyad.extract.attribution.event_status` as a trigger span in that sentence.

Metrics: mean absolute error (``factuality_mae``, lower is better), Pearson r
(``factuality_pearson``) and the accuracy of a coarse class read off the value
(``class_accuracy``: fact >= 2.25, counterfact <= -2.25, uncertain in between).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport, hash_paths

DATASET = "factuality"
WORST = 25


@dataclass(frozen=True)
class Predicate:
    """One annotated predicate: its sentence, trigger span in that sentence and gold value."""

    sentence: str
    start: int
    end: int
    gold: float
    sentence_id: int

    @property
    def trigger(self) -> str:
        return self.sentence[self.start:self.end]


def read_conll(path: Path) -> Iterator[Predicate]:
    """Annotated predicates of a unified-factuality CoNLL file, in file order."""
    tokens: list[tuple[str, str]] = []
    sentence_id = 0
    with path.open(encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield from _sentence_predicates(tokens, sentence_id)
                    sentence_id += 1
                    tokens = []
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise DyadError(E.FACTUALITY_FORMAT, origin=str(path), line=line_no,
                                detail=f"{len(cols)} column(s), need at least 3")
            value = cols[2].strip()
            if value != "_":
                try:
                    float(value)
                except ValueError as exc:
                    raise DyadError(E.FACTUALITY_FORMAT, origin=str(path), line=line_no,
                                    detail=f"factuality {value!r} is not a number") from exc
            tokens.append((cols[1], value))
    if tokens:
        yield from _sentence_predicates(tokens, sentence_id)


def _sentence_predicates(tokens: list[tuple[str, str]], sentence_id: int) -> Iterator[Predicate]:
    words = [w for w, _ in tokens]
    sentence = " ".join(words)
    offset = 0
    for word, value in tokens:
        if value != "_":
            yield Predicate(sentence, offset, offset + len(word), float(value), sentence_id)
        offset += len(word) + 1


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson correlation; 0.0 when either side has no variance."""
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return 0.0
    return sxy / math.sqrt(sxx * syy)


def value_class(value: float) -> str:
    """Coarse factuality class of a value: certain-yes, uncertain, certain-no."""
    if value >= 2.25:
        return "fact"
    if value <= -2.25:
        return "counterfact"
    return "uncertain"


def score(pairs: list[tuple[Predicate, dict[str, Any]]]) -> tuple[dict[str, float], dict[str, Any], list[dict[str, Any]]]:
    """Metrics, details and worst cases for (predicate, predicted) pairs."""
    gold = [p.gold for p, _ in pairs]
    pred = [float(r["factuality"]) for _, r in pairs]
    n = len(pairs)
    mae = sum(abs(g - s) for g, s in zip(gold, pred, strict=True)) / n if n else 0.0
    agree = sum(value_class(g) == value_class(s) for g, s in zip(gold, pred, strict=True))
    metrics = {
        "factuality_mae": round(mae, 4),
        "factuality_pearson": round(pearson(gold, pred), 4),
        "class_accuracy": round(agree / n, 4) if n else 0.0,
    }
    confusion = Counter(f"{value_class(g)}->{value_class(s)}" for g, s in zip(gold, pred, strict=True))
    statuses = Counter(str(r["status"]) for _, r in pairs)
    details = {"class_confusion": dict(sorted(confusion.items())), "predicted_status": dict(statuses),
               "gold_mean": round(sum(gold) / n, 4) if n else 0.0}
    worst = sorted(pairs, key=lambda pr: -abs(pr[0].gold - float(pr[1]["factuality"])))[:WORST]
    errors = [{"text": p.sentence, "trigger": p.trigger, "span": [p.start, p.end], "expected": p.gold,
               "got": float(r["factuality"]), "status": r["status"]}
              for p, r in worst if abs(p.gold - float(r["factuality"])) > 0]
    return metrics, details, errors


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None,
             split: str = "test", predict: Callable[..., dict[str, Any]] | None = None) -> EvalReport:
    """Score ``event_status`` on a unified-factuality CoNLL file (or ``<folder>/<split>.conll``).

    ``predict`` replaces :func:`dyad.event_status` (tests inject a fake); ``backend`` is recorded
    only (the status rules have one backend).
    """
    path = Path(path)
    file = path / f"{split}.conll" if path.is_dir() else path
    if not file.exists():
        raise DyadError(E.DATASET_MISSING, path=str(file),
                        hint="point to a unified-factuality .conll file or a folder with train/dev/test.conll")
    if predict is None:
        from dyad.extract.attribution import event_status

        predict = event_status
    pairs: list[tuple[Predicate, dict[str, Any]]] = []
    for predicate in read_conll(file):
        if limit is not None and len(pairs) >= limit:
            break
        pairs.append((predicate, predict(predicate.sentence, trigger=(predicate.start, predicate.end))))
    metrics, details, errors = score(pairs)
    return EvalReport(dataset=DATASET, path=str(file), n=len(pairs), metrics=metrics, details=details,
                      errors=errors, data_hash=hash_paths(file), backend=backend or "rules")
