"""Frozen record types that make up a coded article.

Every record carries character offsets into ``Article.text`` so that any value can be traced
back to the words it came from. Records serialise to the JSON shapes of the public contract
(``to_dict``) and back (``from_dict``); the round trip is exact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

ONTOLOGY = "PLOVER-2.0"

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES: tuple[str, ...] = ("occurred", "ongoing", "planned", "possible", "negated", "hypothetical")


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, stable hex digest of the given parts (used for article and event ids)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


def _span(d: dict[str, Any]) -> tuple[int, int]:
    if "span" in d and d["span"] is not None:
        start, end = d["span"]
        return int(start), int(end)
    return int(d["start"]), int(d["end"])


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the article text with its ``[start, end)`` character offsets."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": [self.start, self.end]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TextSpan:
        start, end = _span(d)
        return cls(text=d["text"], start=start, end=end)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which component produced a record, and which version of it."""

    name: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        return cls(name=d["name"], version=d["version"])


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``id`` is a hash of the text, so the same content gets the same id."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_assumed: bool = False  # True when no date was given and today was used
    language: str | None = "en"
    origin: str | None = None  # file path / WARC record / feed entry this article came from

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(" ".join(text.split()))

    @classmethod
    def create(
        cls,
        text: str,
        *,
        published: dt.date | str | None = None,
        url: str | None = None,
        title: str | None = None,
        source: str | None = None,
        language: str | None = "en",
        origin: str | None = None,
    ) -> Article:
        assumed = published is None or published == ""
        pub = dt.date.today() if assumed else _parse_published(published)
        return cls(id=cls.make_id(text), text=text, url=url, title=title, source=source,
                   published=pub, published_assumed=assumed, language=language, origin=origin)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "url": self.url, "title": self.title, "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "published_assumed": self.published_assumed,
            "text": self.text, "language": self.language, "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(id=d["id"], text=d["text"], url=d.get("url"), title=d.get("title"),
                   source=d.get("source"), published=_date_or_none(d.get("published")),
                   published_assumed=bool(d.get("published_assumed", False)),
                   language=d.get("language"), origin=d.get("origin"))


def _parse_published(value: dt.date | dt.datetime | str | None) -> dt.date:
    from dyad.errors import DyadError, E

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser

        return date_parser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError) as exc:
        raise DyadError(E.BAD_PUBLISHED, value=text) from exc


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor mention resolved (as far as possible) to codes.

    ``code`` is an ISO 3166-1 alpha-3 country code or an organisation code (``UNO``, ``NATO``);
    ``sector`` a sector code (GOV, MIL, MED, ...); ``name``/``role``/``kb_id`` identify a named
    person or organisation in the actor knowledge base, with the role held at the article date.
    """

    text: str
    start: int
    end: int
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    kb_id: str | None = None
    kind: str | None = None  # country | organization | person | group | unknown
    antecedent: tuple[int, int] | None = None  # span of the full mention this one refers back to

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "span": [self.start, self.end], "code": self.code,
            "sector": self.sector, "name": self.name, "role": self.role, "kb_id": self.kb_id,
            "kind": self.kind,
            "antecedent": list(self.antecedent) if self.antecedent else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        start, end = _span(d)
        ante = d.get("antecedent")
        return cls(text=d["text"], start=start, end=end, code=d.get("code"),
                   sector=d.get("sector"), name=d.get("name"), role=d.get("role"),
                   kb_id=d.get("kb_id"), kind=d.get("kind"),
                   antecedent=(int(ante[0]), int(ante[1])) if ante else None)


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A normalised time expression (TIMEX3 type and value) with a date range and precision."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value, e.g. 2018-W31, 2018-08-04, P1Y, XXXX-WXX-1
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: str | None = None  # day | week | month | season | quarter | year | decade | report

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "span": [self.start, self.end], "start": self.start, "end": self.end,
            "type": self.type, "value": self.value,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeValue:
        start, end = _span(d)
        return cls(text=d["text"], start=start, end=end, type=d["type"], value=d["value"],
                   earliest=_date_or_none(d.get("earliest")), latest=_date_or_none(d.get("latest")),
                   precision=d.get("precision"))


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved to a GeoNames entry (or unresolved, with ``geonameid`` None)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3
    feature: str | None = None  # country | admin1 | city | ...
    precision: str | None = None  # country | admin1 | city
    # An event's location only: how it was found. "text": a place in the event's own clause ("met
    # IN SINGAPORE"); "dateline": no place governs the event, so the place the report was filed
    # from ("MOSCOW —") stands in, which is often not where it happened. None for other places.
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text, "span": [self.start, self.end], "start": self.start, "end": self.end,
            "name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
            "country": self.country, "feature": self.feature, "precision": self.precision,
        }
        if self.basis is not None:
            out["basis"] = self.basis
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        start, end = _span(d)
        gid = d.get("geonameid")
        return cls(text=d["text"], start=start, end=end, name=d.get("name"),
                   geonameid=int(gid) if gid is not None else None, lat=d.get("lat"),
                   lon=d.get("lon"), country=d.get("country"), feature=d.get("feature"),
                   precision=d.get("precision"), basis=d.get("basis"))


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who claims something: the source, the cue ("said", "according to") and the content."""

    source: Entity
    cue: TextSpan | None = None
    content: TextSpan | None = None
    kind: str = "reported"  # reported | quote | according_to | byline | ...
    parent: int | None = None  # index in Document.attributions of the outer claim, if nested

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict() if self.content else None,
            "kind": self.kind, "parent": self.parent,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        return cls(source=Entity.from_dict(d["source"]),
                   cue=TextSpan.from_dict(d["cue"]) if d.get("cue") else None,
                   content=TextSpan.from_dict(d["content"]) if d.get("content") else None,
                   kind=d.get("kind", "reported"), parent=d.get("parent"))


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in an article where an event is mentioned."""

    sentence: TextSpan
    trigger: TextSpan
    article_id: str | None = None
    status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence.to_dict(), "trigger": self.trigger.to_dict(),
                "article_id": self.article_id, "status": self.status}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(sentence=TextSpan.from_dict(d["sentence"]),
                   trigger=TextSpan.from_dict(d["trigger"]),
                   article_id=d.get("article_id"), status=d.get("status"))


@dataclass(frozen=True, slots=True)
class Event:
    """One PLOVER event: who did what to whom, when, where, according to whom, how sure."""

    id: str
    article_id: str
    event_type: str
    mentions: tuple[Mention, ...]
    coder: Provenance
    actor: tuple[Entity, ...] = ()
    recipient: tuple[Entity, ...] = ()
    mode: str | None = None
    cameo: str | None = None
    contexts: tuple[str, ...] = ()
    status: str = "occurred"
    factuality: float = 3.0
    date: TimeValue | None = None
    location: Place | None = None
    attribution: tuple[Attribution, ...] = ()
    confidence: float = 1.0
    ontology: str = ONTOLOGY

    @staticmethod
    def make_id(article_id: str, event_type: str, trigger_start: int, trigger_end: int) -> str:
        return stable_id(article_id, event_type, trigger_start, trigger_end)

    @property
    def trigger(self) -> TextSpan:
        return self.mentions[0].trigger

    @property
    def sentence(self) -> TextSpan:
        return self.mentions[0].sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "article_id": self.article_id, "event_type": self.event_type,
            "mode": self.mode, "cameo": self.cameo, "contexts": list(self.contexts),
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [r.to_dict() for r in self.recipient],
            "status": self.status, "factuality": self.factuality,
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "attribution": [a.to_dict() for a in self.attribution],
            "mentions": [m.to_dict() for m in self.mentions],
            "confidence": self.confidence, "coder": self.coder.to_dict(), "ontology": self.ontology,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=d["id"], article_id=d["article_id"], event_type=d["event_type"],
            mode=d.get("mode"), cameo=d.get("cameo"), contexts=tuple(d.get("contexts") or ()),
            actor=tuple(Entity.from_dict(a) for a in d.get("actor") or ()),
            recipient=tuple(Entity.from_dict(r) for r in d.get("recipient") or ()),
            status=d.get("status", "occurred"), factuality=float(d.get("factuality", 3.0)),
            date=TimeValue.from_dict(d["date"]) if d.get("date") else None,
            location=Place.from_dict(d["location"]) if d.get("location") else None,
            attribution=tuple(Attribution.from_dict(a) for a in d.get("attribution") or ()),
            mentions=tuple(Mention.from_dict(m) for m in d["mentions"]),
            confidence=float(d.get("confidence", 1.0)), coder=Provenance.from_dict(d["coder"]),
            ontology=d.get("ontology", ONTOLOGY),
        )


@dataclass(frozen=True, slots=True)
class ArticleError:
    """Why an article (or one stage on it) failed or was skipped. Stored in the ``errors`` table."""

    code: str
    message: str
    stage: str
    article_id: str | None = None
    origin: str | None = None
    skipped: bool = False  # True: deliberately not coded (non-English, empty); False: a failure

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "stage": self.stage,
                "article_id": self.article_id, "origin": self.origin, "skipped": self.skipped}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleError:
        return cls(code=d["code"], message=d["message"], stage=d["stage"], article_id=d.get("article_id"),
                   origin=d.get("origin"), skipped=bool(d.get("skipped", False)))


@dataclass(slots=True)
class Document:
    """The one object that flows through the pipeline. Stages read it and add records to it.

    The lists hold frozen records; ``parse`` holds the spaCy ``Doc`` (not serialised).
    """

    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Entity] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    errors: list[ArticleError] = field(default_factory=list)
    parse: Any = None  # spacy.tokens.Doc once the parse stage has run

    @property
    def text(self) -> str:
        return self.article.text

    def span_text(self, start: int, end: int) -> str:
        return self.article.text[start:end]

    def text_span(self, start: int, end: int) -> TextSpan:
        return TextSpan(self.article.text[start:end], start, end)

    def sentences(self) -> list[TextSpan]:
        """Sentence spans from the parse (the whole text as one sentence when unparsed)."""
        if self.parse is None:
            return [TextSpan(self.text, 0, len(self.text))]
        return [TextSpan(s.text, s.start_char, s.end_char) for s in self.parse.sents]

    def actors_in(self, start: int, end: int) -> list[Entity]:
        """Actor mentions that overlap ``[start, end)``, in text order."""
        return [a for a in self.actors if a.start < end and start < a.end]

    def replace_event(self, index: int, **changes: Any) -> None:
        self.events[index] = replace(self.events[index], **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "actors": [a.to_dict() for a in self.actors],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
            "attributions": [a.to_dict() for a in self.attributions],
            "errors": [e.to_dict() for e in self.errors],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            article=Article.from_dict(d["article"]),
            events=[Event.from_dict(e) for e in d.get("events") or ()],
            actors=[Entity.from_dict(a) for a in d.get("actors") or ()],
            times=[TimeValue.from_dict(t) for t in d.get("times") or ()],
            places=[Place.from_dict(p) for p in d.get("places") or ()],
            attributions=[Attribution.from_dict(a) for a in d.get("attributions") or ()],
            errors=[ArticleError.from_dict(e) for e in d.get("errors") or ()],
        )
