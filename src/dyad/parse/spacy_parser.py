"""The parse stage: spaCy tokens, sentences, dependency parse and named entities.

Only the components dyad uses are loaded (the separate sentence recogniser is excluded: the
parser sets sentence boundaries). Batches go through ``nlp.pipe`` with ``n_process`` workers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.model import Document
from dyad.registry import stages

# Components of the en_core_web_* pipelines that dyad does not use.
EXCLUDED_COMPONENTS = ("senter",)


@lru_cache(maxsize=4)
def load_nlp(name: str, fallback: str | None = "en_core_web_sm", max_chars: int = 1_000_000) -> Any:
    """Load a spaCy pipeline once per process, falling back to ``fallback`` if ``name`` is absent."""
    import spacy

    for candidate in (name, fallback):
        if not candidate:
            continue
        try:
            nlp = spacy.load(candidate, exclude=list(EXCLUDED_COMPONENTS))
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, max_chars + 1)
        return nlp
    raise DyadError(E.MODEL_MISSING, name=name)


class SpacyParser:
    """Adds ``Document.parse`` (a spaCy ``Doc``)."""

    name = "parse"

    def __init__(self, config: PipelineConfig) -> None:
        self.model_name = config.spacy_model
        self.fallback = config.spacy_fallback
        self.max_chars = config.max_chars
        self.n_process = config.n_process
        self.batch_size = config.batch_size

    @property
    def nlp(self) -> Any:
        return load_nlp(self.model_name, self.fallback, self.max_chars)

    def __call__(self, doc: Document) -> Document:
        doc.parse = self.nlp(doc.text)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Parse many documents in batches (and in ``n_process`` processes when > 1)."""
        pending: deque[Document] = deque()

        def texts() -> Iterator[str]:
            for d in docs:
                pending.append(d)
                yield d.text

        for parsed in self.nlp.pipe(texts(), batch_size=self.batch_size, n_process=self.n_process):
            document = pending.popleft()
            document.parse = parsed
            yield document


@stages.register("parse")
def make_parser(config: PipelineConfig) -> SpacyParser:
    return SpacyParser(config)
