"""The catalogue of evaluation datasets: name -> scorer module, default data path, gate settings.

Each scorer is a module ``dyad.eval.<name>`` exposing
``evaluate(path, *, limit=None, backend=None, **kw) -> EvalReport``; it is imported only when its
dataset is run, so a missing module (not written yet) or missing data is a clear catalogue error
rather than an import failure of the whole harness.

Default paths live under the shared gold-data folder: ``$DYAD_SHARED`` when set, else ``../shared``
from the working directory, else ``../shared`` beside the source checkout.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport

CHECKOUT = "checkout:"  # a default path under the source checkout rather than the shared folder


@dataclass(frozen=True)
class Dataset:
    """One evaluation dataset.

    ``default`` is relative to the shared folder. ``gate_metrics`` are the metrics the accuracy gate
    keeps floors for (all of the report's metrics in [0, 1] when empty); ``gate_limit`` keeps the slow
    datasets within CI time. ``options`` are extra keyword arguments for ``evaluate``.
    """

    name: str
    module: str
    default: str | None
    description: str
    gate_metrics: tuple[str, ...] = ()
    gate_limit: int | None = None
    options: dict[str, Any] = field(default_factory=dict)


DATASETS: dict[str, Dataset] = {d.name: d for d in (
    Dataset("seed", "dyad.eval.seed", "seed/gold.json",
            "hand-annotated events of the showcase article (gold-events/1), or gold-events-multi/1",
            gate_metrics=("precision", "recall", "f1", "status_accuracy", "date_accuracy", "attribution_recall")),
    Dataset("sample", "dyad.eval.seed", CHECKOUT + "tests/data/sample_gold.json",
            "dyad's hand-annotated 21-article dev set (gold-events-multi/1, texts in dyad/data/sample_corpus.jsonl)",
            gate_metrics=("precision", "recall", "f1", "relaxed_f1")),
    Dataset("plv", "dyad.eval.plv", "data/plv/train.tsv",
            "PLOVER root of a marked source/target pair (Hu et al. 2024)", gate_metrics=("accuracy", "macro_f1")),
    Dataset("plover-gsr", "dyad.eval.plover_gsr", "data/plover/PLOVER_GSR_CAMEO.json",
            "PLOVER gold-standard records, old labels mapped to current types; full pipeline",
            gate_metrics=("accuracy", "macro_f1", "actor_code_accuracy")),
    Dataset("plover-gsr-pair", "dyad.eval.plover_gsr", "data/plover/PLOVER_GSR_CAMEO.json",
            "PLOVER gold-standard records scored with classify_pair on the gold parties",
            gate_metrics=("accuracy", "macro_f1"), options={"mode": "pair"}),
    Dataset("petrarch", "dyad.eval.petrarch", "data/petrarch2/PETR.UnitTest.records.xml",
            "PETRARCH2 unit-test records: the CAMEO coding path"),
    Dataset("timeml", "dyad.eval.timeml", None, "TempEval-3 style .tml folder (TEXT + DCT)",
            gate_metrics=("strict_f1", "relaxed_f1", "type_accuracy", "value_f1")),
    Dataset("meantime", "dyad.eval.meantime", "data/meantime_en", "MEANTIME English timexes (CAT XML)",
            gate_metrics=("strict_f1", "relaxed_f1", "type_accuracy", "value_f1")),
    Dataset("factuality", "dyad.eval.factuality", "data/factuality_meantime/test.conll",
            "MEANTIME predicates on the unified [-3, 3] factuality scale (test split)",
            gate_metrics=("factuality_mae", "factuality_pearson")),
    Dataset("geo", "dyad.eval.geo", "data/geoparsing/TR-News.xml", "TR-News toponyms (GeoNames)", gate_metrics=("acc_161km", "median_error_km")),
    Dataset("geo-lgl", "dyad.eval.geo", "data/geoparsing/lgl.xml", "LGL local-news toponyms (GeoNames)",
            gate_metrics=("acc_161km", "median_error_km"), gate_limit=300),
    Dataset("geo-geovirus", "dyad.eval.geo", "data/geoparsing/GeoVirus.xml", "GeoVirus toponyms (GeoNames)", gate_metrics=("acc_161km", "median_error_km")),
    Dataset("geo-e2e", "dyad.eval.geo", "data/geoparsing/TR-News.xml",
            "TR-News end to end: dyad's own toponym detection, then resolution",
            gate_metrics=("acc_161km", "detection_f1", "detection_f1_overlap"), options={"mode": "end-to-end"}),
    Dataset("ecb", "dyad.eval.ecb", "data/ecbplus",
            "ECB+ topics 1-35, validated sentences: event coreference (MUC, B3, CEAF-e, CoNLL F1)",
            gate_metrics=("conll_f1", "baseline_lemma_conll_f1", "system_conll_f1", "system_mention_f1")),
)}


def shared_root() -> Path:
    """Where the shared gold data is expected (it may not exist)."""
    env = os.environ.get("DYAD_SHARED")
    if env:
        return Path(env)
    beside_cwd = Path.cwd().parent / "shared"
    if beside_cwd.exists():
        return beside_cwd
    beside_checkout = Path(__file__).resolve().parents[3].parent / "shared"
    return beside_checkout if beside_checkout.exists() else beside_cwd


def get_dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise DyadError(E.UNKNOWN_DATASET, name=name, available=", ".join(DATASETS)) from None


def default_path(name: str) -> Path | None:
    dataset = get_dataset(name)
    if dataset.default and dataset.default.startswith(CHECKOUT):
        return Path(__file__).resolve().parents[3] / dataset.default[len(CHECKOUT):]
    return shared_root() / dataset.default if dataset.default else None


def resolve_path(name: str, path: Path | str | None) -> Path:
    """The data path to score: the one given, else the dataset's default; it must exist."""
    dataset = get_dataset(name)
    chosen = Path(path) if path is not None else default_path(name)
    if chosen is None:
        raise DyadError(E.EVAL_NO_PATH, name=name)
    if not chosen.exists():
        hint = (f"the default for '{name}' is {dataset.default} under the shared data folder "
                f"({shared_root()}; set DYAD_SHARED to move it)" if path is None else "check the path")
        raise DyadError(E.DATASET_MISSING, path=chosen, hint=hint)
    return chosen


def load_evaluator(name: str) -> Any:
    """The scorer module of a dataset, or E702 when it is not there yet."""
    dataset = get_dataset(name)
    try:
        module = importlib.import_module(dataset.module)
    except ModuleNotFoundError as exc:
        if exc.name != dataset.module:
            raise
        raise DyadError(E.EVALUATOR_MISSING, name=name, module=dataset.module, detail="module not found") from exc
    if not callable(getattr(module, "evaluate", None)):
        raise DyadError(E.EVALUATOR_MISSING, name=name, module=dataset.module, detail="it has no evaluate()")
    return module


def evaluator_available(name: str) -> bool:
    """Whether the dataset's scorer module can be found, without importing it."""
    return importlib.util.find_spec(get_dataset(name).module) is not None


def run_eval(name: str, path: Path | str | None = None, *, backend: str | None = None,
             limit: int | None = None) -> EvalReport:
    """Score dyad on one dataset (its default data when ``path`` is None)."""
    dataset = get_dataset(name)
    module = load_evaluator(name)
    chosen = resolve_path(name, path)
    report: EvalReport = module.evaluate(chosen, limit=limit, backend=backend, **dataset.options)
    report.dataset = name
    return report
