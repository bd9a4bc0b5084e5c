"""The pipeline: named stages run in order over one Document each.

Error policy: :meth:`Pipeline.process` raises (one article, the caller wants to know);
:meth:`Pipeline.pipe` records the failure on the Document (``doc.errors``) and goes on with the
next article, so one broken article never sinks a batch.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from dyad.config import PipelineConfig, make_config
from dyad.errors import DyadError, E
from dyad.model import Article, ArticleError, Document
from dyad.registry import stages as stage_registry


@runtime_checkable
class Stage(Protocol):
    """A pipeline stage: reads the Document and adds records to it."""

    name: str

    def __call__(self, doc: Document) -> Document: ...


class Pipeline:
    """Runs the configured stages over articles.

    >>> nlp = Pipeline(coder="rules")          # doctest: +SKIP
    >>> doc = nlp.process(Article.create("..."))  # doctest: +SKIP
    """

    def __init__(self, config: PipelineConfig | dict[str, Any] | None = None, **overrides: Any) -> None:
        self.config = make_config(config, **overrides)
        self.stages: list[Stage] = [stage_registry.make(name, config=self.config) for name in self.config.stages]
        # wall seconds spent in each stage by pipe(), for benchmarks and `--profile` style reports
        self.stage_seconds: dict[str, float] = dict.fromkeys(self.stage_names, 0.0)

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def process(self, article: Article) -> Document:
        """Code one article; a failing stage raises :class:`DyadError` (E020) with the cause chained."""
        doc = Document(article=article)
        for stage in self.stages:
            try:
                doc = stage(doc)
            except DyadError:
                raise
            except Exception as exc:
                raise DyadError(E.STAGE_FAILED, stage=stage.name, article_id=article.id,
                                detail=f"{type(exc).__name__}: {exc}") from exc
        return doc

    def pipe(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Document]:
        """Code many articles, streaming, in input order. Failures are recorded, never raised."""
        size = batch_size or self.config.batch_size
        iterator = iter(articles)
        while batch := list(itertools.islice(iterator, size)):
            yield from self._run_batch([Document(article=a) for a in batch])

    def _run_batch(self, docs: list[Document]) -> list[Document]:
        live = docs
        for stage in self.stages:
            live = [d for d in live if not d.errors]
            if not live:
                break
            started = time.perf_counter()
            self._run_stage(stage, live)
            self.stage_seconds[stage.name] += time.perf_counter() - started
        return docs

    def _run_stage(self, stage: Stage, live: list[Document]) -> None:
        batch_pipe = getattr(stage, "pipe", None)
        if batch_pipe is not None:
            try:
                list(batch_pipe(live))
                return
            except Exception:  # retried one by one below, where the error is recorded
                pass
        for doc in live:
            try:
                stage(doc)
            except Exception as exc:
                doc.errors.append(_stage_error(stage.name, doc, exc))


def _stage_error(stage: str, doc: Document, exc: Exception) -> ArticleError:
    if isinstance(exc, DyadError):
        return ArticleError(code=exc.code, message=exc.message, stage=stage,
                            article_id=doc.article.id, origin=doc.article.origin)
    err = DyadError(E.STAGE_FAILED, stage=stage, article_id=doc.article.id,
                    detail=f"{type(exc).__name__}: {exc}")
    return ArticleError(code=err.code, message=err.message, stage=stage,
                        article_id=doc.article.id, origin=doc.article.origin)
