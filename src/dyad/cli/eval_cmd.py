"""``dyad eval DATASET [PATH]``: score dyad on a gold set and print the figures.

A thin layer over :func:`dyad.eval.datasets.run_eval`: only this module prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from dyad.errors import DyadError
from dyad.eval.datasets import DATASETS, run_eval
from dyad.eval.report import EvalReport


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)


def metrics_table(report: EvalReport) -> Table:
    table = Table(title=f"{report.dataset}: {report.n} items ({report.path})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in report.metrics.items():
        table.add_row(name, _fmt(value))
    return table


def per_type_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="per type")
    columns = list(rows[0])
    for column in columns:
        table.add_column(column, justify="left" if column == "label" else "right")
    for row in rows:
        table.add_row(*(_fmt(row.get(c)) for c in columns))
    return table


def confusion_table(confusion: dict[str, dict[str, int]]) -> Table:
    predicted = sorted({p for row in confusion.values() for p in row})
    table = Table(title="confusion (rows gold, columns predicted)")
    table.add_column("gold \\ got")
    for label in predicted:
        table.add_column(label[:8], justify="right")
    for gold in sorted(confusion):
        row = confusion[gold]
        table.add_row(gold, *(f"[bold]{row.get(p, 0)}[/bold]" if p == gold else (str(row[p]) if p in row else "")
                              for p in predicted))
    return table


def errors_table(errors: list[dict[str, Any]], count: int) -> Table:
    table = Table(title=f"worst {min(count, len(errors))} of {len(errors)} cases", show_lines=True)
    table.add_column("expected")
    table.add_column("got")
    table.add_column("text", overflow="fold")
    for case in errors[:count]:
        extra = {k: v for k, v in case.items() if k not in {"text", "expected", "got"} and v is not None}
        note = "  [dim]" + ", ".join(f"{k}={v}" for k, v in extra.items()) + "[/dim]" if extra else ""
        table.add_row(_fmt(case.get("expected")), _fmt(case.get("got")), f"{case.get('text', '')}{note}")
    return table


def print_report(report: EvalReport, *, console: Console, errors: int = 0) -> None:
    """The Rich rendering of a report: headline metrics, per-type table, confusion, worst cases."""
    console.print(metrics_table(report))
    note = report.details.get("note")
    if note:
        console.print(f"[yellow]{note}[/yellow]")
    per_type = report.details.get("per_type")
    if per_type:
        console.print(per_type_table(per_type))
    confusion = report.details.get("confusion")
    if confusion:
        console.print(confusion_table(confusion))
    if errors and report.errors:
        console.print(errors_table(report.errors, errors))
    console.print(f"[dim]backend={report.backend} data_hash={report.data_hash}[/dim]")


def eval_command(
    dataset: Annotated[str, typer.Argument(help=f"one of: {', '.join(DATASETS)}")],
    path: Annotated[Path | None, typer.Argument(help="gold data; default: the dataset's file under ../shared")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="coder/classifier backend (default rules)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="score only the first N items")] = None,
    errors: Annotated[int, typer.Option("--errors", min=0, help="list the worst N cases with their text")] = 0,
) -> None:
    """Score dyad on a gold set in a standard format (seed, plv, plover-gsr, ecb, ...)."""
    console = Console()
    try:
        report = run_eval(dataset, path, backend=backend, limit=limit)
    except DyadError as exc:
        Console(stderr=True).print(f"[red]error[/red] {exc}")
        raise typer.Exit(code=2) from exc
    if as_json:
        data = report.to_dict()
        if errors:
            data["errors"] = data["errors"][:errors]
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    print_report(report, console=console, errors=errors)


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the ``dyad`` command line."""
    app.command("eval")(eval_command)
