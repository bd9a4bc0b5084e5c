"""Regenerate EVALUATION.md: dyad's current scores per dataset beside the published anchors.

    python scripts/make_evaluation_md.py            # the gate's limits (a few minutes)
    python scripts/make_evaluation_md.py --full     # every item of every dataset (slow)

Datasets whose scorer or data is absent are listed with the reason. Only measured numbers are
written; the anchors are other systems' published figures, quoted for orientation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import DyadError
from dyad.eval.datasets import DATASETS, default_path, evaluator_available, run_eval
from dyad.eval.gate import default_baseline_path, load_baseline
from dyad.eval.report import EvalReport

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Anchor:
    """A published figure to set beside ours: which of our metrics it compares with, and its source."""

    metrics: tuple[str, ...]  # the first of these that our report has is shown beside it
    value: str
    source: str


ANCHORS: dict[str, Anchor] = {
    "timeml": Anchor(("value_f1", "timex_value_f1"), "77.6 value F1",
                     "HeidelTime, TempEval-3 (UzZaman et al. 2013)"),
    "geo-lgl": Anchor(("acc_161km",), "82.7 acc@161km", "Mordecai3 on LGL (Halterman 2023)"),
    "geo": Anchor(("acc_161km",), "87.3 acc@161km", "Mordecai3 on TR-News (Halterman 2023)"),
    "plv": Anchor(("macro_f1",), "~0.80 macro-F1", "zero-shot NLI PLOVER classification (Hu et al. 2024)"),
    "factuality": Anchor(("factuality_mae",), "0.40 MAE (on UW, not MEANTIME)", "TruthTeller (Lotan et al. 2013)"),
    "ecb": Anchor(("conll_f1", "baseline_lemma_conll_f1"), "~85 CoNLL F1 with gold mentions",
                  "transformer cross-document coreference on ECB+ test topics"),
}


@dataclass
class Result:
    """One dataset's outcome: a report, or the reason it was not measured."""

    name: str
    limit: int | None
    report: EvalReport | None = None
    reason: str | None = None
    seconds: float = 0.0


def measure(names: Sequence[str], *, full: bool) -> list[Result]:
    """Run every dataset that can run, with the gate's limits unless ``full``."""
    floors = load_baseline(default_baseline_path())["datasets"]
    results = []
    for name in names:
        dataset = DATASETS[name]
        limit = None if full else (floors.get(name) or {}).get("limit", dataset.gate_limit)
        result = Result(name, limit)
        path = default_path(name)
        if not evaluator_available(name):
            result.reason = f"scorer `{dataset.module}` not written yet"
        elif path is None or not path.exists():
            result.reason = "no data at the default path" if path else "no default data (give a PATH)"
        else:
            start = time.perf_counter()
            try:
                result.report = run_eval(name, path, limit=limit)
            except DyadError as exc:
                result.reason = f"not measured: {exc}"
            result.seconds = time.perf_counter() - start
        results.append(result)
    return results


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _headline(report: EvalReport) -> str:
    return ", ".join(f"{k} {_fmt(v)}" for k, v in report.metrics.items())


def _ours_for_anchor(name: str, report: EvalReport | None) -> str:
    anchor = ANCHORS.get(name)
    if anchor is None or report is None:
        return ""
    for metric in anchor.metrics:
        if metric in report.metrics:
            label = " (baseline)" if metric.startswith("baseline_") else ""
            return f"{metric} {_fmt(report.metrics[metric])}{label}"
    return ""


def render(results: Sequence[Result], *, today: dt.date, full: bool) -> str:
    """The Markdown text of EVALUATION.md."""
    command = "python scripts/make_evaluation_md.py" + (" --full" if full else "")
    lines = [
        "# dyad evaluation",
        "",
        f"Measured on {today.isoformat()} with `{command}` (regenerate with the same command).",
        "Each row can be reproduced with `dyad eval DATASET [PATH] [--limit N]`; the accuracy gate",
        "(`python -m dyad.eval.gate`) fails CI when a score falls below its floor in `eval/baseline.json`.",
        "",
        "## Scores beside published anchors",
        "",
        "| dataset | items | limit | ours (comparable metric) | published anchor | source |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        anchor = ANCHORS.get(r.name)
        n = str(r.report.n) if r.report else "-"
        lines.append(f"| {r.name} | {n} | {r.limit or 'all'} | {_ours_for_anchor(r.name, r.report) or '-'} | "
                     f"{anchor.value if anchor else '-'} | {anchor.source if anchor else '-'} |")
    lines += ["", "## All metrics", "", "| dataset | command | metrics | seconds |", "|---|---|---|---|"]
    for r in results:
        cmd = f"`dyad eval {r.name}" + (f" --limit {r.limit}" if r.limit else "") + "`"
        body = _headline(r.report) if r.report else (r.reason or "")
        lines.append(f"| {r.name} | {cmd} | {body.replace('|', '/')} | {r.seconds:.1f} |")
    ecb = next((r for r in results if r.name == "ecb" and r.report), None)
    if ecb is not None and ecb.report is not None and not ecb.report.details.get("system_available"):
        lines += ["", "ECB+: dyad's cross-document merging (`dyad.resolve.merge.cluster_mentions`) is not built "
                  "yet; the ECB+ figures are the singleton and same-lemma-within-topic BASELINES."]
    lines += [
        "",
        "## Notes",
        "",
        "- `plv`: gold `YIELD` predates PLOVER's split of CAMEO 08; a CONCEDE or RETREAT prediction counts as "
        "YIELD. Rows with an implicit source or target (no marked span) are left out.",
        "- `plover-gsr`: the 2016 (v0.5) labels are mapped to the 16 current types through the manual's "
        "CAMEO-to-PLOVER table: DEMAND->REQUEST (CAMEO 10), DISAPPROVE->ACCUSE (11), INVESTIGATE->ACCUSE (09), "
        "FIGHT->ASSAULT (19); the other 14 labels are unchanged.",
        "- `seed`: the scoring section of `../shared/seed/gold.json`, implemented exactly "
        "(alt types, symmetric pairs, evidence in a mention sentence, optional events neutral, unmerged "
        "duplicates as false positives).",
        "- `ecb`: topics 1-35 of ECB+ restricted to the validated sentences of "
        "`ECBplus_coreference_sentences.csv`; CoNLL F1 is the mean of MUC, B3 and CEAF-e F1.",
        "- Anchors are other systems' published figures on their own setups, for orientation only.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("datasets", nargs="*", help="datasets to measure (default: all)")
    parser.add_argument("--full", action="store_true", help="no limits: score every item")
    parser.add_argument("--out", type=Path, default=ROOT / "EVALUATION.md")
    args = parser.parse_args(argv)
    unknown = [n for n in args.datasets if n not in DATASETS]
    if unknown:
        print(f"unknown datasets {unknown}; choose from {', '.join(DATASETS)}", file=sys.stderr)
        return 2
    results = measure(args.datasets or list(DATASETS), full=args.full)
    args.out.write_text(render(results, today=dt.date.today(), full=args.full), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
