"""Pipeline stages ``attributions`` (who claims what) and ``status`` (how sure, and per whom).

``attributions`` runs after ``actors`` and fills ``Document.attributions``. ``status`` runs
after ``events``: for every event it sets ``status`` and ``factuality`` (and each mention's
``status``) from the parse around the trigger, and ``attribution``: the claims whose content
holds a trigger, innermost first and then outward along the parent chain (the official, then
CNN).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.attribution.api import _parse, tokens_in
from dyad.extract.attribution.extract import extract_attributions
from dyad.extract.attribution.status import StatusReading, assess, head_token
from dyad.model import Attribution, Document, Mention
from dyad.registry import stages


def _no_options(config: PipelineConfig, stage: str) -> None:
    options = config.stage_options.get(stage) or {}
    if options:
        raise DyadError(E.BAD_CONFIG, detail=f"stage '{stage}' takes no options, got: {', '.join(sorted(options))}")


class AttributionStage:
    """Adds ``Document.attributions`` (reported speech, claims, quotes and their sources)."""

    name = "attributions"

    def __call__(self, doc: Document) -> Document:
        doc.attributions = extract_attributions(doc)
        return doc


class StatusStage:
    """Sets status, factuality and sources on every event of the Document."""

    name = "status"

    def __call__(self, doc: Document) -> Document:
        for index, event in enumerate(doc.events):
            readings = [mention_status(doc, m) for m in event.mentions]
            mentions = tuple(replace(m, status=r.status) for m, r in zip(event.mentions, readings, strict=True))
            status, factuality = _event_status(readings)
            doc.replace_event(index, status=status, factuality=factuality, mentions=mentions,
                              attribution=sources_for(doc.attributions, event.mentions))
        return doc


def mention_status(doc: Document, mention: Mention) -> StatusReading:
    """Status of one mention, read off the article parse (or a parse of its sentence alone)."""
    start, end = mention.trigger.start, mention.trigger.end
    if doc.parse is not None:
        tokens = tokens_in(doc.parse, start, end)
    else:
        sentence = mention.sentence
        tokens = tokens_in(_parse(sentence.text), start - sentence.start, end - sentence.start)
    if not tokens:
        return StatusReading("occurred", 3.0)
    return assess(head_token(tokens))


def _event_status(readings: list[StatusReading]) -> tuple[str, float]:
    """The status most mentions give (the earliest mention breaks ties) and its factuality."""
    if not readings:
        return "occurred", 3.0
    counts = Counter(r.status for r in readings)
    best = max(counts.values())
    chosen = next(r for r in readings if counts[r.status] == best)
    return chosen.status, chosen.factuality


def sources_for(attributions: list[Attribution], mentions: tuple[Mention, ...]) -> tuple[Attribution, ...]:
    """Claims whose content holds a mention's trigger: innermost first, then outward via parents."""
    chosen: list[int] = []
    for mention in mentions:
        s, e = mention.trigger.start, mention.trigger.end
        holding = [i for i, a in enumerate(attributions)
                   if a.content is not None and a.content.start <= s and e <= a.content.end]
        holding.sort(key=lambda i: _content_length(attributions[i]))
        chain: list[int] = []
        for i in holding:
            j: int | None = i
            while j is not None and j not in chain and 0 <= j < len(attributions):
                chain.append(j)
                j = attributions[j].parent
        chosen.extend(i for i in chain if i not in chosen)
    return tuple(attributions[i] for i in chosen)


def _content_length(attribution: Attribution) -> int:
    content = attribution.content
    return content.end - content.start if content is not None else 1 << 30


@stages.register("attributions")
def make_attribution_stage(config: PipelineConfig) -> AttributionStage:
    _no_options(config, "attributions")
    return AttributionStage()


@stages.register("status")
def make_status_stage(config: PipelineConfig) -> StatusStage:
    _no_options(config, "status")
    return StatusStage()
