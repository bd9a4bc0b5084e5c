"""The accuracy gate: every dataset with data present is scored and compared with its floor.

``eval/baseline.json`` keeps, per dataset, the floors of chosen metrics, the hash of the data they
were measured on and the ``--limit`` used. The gate fails (exit 1) when a score falls below its
floor (or, for error metrics ending in ``_mae`` / ``_error_km``, rises above its ceiling).

    python -m dyad.eval.gate                      # check (CI)
    python -m dyad.eval.gate --update             # raise floors to the current scores
    python -m dyad.eval.gate --update --allow-lower --note "why"   # lower one, recorded

Floors only rise: ``--update`` keeps the better of the old floor and the new score unless
``--allow-lower`` is given with a ``--note``, which is stored with the change. Datasets whose scorer
module or data is absent are skipped with the reason printed; a dataset without floors is measured
only by ``--update``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dyad.errors import DyadError, E
from dyad.eval.datasets import DATASETS, default_path, evaluator_available, get_dataset, run_eval
from dyad.eval.report import EvalReport

SCHEMA = "dyad-eval-baseline/1"
TOLERANCE = 1e-9


def default_baseline_path() -> Path:
    """``eval/baseline.json`` of the working directory (CI runs from the clone's root), else of the
    checkout this module was installed from."""
    here = Path.cwd() / "eval" / "baseline.json"
    if here.exists():
        return here
    in_checkout = Path(__file__).resolve().parents[3] / "eval" / "baseline.json"
    return in_checkout if in_checkout.parent.exists() else here


def higher_is_better(metric: str) -> bool:
    return not (metric.endswith("_mae") or metric.endswith("_error_km") or metric.endswith("_error"))


def load_baseline(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"schema": SCHEMA, "datasets": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DyadError(E.BAD_BASELINE, path=path, detail=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("datasets"), dict):
        raise DyadError(E.BAD_BASELINE, path=path, detail="expected an object with a 'datasets' object")
    return data


def save_baseline(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def gated_metrics(name: str, report: EvalReport) -> dict[str, float]:
    """The metrics of a report that the gate keeps floors for."""
    chosen = get_dataset(name).gate_metrics
    out = {}
    for metric, value in report.metrics.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            continue
        if chosen:
            if metric in chosen:
                out[metric] = float(value)
        elif not higher_is_better(metric) or (isinstance(value, float) and 0.0 <= value <= 1.0):
            out[metric] = float(value)
    return out


@dataclass(frozen=True)
class Check:
    """One floor compared with one score."""

    dataset: str
    metric: str
    floor: float | None
    value: float | None
    ok: bool
    note: str = ""


def floor_value(metric: str, value: float) -> float:
    """A score as a floor with 4 decimals, rounded to the safe side (down, or up for error metrics)."""
    scaled = value * 10_000
    rounded = math.floor(scaled + 1e-6) if higher_is_better(metric) else math.ceil(scaled - 1e-6)
    return rounded / 10_000


def passes(metric: str, value: float, floor: float) -> bool:
    if higher_is_better(metric):
        return value >= floor - TOLERANCE
    return value <= floor + TOLERANCE


def check_report(name: str, report: EvalReport, entry: dict[str, Any]) -> list[Check]:
    """Compare a report with the dataset's floors."""
    checks = []
    note = ""
    if entry.get("data_hash") and report.data_hash and entry["data_hash"] != report.data_hash:
        note = f"data changed (hash {report.data_hash}, floors measured on {entry['data_hash']})"
    for metric, floor in entry.get("floors", {}).items():
        value = report.metrics.get(metric)
        if value is None:
            checks.append(Check(name, metric, floor, None, False, "metric no longer reported"))
        else:
            checks.append(Check(name, metric, floor, float(value), passes(metric, float(value), floor), note))
    return checks


def update_entry(
    name: str,
    report: EvalReport,
    entry: dict[str, Any] | None,
    *,
    limit: int | None,
    allow_lower: bool = False,
    note: str | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, Any], list[DyadError]]:
    """The dataset's baseline entry with floors raised to ``report``; lowering needs ``allow_lower``.

    Returns the new entry and the refusals (floors that would have fallen without permission).
    """
    if allow_lower and not note:
        raise DyadError(E.BAD_CONFIG, detail="--allow-lower needs --note \"why\" to record the reason")
    today = today or dt.date.today()
    old = dict(entry or {})
    floors = dict(old.get("floors", {}))
    history = list(old.get("notes", []))
    refusals = []
    for metric, value in gated_metrics(name, report).items():
        value = floor_value(metric, value)
        current = floors.get(metric)
        if current is None or passes(metric, value, current):
            floors[metric] = value  # the same or better: the floor follows the score up
            continue
        if allow_lower:
            history.append({"date": today.isoformat(), "metric": metric, "from": current, "to": value, "note": note})
            floors[metric] = value
        else:
            refusals.append(DyadError(E.BASELINE_LOWER, dataset=name, metric=metric, old=current, new=value))
    new: dict[str, Any] = {"floors": floors, "limit": limit, "data_hash": report.data_hash, "backend": report.backend,
           "n": report.n, "updated": today.isoformat()}
    if history:
        new["notes"] = history
    return new, refusals


def _status_table(rows: list[tuple[str, str, str, str, str]]) -> Table:
    table = Table(title="accuracy gate")
    for column in ("dataset", "metric", "floor", "current", "status"):
        table.add_column(column, justify="right" if column in ("floor", "current") else "left")
    for row in rows:
        table.add_row(*row)
    return table


def run_gate(
    *,
    baseline_path: Path | None = None,
    names: Sequence[str] | None = None,
    update: bool = False,
    allow_lower: bool = False,
    note: str | None = None,
    console: Console | None = None,
) -> int:
    """Check (or ``update``) the floors; returns the exit code (0 pass, 1 a score below its floor)."""
    console = console or Console(width=140)
    if allow_lower and not (update and note):
        raise DyadError(E.BAD_CONFIG, detail="--allow-lower needs --update and a --note \"why\" to record")
    baseline_path = baseline_path or default_baseline_path()
    baseline = load_baseline(baseline_path)
    entries: dict[str, Any] = baseline.setdefault("datasets", {})
    rows: list[tuple[str, str, str, str, str]] = []
    failed = False
    for name in names or list(DATASETS):
        dataset = get_dataset(name)
        entry = entries.get(name)
        if entry is None and not update:
            rows.append((name, "", "", "", "skipped: no floors recorded (run --update)"))
            continue
        if not evaluator_available(name):
            rows.append((name, "", "", "", f"skipped: scorer {dataset.module} not written yet"))
            continue
        path = default_path(name)
        if path is None or not path.exists():
            rows.append((name, "", "", "", f"skipped: data absent at {path}"))
            continue
        limit = (entry or {}).get("limit", dataset.gate_limit)
        try:
            report = run_eval(name, path, limit=limit)
        except Exception as exc:  # one scorer's failure is reported, the rest still run
            if not isinstance(exc, DyadError):
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            if entry and entry.get("floors"):
                failed = True
                rows.append((name, "", "", "", f"[red]FAIL[/red]: {exc}"))
            else:
                rows.append((name, "", "", "", f"skipped: {exc}"))
            continue
        if update:
            new, refusals = update_entry(name, report, entry, limit=limit, allow_lower=allow_lower, note=note)
            entries[name] = new
            for refusal in refusals:
                failed = True
                rows.append((name, refusal.fields["metric"], str(refusal.fields["old"]), str(refusal.fields["new"]),
                             f"[red]REFUSED[/red]: {refusal.message}"))
            entry = new
        for check in check_report(name, report, entry or {}):
            failed = failed or not check.ok
            status = "ok" if check.ok else "[red]FAIL[/red]"
            rows.append((name, check.metric, f"{check.floor:.4f}" if check.floor is not None else "",
                         f"{check.value:.4f}" if check.value is not None else "missing",
                         f"{status} {check.note}".strip()))
    if update:
        baseline["schema"] = SCHEMA
        save_baseline(baseline_path, baseline)
    console.print(_status_table(rows))
    console.print("[red]gate failed[/red]" if failed else "[green]gate passed[/green]")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dyad.eval.gate", description=__doc__.split("\n")[0])
    parser.add_argument("datasets", nargs="*", help="datasets to check (default: all)")
    parser.add_argument("--baseline", type=Path, default=None, help="baseline file (default eval/baseline.json)")
    parser.add_argument("--update", action="store_true", help="raise floors to the current scores")
    parser.add_argument("--allow-lower", action="store_true", help="with --update: allow a floor to fall")
    parser.add_argument("--note", default=None, help="why a floor was lowered (required with --allow-lower)")
    args = parser.parse_args(argv)
    try:
        return run_gate(baseline_path=args.baseline, names=args.datasets or None, update=args.update,
                        allow_lower=args.allow_lower, note=args.note)
    except DyadError as exc:
        Console(stderr=True).print(f"[red]error[/red] {exc}")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
