"""dyad's typed records and the Document that flows through the pipeline."""

from dyad.model.records import (
    EVENT_TYPES,
    ONTOLOGY,
    STATUSES,
    Article,
    ArticleError,
    Attribution,
    Document,
    Entity,
    Event,
    Mention,
    Place,
    Provenance,
    TextSpan,
    TimeValue,
    stable_id,
)

__all__ = [
    "EVENT_TYPES", "ONTOLOGY", "STATUSES", "Article", "ArticleError", "Attribution", "Document",
    "Entity", "Event", "Mention", "Place", "Provenance", "TextSpan", "TimeValue", "stable_id",
]
