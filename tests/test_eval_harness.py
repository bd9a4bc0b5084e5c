"""The dataset catalogue, the accuracy gate's floor logic and the `dyad eval` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dyad.errors import DyadError
from dyad.eval import datasets, gate
from dyad.eval.datasets import DATASETS, Dataset, resolve_path, run_eval
from dyad.eval.report import EvalReport

DATA = Path(__file__).parent / "data" / "eval"


def test_datasets_catalogue_errors(monkeypatch, tmp_path):
    with pytest.raises(DyadError) as err:
        run_eval("nope")
    assert err.value.code == "E701"
    monkeypatch.setitem(DATASETS, "ghost", Dataset("ghost", "dyad.eval.ghost_scorer", "x.json", "not written"))
    with pytest.raises(DyadError) as err:
        run_eval("ghost", tmp_path)
    assert err.value.code == "E702"
    with pytest.raises(DyadError) as err:
        resolve_path("seed", tmp_path / "absent.json")
    assert err.value.code == "E040"
    with pytest.raises(DyadError) as err:
        resolve_path("timeml", None)
    assert err.value.code == "E703"


def test_datasets_default_paths_follow_dyad_shared(monkeypatch, tmp_path):
    monkeypatch.setenv("DYAD_SHARED", str(tmp_path))
    assert datasets.default_path("plv") == tmp_path / "data" / "plv" / "train.tsv"
    with pytest.raises(DyadError) as err:
        resolve_path("plv", None)
    assert "DYAD_SHARED" in str(err.value)


def test_datasets_run_eval_on_fixture():
    report = run_eval("ecb", DATA / "ecb")
    assert report.dataset == "ecb" and report.n == 7


def report(**metrics: float) -> EvalReport:
    return EvalReport(dataset="toy", path="toy", n=10, metrics=dict(metrics), data_hash="h1", backend="rules")


@pytest.fixture
def toy_gate(monkeypatch):
    """The gate over one fake dataset whose scores the test sets."""
    scores: dict[str, float] = {}
    monkeypatch.setitem(DATASETS, "toy", Dataset("toy", "dyad.eval.seed", "toy", "fake", gate_metrics=("f1", "geo_error_km")))
    monkeypatch.setattr(gate, "evaluator_available", lambda name: True)
    monkeypatch.setattr(gate, "default_path", lambda name: DATA)
    monkeypatch.setattr(gate, "run_eval", lambda name, path, limit=None: report(**scores))
    return scores


def test_gate_update_then_pass_then_fail_below_floor(toy_gate, tmp_path):
    baseline = tmp_path / "baseline.json"
    toy_gate.update(f1=0.5, geo_error_km=100.0, n_items=7.0)
    assert gate.run_gate(baseline_path=baseline, names=["toy"], update=True) == 0
    saved = json.loads(baseline.read_text())["datasets"]["toy"]
    assert saved["floors"] == {"f1": 0.5, "geo_error_km": 100.0} and saved["data_hash"] == "h1"
    assert gate.run_gate(baseline_path=baseline, names=["toy"]) == 0
    toy_gate.update(f1=0.49)
    assert gate.run_gate(baseline_path=baseline, names=["toy"]) == 1
    toy_gate.update(f1=0.6, geo_error_km=120.0)  # an error metric must not rise
    assert gate.run_gate(baseline_path=baseline, names=["toy"]) == 1


def test_gate_floors_only_rise(toy_gate, tmp_path):
    baseline = tmp_path / "baseline.json"
    toy_gate.update(f1=0.5, geo_error_km=100.0)
    gate.run_gate(baseline_path=baseline, names=["toy"], update=True)
    toy_gate.update(f1=0.7, geo_error_km=80.0)
    assert gate.run_gate(baseline_path=baseline, names=["toy"], update=True) == 0
    assert json.loads(baseline.read_text())["datasets"]["toy"]["floors"] == {"f1": 0.7, "geo_error_km": 80.0}
    toy_gate.update(f1=0.6)
    assert gate.run_gate(baseline_path=baseline, names=["toy"], update=True) == 1  # refused
    assert json.loads(baseline.read_text())["datasets"]["toy"]["floors"]["f1"] == 0.7
    with pytest.raises(DyadError):
        gate.run_gate(baseline_path=baseline, names=["toy"], update=True, allow_lower=True)  # no note
    assert gate.run_gate(baseline_path=baseline, names=["toy"], update=True, allow_lower=True,
                         note="new gold annotations") == 0
    saved = json.loads(baseline.read_text())["datasets"]["toy"]
    assert saved["floors"]["f1"] == 0.6
    assert saved["notes"][0]["note"] == "new gold annotations" and saved["notes"][0]["from"] == 0.7


def test_gate_skips_absent_data_and_missing_scorers(monkeypatch, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"schema": gate.SCHEMA, "datasets": {"plv": {"floors": {"accuracy": 0.5}},
                                                                        "petrarch": {"floors": {"accuracy": 0.5}}}}))
    monkeypatch.setenv("DYAD_SHARED", str(tmp_path / "no-shared"))
    monkeypatch.setattr(gate, "evaluator_available", lambda name: name != "petrarch")
    console_file = tmp_path / "out.txt"
    from rich.console import Console

    with console_file.open("w") as handle:
        code = gate.run_gate(baseline_path=baseline, names=["plv", "petrarch", "seed"],
                             console=Console(file=handle, width=200))
    out = console_file.read_text()
    assert code == 0
    assert "skipped: data absent" in out and "not written yet" in out and "no floors recorded" in out


def test_gate_check_report_reports_missing_metric_and_changed_data():
    checks = gate.check_report("toy", report(f1=0.9), {"floors": {"f1": 0.5, "recall": 0.5}, "data_hash": "h0"})
    by_metric = {c.metric: c for c in checks}
    assert by_metric["f1"].ok and "data changed" in by_metric["f1"].note
    assert not by_metric["recall"].ok


def test_gate_committed_baseline_is_valid():
    data = gate.load_baseline(gate.default_baseline_path())
    assert data["schema"] == gate.SCHEMA
    for name, entry in data["datasets"].items():
        assert name in DATASETS and entry["floors"]


def cli() -> typer.Typer:
    from dyad.cli.eval_cmd import register

    app = typer.Typer()
    register(app)

    @app.command()
    def version() -> None:  # a second command, so `eval` stays a named subcommand
        typer.echo("x")

    return app


def test_cli_eval_prints_tables_and_errors(monkeypatch):
    from dyad.cli import eval_cmd

    fake = EvalReport(dataset="plv", path="p.tsv", n=3, metrics={"accuracy": 0.6667, "macro_f1": 0.5},
                      details={"per_type": [{"label": "AGREE", "precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}],
                               "confusion": {"AGREE": {"AGREE": 1, "ACCUSE": 1}}},
                      errors=[{"text": "Ruritania agreed with Freedonia.", "expected": "AGREE", "got": "ACCUSE"},
                              {"text": "second case", "expected": "AGREE", "got": None}])
    calls = []
    monkeypatch.setattr(eval_cmd, "run_eval", lambda *a, **k: calls.append((a, k)) or fake)
    result = CliRunner().invoke(cli(), ["eval", "plv", "p.tsv", "--limit", "3", "--errors", "1", "--backend", "nli"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert calls[0][1] == {"backend": "nli", "limit": 3}
    for expected in ("macro_f1", "per type", "confusion", "Ruritania agreed with Freedonia.", "worst 1 of 2"):
        assert expected in result.output
    assert "second case" not in result.output
    result = CliRunner().invoke(cli(), ["eval", "plv", "p.tsv", "--json"])
    assert json.loads(result.output)["metrics"]["accuracy"] == 0.6667


def test_cli_eval_real_fixture_and_bad_name():
    result = CliRunner().invoke(cli(), ["eval", "ecb", str(DATA / "ecb"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n"] == 7
    result = CliRunner().invoke(cli(), ["eval", "nope", "x"])
    assert result.exit_code == 2 and "E701" in result.output


def test_gate_floors_round_to_the_safe_side():
    assert gate.floor_value("recall", 0.87906) == 0.879
    assert gate.floor_value("median_error_km", 86.70151) == 86.7016
    assert gate.floor_value("f1", 0.5) == 0.5
    assert gate.passes("recall", 0.87906, gate.floor_value("recall", 0.87906))
