"""Code a corpus on Ray Data, in local mode or on an existing cluster.

The driver lists the input files (folders expanded; local paths or fsspec URLs); Ray Data maps
them over a pool of actors, each of which builds the dyad pipeline once and codes whole input
files, writing one Parquet part per file (see :mod:`dyad.scale.parquet_parts`). A killed run
resumes by skipping files whose part exists. ``dyad import`` then loads the parts into DuckDB.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.scale.parquet_parts import done_inputs, write_part

_LISTED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".txt", ".text", ".md", ".html", ".htm",
                    ".warc", ".warc.gz", ".rss", ".atom", ".xml", ".parquet")


def list_inputs(paths: Iterable[str | Path]) -> list[str]:
    """Input files in a stable order: folders expanded (recursively), URLs kept as given."""
    files: list[str] = []
    for raw in paths:
        text = str(raw)
        if "://" in text and not text.startswith("file://"):
            import fsspec

            fs, _, found = fsspec.get_fs_token_paths(text)
            protocol = text.split("://", 1)[0]
            for p in sorted(found):
                if fs.isdir(p):
                    files.extend(f"{protocol}://{q}" for q in sorted(fs.find(p)) if q.endswith(_LISTED_SUFFIXES))
                else:
                    files.append(f"{protocol}://{p}")
            continue
        path = Path(text.removeprefix("file://"))
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(str(path))
    return files


def _local_copy(path: str) -> tuple[str, str | None]:
    """A local path for ``path`` (downloading fsspec URLs to a temporary file)."""
    if "://" not in path or path.startswith("file://"):
        return path.removeprefix("file://"), None
    import fsspec

    suffix = "".join(Path(path).suffixes[-2:])
    fd, tmp = tempfile.mkstemp(suffix=suffix)
    os.close(fd)
    with fsspec.open(path, "rb") as src, open(tmp, "wb") as dst:
        dst.write(src.read())
    return tmp, tmp


def iter_items(path: str, *, max_chars: int) -> Iterator[Any]:
    """Articles and errors from one input file (Parquet inputs read here, others by dyad.ingest)."""
    from dyad.ingest import iter_inputs

    local, tmp = _local_copy(path)
    try:
        if local.endswith(".parquet"):
            yield from _iter_parquet(local, origin=path)
        else:
            yield from iter_inputs([local], max_chars=max_chars)
    finally:
        if tmp:
            os.unlink(tmp)


def _iter_parquet(local: str, *, origin: str) -> Iterator[Any]:
    import pyarrow.parquet as pq

    from dyad.model import Article, ArticleError

    table = pq.read_table(local)
    for i, row in enumerate(table.to_pylist()):
        text = row.get("text")
        if not text or not str(text).strip():
            yield ArticleError(code=E.EMPTY_INPUT.code, message=f"{origin}:{i + 1}: the article has no text; skipped",
                               stage="ingest", origin=f"{origin}:{i + 1}", skipped=True)
            continue
        published = row.get("published")
        yield Article.create(str(text), published=str(published) if published else None, url=row.get("url"),
                             title=row.get("title"), source=row.get("source"), origin=f"{origin}:{i + 1}")


class FileCoder:
    """A Ray actor: builds the pipeline once, then codes whole input files into Parquet parts."""

    def __init__(self, config: dict[str, Any], out_dir: str) -> None:
        from dyad.pipeline import Pipeline

        self.pipeline = Pipeline(config)
        self.out_dir = Path(out_dir)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from dyad.model import Article

        paths, rows = [], []
        for path in batch["path"]:
            items = list(iter_items(str(path), max_chars=self.pipeline.config.max_chars))
            articles = [i for i in items if isinstance(i, Article)]
            coded = iter(self.pipeline.pipe(articles))
            ordered = [next(coded) if isinstance(i, Article) else i for i in items]
            rows.append(write_part(self.out_dir, str(path), ordered))
            paths.append(str(path))
        return {"path": paths, "rows": rows}


def run_ray(
    paths: Iterable[str | Path],
    *,
    out: str | Path,
    address: str | None = None,
    workers: int = 2,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Code every input file on Ray; returns counts. Parts already written are skipped."""
    try:
        import ray
    except ModuleNotFoundError as exc:
        raise DyadError(E.EXTRA_MISSING, feature="--engine ray", package="ray[data]", extra="ray") from exc
    from dyad.config import make_config

    cfg = make_config(config, n_process=1).model_dump()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = list_inputs(paths)
    todo = [p for p in inputs if p not in done_inputs(out_dir, inputs)]
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 ignore_reinit_error=True, num_cpus=None if address else workers)
    try:
        written = 0
        if todo:
            ds = ray.data.from_items([{"path": p} for p in todo])
            coded = ds.map_batches(FileCoder, fn_constructor_kwargs={"config": cfg, "out_dir": str(out_dir)},
                                   batch_size=1, concurrency=workers, num_cpus=1)
            written = sum(int(r["rows"]) for r in coded.iter_rows())
    finally:
        if started_here:
            ray.shutdown()
    return {"inputs": len(inputs), "coded_inputs": len(todo), "resumed_skipped": len(inputs) - len(todo),
            "rows": written, "out": str(out_dir), "input_order": inputs}
