"""Coded documents as Parquet part files, one per input file, and their import into the store.

Distributed runs (Ray) write one part per input file, atomically (write to a temporary name,
then rename), named by a hash of the input path. A killed run resumes by skipping inputs whose
part exists; ``import_parts`` loads every part into DuckDB through the same row code as a local
ingest, so the database is identical event for event.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.model import ArticleError, Document, stable_id

PART_SCHEMA = pa.schema([
    ("seq", pa.int64()),            # position in the input, to keep input order on import
    ("kind", pa.string()),          # document | error
    ("article_id", pa.string()),
    ("published", pa.string()),
    ("n_events", pa.int32()),
    ("payload", pa.string()),       # Document.to_dict() or ArticleError.to_dict() as JSON
])


def part_name(input_path: str) -> str:
    return f"part-{stable_id(input_path)}.parquet"


def write_part(out_dir: Path, input_path: str, items: Iterable[Document | ArticleError]) -> int:
    """Write one input file's coded documents and errors; returns the number of rows."""
    rows: list[dict[str, Any]] = []
    for seq, item in enumerate(items):
        if isinstance(item, Document):
            rows.append({"seq": seq, "kind": "document", "article_id": item.article.id,
                         "published": item.article.published.isoformat() if item.article.published else None,
                         "n_events": len(item.events), "payload": json.dumps(item.to_dict(), ensure_ascii=False)})
        else:
            rows.append({"seq": seq, "kind": "error", "article_id": item.article_id, "published": None,
                         "n_events": 0, "payload": json.dumps(item.to_dict(), ensure_ascii=False)})
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / part_name(input_path)
    tmp = out_dir / f".{final.name}.{os.getpid()}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=PART_SCHEMA), tmp)
    os.replace(tmp, final)  # atomic: a part is there whole or not at all
    return len(rows)


def done_inputs(out_dir: Path, inputs: Iterable[str]) -> set[str]:
    """Inputs whose part file already exists (a resumed run skips them)."""
    return {p for p in inputs if (out_dir / part_name(p)).exists()}


def iter_parts(out_dir: Path, inputs: Iterable[str] | None = None) -> Iterator[Document | ArticleError]:
    """Documents and errors from the parts, in input order when ``inputs`` is given."""
    parts = ([out_dir / part_name(p) for p in inputs] if inputs is not None
             else sorted(out_dir.glob("part-*.parquet")))
    for part in parts:
        if not part.exists():
            continue
        table = pq.read_table(part).sort_by("seq")
        for kind, payload in zip(table.column("kind").to_pylist(), table.column("payload").to_pylist(), strict=True):
            data = json.loads(payload)
            yield Document.from_dict(data) if kind == "document" else ArticleError.from_dict(data)


def import_parts(out_dir: Path, *, db: str | Path, inputs: Iterable[str] | None = None,
                 batch_size: int = 256, merge: bool = True) -> dict[str, int]:
    """Load coded parts into the store (skipping articles it already has)."""
    from dyad.store import EventStore

    counts = {"documents": 0, "events": 0, "errors": 0, "already_stored": 0}
    seen: set[str] = set()
    with EventStore(db) as store:
        docs: list[Document] = []
        errors: list[ArticleError] = []

        def flush() -> None:
            fresh, skipped = store.select_new(docs, lambda d: d.article.id, seen)
            counts["already_stored"] += skipped
            counts["events"] += store.write(fresh, errors)
            counts["documents"] += len(fresh)
            counts["errors"] += len(errors)
            docs.clear()
            errors.clear()

        for item in iter_parts(out_dir, inputs):
            (docs if isinstance(item, Document) else errors).append(item)  # type: ignore[arg-type]
            if len(docs) + len(errors) >= batch_size:
                flush()
        flush()
        if merge:
            from dyad.store.clusters import merge_store

            counts["clusters"] = int(merge_store(store).get("clusters_rebuilt", 0) or 0)
    return counts
