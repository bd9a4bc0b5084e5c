"""Batch jobs over many articles: ingest files into the store.

``ingest`` streams inputs, skips what the store already has, codes new articles in batches
(optionally in worker processes), and writes each batch in one transaction. A killed run
re-run ends with exactly the rows of one clean run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.config import PipelineConfig, make_config
from dyad.model import Article, ArticleError, Document


@dataclass
class IngestSummary:
    """What an ingest run did. ``failed`` and ``skipped`` articles are in the ``errors`` table."""

    coded: int = 0
    events: int = 0
    skipped: int = 0
    failed: int = 0
    already_stored: int = 0
    merged: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.coded + self.skipped + self.failed + self.already_stored

    def to_dict(self) -> dict[str, Any]:
        return {"coded": self.coded, "events": self.events, "skipped": self.skipped,
                "failed": self.failed, "already_stored": self.already_stored,
                "seconds": round(self.seconds, 3)}


ProgressCallback = Callable[[IngestSummary], None]

_worker_pipeline: Any = None


def _init_worker(config: dict[str, Any]) -> None:
    global _worker_pipeline
    from dyad.pipeline import Pipeline

    _worker_pipeline = Pipeline(config)


def _code_in_worker(articles: list[Article]) -> list[dict[str, Any]]:
    docs = list(_worker_pipeline.pipe(articles, batch_size=len(articles) or 1))
    return [d.to_dict() for d in docs]


def code_batches(
    batches: Iterable[list[Article]], *, config: PipelineConfig, workers: int = 1
) -> Iterator[list[Document]]:
    """Code batches of articles in order, in this process or in ``workers`` processes."""
    if workers <= 1:
        from dyad.pipeline import Pipeline

        pipeline = Pipeline(config)
        for batch in batches:
            yield list(pipeline.pipe(batch, batch_size=len(batch) or 1))
        return
    ctx = multiprocessing.get_context("spawn")
    worker_config = config.model_dump() | {"n_process": 1}
    with ctx.Pool(workers, initializer=_init_worker, initargs=(worker_config,)) as pool:
        # A bounded window of batches in flight, consumed in order on this thread (the input
        # generator talks to the store, which must stay on one thread).
        window: deque[Any] = deque()
        for batch in batches:
            window.append(pool.apply_async(_code_in_worker, (batch,)))
            if len(window) >= 2 * workers:
                yield [Document.from_dict(d) for d in window.popleft().get()]
        while window:
            yield [Document.from_dict(d) for d in window.popleft().get()]


def ingest(
    paths: Iterable[str | Path],
    *,
    db: str | Path = "dyad.duckdb",
    workers: int = 1,
    batch_size: int = 32,
    published: dt.date | None = None,
    config: PipelineConfig | dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    merge: bool = True,
) -> IngestSummary:
    """Code files, folders, JSONL, WARC or feeds into the store at ``db``; skip what is in.

    With ``merge`` (the default) new events are then merged incrementally with the stored ones
    into real-world events (see :mod:`dyad.store.clusters`)."""
    import time

    from dyad.ingest import iter_inputs
    from dyad.store.duckdb_store import EventStore

    cfg = make_config(config, batch_size=batch_size)
    summary = IngestSummary()
    started = time.perf_counter()
    with EventStore(db) as store:
        seen: set[str] = set()
        pending_errors: list[ArticleError] = []

        def new_article_batches() -> Iterator[list[Article]]:
            items = iter_inputs(paths, max_chars=cfg.max_chars, published=published)
            while chunk := list(itertools.islice(items, batch_size)):
                articles = [a for a in chunk if isinstance(a, Article)]
                for err in (e for e in chunk if isinstance(e, ArticleError)):
                    pending_errors.append(err)
                    summary.messages.append(err.message)
                    if err.skipped:
                        summary.skipped += 1
                    else:
                        summary.failed += 1
                fresh, skipped = store.select_new(articles, lambda a: a.id, seen)
                summary.already_stored += skipped
                if not fresh and pending_errors:
                    store.write([], _drain(pending_errors))
                    _report(summary, started, progress)
                if fresh:
                    yield fresh

        for docs in code_batches(new_article_batches(), config=cfg, workers=workers):
            summary.events += store.write(docs, _drain(pending_errors))
            for doc in docs:
                if doc.errors:
                    summary.failed += 1
                    summary.messages.extend(e.message for e in doc.errors)
                else:
                    summary.coded += 1
            _report(summary, started, progress)
        if pending_errors:
            store.write([], _drain(pending_errors))
        if merge:
            from dyad.store.clusters import merge_store

            summary.merged = merge_store(store)
    summary.seconds = time.perf_counter() - started
    return summary


def _drain(errors: list[ArticleError]) -> list[ArticleError]:
    out = list(errors)
    errors.clear()
    return out


def _report(summary: IngestSummary, started: float, progress: ProgressCallback | None) -> None:
    import time

    summary.seconds = time.perf_counter() - started
    if progress is not None:
        progress(summary)
