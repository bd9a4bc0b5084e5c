"""Records: JSON round trip (property-based) and the contract's shapes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.model import (
    EVENT_TYPES,
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
)

texts = st.text(max_size=40)
offsets = st.integers(min_value=0, max_value=10_000)
opt_text = st.none() | st.text(max_size=12)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))

text_spans = st.builds(TextSpan, text=texts, start=offsets, end=offsets)
entities = st.builds(
    Entity, text=texts, start=offsets, end=offsets, code=opt_text, sector=opt_text, name=opt_text,
    role=opt_text, kb_id=opt_text, kind=opt_text, antecedent=st.none() | st.tuples(offsets, offsets))
time_values = st.builds(
    TimeValue, text=texts, start=offsets, end=offsets, type=st.sampled_from(["DATE", "TIME", "DURATION", "SET"]),
    value=texts, earliest=st.none() | dates, latest=st.none() | dates, precision=opt_text)
places = st.builds(
    Place, text=texts, start=offsets, end=offsets, name=opt_text,
    geonameid=st.none() | st.integers(min_value=0, max_value=10**8),
    lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180),
    country=opt_text, feature=opt_text, precision=opt_text,
    basis=st.none() | st.sampled_from(["text", "dateline"]))
attributions = st.builds(
    Attribution, source=entities, cue=st.none() | text_spans, content=st.none() | text_spans,
    kind=st.sampled_from(["reported", "quote", "according_to"]), parent=st.none() | st.integers(0, 5))
mentions = st.builds(Mention, sentence=text_spans, trigger=text_spans, article_id=opt_text,
                     status=st.none() | st.sampled_from(STATUSES))
events = st.builds(
    Event, id=texts, article_id=texts, event_type=st.sampled_from(EVENT_TYPES),
    mentions=st.lists(mentions, min_size=1, max_size=3).map(tuple),
    coder=st.builds(Provenance, name=texts, version=texts),
    actor=st.lists(entities, max_size=2).map(tuple), recipient=st.lists(entities, max_size=2).map(tuple),
    mode=opt_text, cameo=opt_text, contexts=st.lists(st.text(max_size=8), max_size=2).map(tuple),
    status=st.sampled_from(STATUSES), factuality=st.floats(-3, 3), date=st.none() | time_values,
    location=st.none() | places, attribution=st.lists(attributions, max_size=2).map(tuple),
    confidence=st.floats(0, 1))
articles = st.builds(
    Article, id=texts, text=texts, url=opt_text, title=opt_text, source=opt_text,
    published=st.none() | dates, published_assumed=st.booleans(), language=opt_text, origin=opt_text)
errors = st.builds(ArticleError, code=texts, message=texts, stage=texts, article_id=opt_text,
                   origin=opt_text, skipped=st.booleans())
documents = st.builds(
    Document, article=articles, events=st.lists(events, max_size=3), actors=st.lists(entities, max_size=3),
    times=st.lists(time_values, max_size=3), places=st.lists(places, max_size=3),
    attributions=st.lists(attributions, max_size=3), errors=st.lists(errors, max_size=2))


@settings(max_examples=60, deadline=None)
@given(documents)
def test_model_document_json_round_trip(doc: Document) -> None:
    data = json.loads(json.dumps(doc.to_dict()))
    again = Document.from_dict(data)
    assert again.to_dict() == doc.to_dict()
    assert again.events == doc.events


def test_model_article_id_is_content_hash() -> None:
    a = Article.create("North Korea  returned\nremains.", published="2018-08-02")
    b = Article.create("North Korea returned remains.", url="https://x.example/2")
    c = Article.create("North Korea returned the remains.")
    assert a.id == b.id != c.id
    assert a.published == dt.date(2018, 8, 2) and not a.published_assumed
    assert b.published_assumed and b.published == dt.date.today()


def test_model_article_rejects_bad_date() -> None:
    with pytest.raises(DyadError) as info:
        Article.create("text", published="not a date at all")
    assert info.value.code == "E012"


def test_model_event_json_has_contract_keys() -> None:
    sent = TextSpan("Trump met Kim.", 0, 14)
    event = Event(id="x", article_id="a", event_type="CONSULT",
                  mentions=(Mention(sentence=sent, trigger=TextSpan("met", 6, 9)),),
                  coder=Provenance("rules", "0.1.0"),
                  actor=(Entity("Trump", 0, 5, code="USA", sector="GOV"),))
    d = event.to_dict()
    for key in ("id", "article_id", "event_type", "mode", "cameo", "contexts", "actor", "recipient",
                "status", "factuality", "date", "location", "attribution", "mentions", "confidence",
                "coder", "ontology"):
        assert key in d
    assert d["actor"][0]["span"] == [0, 5]
    assert d["mentions"][0]["trigger"] == {"text": "met", "span": [6, 9]}
    assert d["ontology"] == "PLOVER-2.0"
