"""Pipeline stages ``events`` (run the configured coder) and ``merge`` (one record per event)."""

from __future__ import annotations

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.events import classify as _classify  # noqa: F401  (registers the pair classifier)
from dyad.extract.events import rules as _rules  # noqa: F401  (registers the rules coder)
from dyad.extract.events.merge import merge_events
from dyad.model import Document
from dyad.protocols import EventCoder
from dyad.registry import coders, stages


class EventsStage:
    """Codes events with the backend named by ``config.coder`` and sets ``Document.events``."""

    name = "events"

    def __init__(self, config: PipelineConfig) -> None:
        self.coder: EventCoder = coders.make(config.coder, config=config)

    def __call__(self, doc: Document) -> Document:
        if doc.parse is None:
            raise DyadError(E.EVENTS_NEED_PARSE, stage=self.name)
        doc.events = list(self.coder.code(doc))
        return doc


class MergeStage:
    """Merges mentions of one real-world event within an article (runs last)."""

    name = "merge"

    def __call__(self, doc: Document) -> Document:
        doc.events = merge_events(doc.events)
        return doc


@stages.register("events")
def make_events_stage(config: PipelineConfig) -> EventsStage:
    return EventsStage(config)


@stages.register("merge")
def make_merge_stage(config: PipelineConfig) -> MergeStage:
    return MergeStage()
