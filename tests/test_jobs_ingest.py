"""Ingest jobs end to end: idempotent re-runs, SIGKILL + resume, bad input recorded, workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from dyad.jobs import ingest

ARTICLES = [
    ("Iran and the European Union held talks in Vienna on Monday about the nuclear deal, officials said.", "2021-04-06"),
    ("Police arrested dozens of protesters in Minsk on Sunday after a rally against President Alexander Lukashenko.", "2020-08-10"),
    ("The United States imposed new sanctions on Russia on Thursday over the poisoning of Alexei Navalny.", "2021-03-05"),
    ("Israeli aircraft struck targets in Gaza overnight, the military said, after rockets were fired at Israel.", "2021-05-11"),
    ("China criticized Japan on Tuesday for its plan to release water from the Fukushima plant into the sea.", "2021-04-13"),
    ("India and Pakistan agreed to observe a ceasefire along the Line of Control, the two armies said on Thursday.", "2021-02-25"),
    ("Germany will send humanitarian aid to Turkey after the earthquake, the foreign ministry said on Monday.", "2023-02-06"),
    ("Thousands of workers went on strike in France on Thursday against the government's pension reform.", "2023-01-19"),
]


def write_corpus(folder: Path, n_copies: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for copy in range(n_copies):
        for i, (text, date) in enumerate(ARTICLES):
            suffix = "" if copy == 0 else f" (Update {copy}.)"
            lines.append(json.dumps({"text": text + suffix, "published": date, "url": f"https://news.example.org/{copy}/{i}"}))
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "single.txt").write_text("Russia and Ukraine exchanged prisoners on Saturday, both sides said.", encoding="utf-8")
    return folder


def snapshot(db: Path) -> dict[str, list]:
    """Every table's rows, without ingest timestamps, sorted: equal snapshots = equal databases."""
    con = duckdb.connect(str(db), read_only=True)
    out = {
        "articles": con.execute("SELECT id, url, title, source, published, language, origin, text, status, n_events FROM articles ORDER BY id").fetchall(),
        "events": con.execute("SELECT id, record FROM events ORDER BY id").fetchall(),
        "event_mentions": con.execute("SELECT * FROM event_mentions ORDER BY event_id, idx").fetchall(),
        "entities": con.execute("SELECT * FROM entities ORDER BY article_id, idx").fetchall(),
        "attributions": con.execute("SELECT * FROM attributions ORDER BY article_id, idx").fetchall(),
        "errors": con.execute("SELECT key, article_id, origin, stage, code, message, skipped FROM errors ORDER BY key").fetchall(),
    }
    con.close()
    return out


def test_jobs_ingest_folder_twice_adds_nothing(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in")
    db = tmp_path / "db.duckdb"
    first = ingest([corpus], db=db, batch_size=4)
    assert first.coded == len(ARTICLES) + 1 and first.failed == 0
    before = snapshot(db)
    assert before["events"], "the corpus should yield events"
    second = ingest([corpus], db=db, batch_size=4)
    assert second.coded == 0 and second.already_stored == len(ARTICLES) + 1
    assert snapshot(db) == before


KILL_SCRIPT = textwrap.dedent("""
    import sys
    from dyad.jobs import ingest

    def progress(summary):
        print(f"progress {summary.coded}", flush=True)

    ingest([sys.argv[1]], db=sys.argv[2], batch_size=2, progress=progress)
    print("finished", flush=True)
""")


def test_jobs_ingest_sigkill_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", n_copies=3)  # 25 articles, batches of 2
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    ingest([corpus], db=clean_db, batch_size=2)

    script = tmp_path / "run_ingest.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(killed_db)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    killed_midway = False
    for line in proc.stdout:
        if line.startswith("progress") and int(line.split()[1]) >= 4:
            os.kill(proc.pid, signal.SIGKILL)
            killed_midway = True
            break
    proc.wait(timeout=120)
    assert killed_midway, "the ingest finished before it could be killed"
    partial = snapshot(killed_db)
    assert 0 < len(partial["articles"]) < 25

    ingest([corpus], db=killed_db, batch_size=2)
    assert snapshot(killed_db) == snapshot(clean_db)


def test_jobs_ingest_bad_inputs_recorded_rest_coded(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "broken.jsonl").write_text('{"text": "Turkey and Syria held talks on Monday.", "published": "2019-01-07"}\n{"text": oops\n')
    (folder / "latin1.txt").write_bytes("Le président français Emmanuel Macron a rencontré le chancelier allemand à Berlin lundi pour discuter de la crise énergétique et des sanctions contre la Russie.".encode("latin-1"))
    (folder / "bad-utf8.txt").write_bytes(b"Kenya and Uganda signed a trade agreement on Friday \xff\xfe in Nairobi, officials said.")
    db = tmp_path / "db.duckdb"
    summary = ingest([folder, tmp_path / "missing.txt"], db=db, batch_size=4)
    con = duckdb.connect(str(db), read_only=True)
    codes = {row[0] for row in con.execute("SELECT code FROM errors").fetchall()}
    coded = con.execute("SELECT count(*) FROM articles WHERE status = 'coded'").fetchone()[0]
    con.close()
    assert {"E001", "E002", "E004", "E005", "E007"} <= codes
    assert coded == len(ARTICLES) + 1 + 1 + 1  # corpus, single.txt, the good JSONL line, bad-utf8
    assert summary.failed >= 2 and summary.skipped >= 2


def test_jobs_ingest_unwritable_db_is_clear(tmp_path: Path) -> None:
    from dyad.errors import DyadError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DyadError) as info:
        ingest([write_corpus(tmp_path / "in")], db=blocker / "x.duckdb")
    assert info.value.code == "E030"


@pytest.mark.slow
def test_jobs_ingest_workers_same_as_one_process(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", n_copies=2)
    ingest([corpus], db=tmp_path / "one.duckdb", batch_size=3)
    ingest([corpus], db=tmp_path / "two.duckdb", batch_size=3, workers=2)
    assert snapshot(tmp_path / "one.duckdb") == snapshot(tmp_path / "two.duckdb")
