"""Evaluation harness: readers and scorers for standard gold formats, and the accuracy gate.

    from dyad.eval import run_eval
    report = run_eval("seed")            # ../shared/seed/gold.json
    print(report.metrics)

Datasets and their scorer modules are listed in :mod:`dyad.eval.datasets`; the gate that keeps
scores from falling is :mod:`dyad.eval.gate` (``python -m dyad.eval.gate``).
"""

from __future__ import annotations

from dyad.eval.datasets import DATASETS, run_eval
from dyad.eval.report import EvalReport, hash_paths

__all__ = ["DATASETS", "EvalReport", "hash_paths", "run_eval"]
