"""The ``places`` and ``locating`` stages on hand-built documents (spaCy loaded once)."""

from __future__ import annotations

import pytest

from dyad.config import PipelineConfig
from dyad.extract.places.stage import LocatingStage, PlacesStage
from dyad.model import Document, Event, Mention, Provenance, TextSpan
from dyad.registry import stages


def _event(doc: Document, trigger: str, *, nth: int = 0) -> Event:
    """An event whose trigger is the ``nth`` occurrence of ``trigger`` in the document."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(trigger, start + 1)
    end = start + len(trigger)
    sentence = next(s for s in doc.sentences() if s.start <= start and end <= s.end)
    return Event(id=f"e{start}", article_id=doc.article.id, event_type="CONSULT",
                 mentions=(Mention(sentence=sentence, trigger=TextSpan(trigger, start, end)),),
                 coder=Provenance("test", "0"))


@pytest.fixture
def run(make_doc):
    config = PipelineConfig()
    places, locating = PlacesStage(config), LocatingStage(config)

    def go(text: str, *triggers: str) -> Document:
        doc = places(make_doc(text))
        doc.events = [_event(doc, t) for t in triggers]
        return locating(doc)

    return go


def test_places_stages_are_registered() -> None:
    config = PipelineConfig()
    assert stages.make("places", config=config).name == "places"
    assert stages.make("locating", config=config).name == "locating"


def test_places_stage_fills_document_places(run) -> None:
    doc = run("President Trump met Kim Jong Un in Singapore in June, and later visited Hanoi, Vietnam.")
    names = {p.text: p for p in doc.places}
    assert names["Singapore"].country == "SGP" and names["Singapore"].geonameid is not None
    assert names["Hanoi"].country == "VNM" and names["Hanoi"].precision == "city"
    assert names["Vietnam"].feature == "country"
    assert all(doc.text[p.start:p.end] == p.text for p in doc.places)
    assert not any(p.text in {"Trump", "Kim Jong Un"} for p in doc.places)


def test_places_demonyms_are_not_places(run) -> None:
    doc = run("Russian and Syrian forces shelled the town.")
    assert [p.text for p in doc.places] == []


def test_places_locating_uses_the_governing_preposition(run) -> None:
    doc = run("Trump and Kim met in Singapore on June 12.", "met")
    assert doc.events[0].location is not None
    assert doc.events[0].location.name == "Singapore" and doc.events[0].location.basis == "text"


def test_places_locating_noun_trigger_in_its_verb_clause(run) -> None:
    doc = run("The two leaders held a summit in Singapore last year.", "summit")
    assert doc.events[0].location is not None and doc.events[0].location.country == "SGP"


def test_places_locating_building_resolves_to_its_city(run) -> None:
    doc = run("Trump hosted Macron at the White House on Tuesday.", "hosted")
    location = doc.events[0].location
    assert location is not None and location.country == "USA" and location.name == "Washington"


def test_places_capital_as_actor_is_not_a_location(run) -> None:
    doc = run("Washington imposed new sanctions on Pyongyang.", "imposed")
    assert any(p.text == "Washington" for p in doc.places)  # still a toponym in the text
    assert doc.events[0].location is None


def test_places_place_of_another_clause_does_not_locate(run) -> None:
    doc = run("Trump said in Washington that he would meet Kim soon.", "meet")
    assert doc.events[0].location is None


def test_places_dateline_is_the_fallback(run) -> None:
    doc = run("KYIV, Ukraine — Russia launched missiles at power plants on Monday.", "launched")
    location = doc.events[0].location
    assert location is not None and location.name == "Kyiv" and location.precision == "city"
    # the record says the place is the dateline's (where the report was filed), not the text's
    assert location.basis == "dateline" and doc.events[0].to_dict()["location"]["basis"] == "dateline"
    # places found in the text carry no basis; only an event's location does
    assert all(p.basis is None for p in doc.places)


def test_places_locating_keeps_a_coder_location_when_nothing_is_found(make_doc) -> None:
    config = PipelineConfig()
    doc = PlacesStage(config)(make_doc("They talked for an hour."))
    given = PlacesStage(config)(make_doc("Talks in Oslo.")).places[0]
    doc.events = [_event(doc, "talked")]
    doc.replace_event(0, location=given)
    assert LocatingStage(config)(doc).events[0].location == given


def test_places_stage_rejects_unknown_options() -> None:
    from dyad.errors import DyadError

    with pytest.raises(DyadError):
        PlacesStage(PipelineConfig(stage_options={"places": {"bogus": 1}}))


@pytest.mark.parametrize(("text", "expected"), [
    # spaCy may tag a town as a person; "in X" and "X, State" show it is a place
    ("The fire started in Alexandria, La. on Friday.", {"Alexandria", "La."}),
    ("Officers of the Athens Police Department made the arrest.", {"Athens"}),
    # words of a full personal name are the person elsewhere too
    ("Secretary of State Mike Pompeo spoke. Pompeo said talks went well.", set()),
])
def test_places_detection_rules(run, text: str, expected: set[str]) -> None:
    assert {p.text for p in run(text).places} == expected


def test_places_detection_one_sense_per_discourse(run) -> None:
    doc = run("Torrington police said a man from Torrington was hurt. Torrington officials met.")
    assert [p.text for p in doc.places].count("Torrington") == 3


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Russian forces shelled Kharkiv overnight.", "shelled", "Kharkiv"),
    ("Trump visited Hanoi in February.", "visited", "Hanoi"),
    ("The United States sanctioned Iran again.", "sanctioned", None),
    ("Protesters gathered outside the embassy in Seoul on Friday.", "gathered", "Seoul"),
])
def test_places_locating_objects_and_phrases(run, text: str, trigger: str, expected: str | None) -> None:
    location = run(text, trigger).events[0].location
    assert (location.name if location else None) == expected


def test_places_demonyms_only_on_request(nlp) -> None:
    from dyad.extract.places import places_in

    parsed = nlp("Syrian troops entered the town.")
    assert places_in(parsed) == []
    (syria,) = places_in(parsed, demonyms=True)
    assert (syria.text, syria.country, syria.feature) == ("Syrian", "SYR", "country")
