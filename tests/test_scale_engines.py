"""Scale-out: the Ray engine and worker processes give the same database as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.jobs import ingest
from dyad.scale.parquet_parts import import_parts, iter_parts, write_part
from dyad.scale.ray_engine import list_inputs
from tests.test_jobs_ingest import snapshot, write_corpus


def test_scale_list_inputs_is_stable(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in")
    (folder / ".hidden.txt").write_text("secret")
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text("Egypt and Sudan held talks on Monday.")
    files = list_inputs([folder, tmp_path / "missing.jsonl"])
    assert files == [str(folder / "corpus.jsonl"), str(folder / "single.txt"), str(folder / "sub" / "a.txt"),
                     str(tmp_path / "missing.jsonl")]


def test_scale_parts_are_atomic_and_resumable(tmp_path: Path) -> None:
    from dyad.model import Article, ArticleError, Document

    out = tmp_path / "parts"
    doc = Document(article=Article.create("Chile and Peru signed a treaty.", published="2020-01-02"))
    err = ArticleError(code="E001", message="x: empty", stage="ingest", origin="x", skipped=True)
    assert write_part(out, "input-a", [doc, err]) == 2
    assert not list(out.glob(".*.tmp"))
    items = list(iter_parts(out, ["input-a", "input-b"]))
    assert items[0].to_dict() == doc.to_dict() and items[1] == err
    counts = import_parts(out, db=tmp_path / "db.duckdb")
    assert counts["documents"] == 1 and counts["errors"] == 1
    assert import_parts(out, db=tmp_path / "db.duckdb")["already_stored"] == 1


@pytest.mark.slow
def test_scale_ray_local_equals_one_process(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the Ray path needs the [ray] extra")
    from dyad.scale.ray_engine import run_ray

    corpus = write_corpus(tmp_path / "in", n_copies=2)
    (corpus / "second.jsonl").write_text((corpus / "corpus.jsonl").read_text())  # duplicates across files
    ingest([corpus], db=tmp_path / "one.duckdb", batch_size=4)
    result = run_ray([corpus], out=tmp_path / "parts", workers=2)
    assert result["coded_inputs"] == 3
    import_parts(tmp_path / "parts", db=tmp_path / "ray.duckdb", inputs=result["input_order"])
    assert snapshot(tmp_path / "ray.duckdb") == snapshot(tmp_path / "one.duckdb")
    again = run_ray([corpus], out=tmp_path / "parts", workers=2)  # resumed: nothing left to do
    assert again["coded_inputs"] == 0 and again["resumed_skipped"] == 3
