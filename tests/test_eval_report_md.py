"""scripts/make_evaluation_md.py renders measured scores beside the anchors, and reasons for gaps."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

from dyad.eval.report import EvalReport

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_evaluation_md.py"


def load_script():
    spec = importlib.util.spec_from_file_location("make_evaluation_md", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_eval_md_render_scores_anchors_and_reasons():
    script = load_script()
    ecb = EvalReport(dataset="ecb", path="x", n=50, metrics={"baseline_lemma_conll_f1": 0.7137},
                     details={"system_available": False})
    plv = EvalReport(dataset="plv", path="y", n=10, metrics={"accuracy": 0.5, "macro_f1": 0.4321})
    results = [script.Result("plv", None, plv, seconds=1.0), script.Result("ecb", 5, ecb),
               script.Result("petrarch", None, reason="scorer `dyad.eval.petrarch` not written yet")]
    text = script.render(results, today=dt.date(2024, 5, 1), full=False)
    assert "Measured on 2024-05-01 with `python scripts/make_evaluation_md.py`" in text
    assert "| plv | 10 | all | macro_f1 0.4321 | ~0.80 macro-F1 |" in text
    assert "baseline_lemma_conll_f1 0.7137 (baseline)" in text and "`dyad eval ecb --limit 5`" in text
    assert "not written yet" in text and "BASELINES" in text
    assert "DEMAND->REQUEST" in text
