"""The CLI end to end: the README's demo, coding one article, queries and exports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli.main import app

runner = CliRunner()


def test_cli_demo_then_queries_and_exports(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "40 coded, 0 skipped, 0 failed" in result.output
    events = runner.invoke(app, ["events", "--db", str(db), "--format", "json", "--limit", "10000"])
    merged = json.loads(events.output)
    assert merged and all("corroboration" in e for e in merged)
    mentions = json.loads(runner.invoke(app, ["events", "--db", str(db), "--mentions", "--format", "json",
                                              "--limit", "10000"]).output)
    assert len(mentions) >= len(merged)  # merging never adds events
    assert any(e["corroboration"]["n_publishers"] >= 2 for e in merged)
    out = tmp_path / "events.plover"
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "plover", str(out)]).exit_code == 0
    assert len(out.read_text().splitlines()) == len(merged)
    again = runner.invoke(app, ["ingest", "--db", str(db), str(Path(__file__).parents[1] / "src" / "dyad" / "data" / "sample_corpus.jsonl")])
    assert "0 coded" in again.output and "40 already stored" in again.output


def test_cli_code_prints_document_json(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi "
                       "on Monday, the Kremlin said.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(article), "--published", "2021-09-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"article", "events", "actors", "times", "places", "attributions", "errors"}
    assert doc["article"]["published"] == "2021-09-30"
    event = doc["events"][0]
    assert event["event_type"] == "CONSULT"
    assert {a["code"] for a in event["actor"] + event["recipient"]} == {"RUS", "TUR"}
    assert event["date"]["earliest"] == "2021-09-27"
    assert event["location"]["name"] == "Sochi"


def test_cli_errors_are_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["code", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "E007" in result.output
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "E033" in result.output
