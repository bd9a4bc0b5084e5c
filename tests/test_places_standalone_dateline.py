"""A stand-alone dateline ("GENEVA —") names a city known by itself: countries the story names as
actors do not pull it to a namesake in their territory, while regional evidence still decides."""

from __future__ import annotations

from dyad.config import PipelineConfig
from dyad.extract.places.stage import PlacesStage


def _places(make_doc, text: str) -> dict[str, tuple[str | None, str | None]]:
    doc = PlacesStage(PipelineConfig())(make_doc(text))
    return {p.text: (p.country, p.feature) for p in doc.places}


def test_places_standalone_dateline_ignores_country_context(make_doc) -> None:
    text = ("GENEVA — President Joe Biden and President Vladimir Putin agreed to return their ambassadors, "
            "and the United States and Russia will open talks. U.S. officials welcomed the deal.")
    assert _places(make_doc, text)["GENEVA"][0] == "CHE"


def test_places_dateline_with_region_still_restricts(make_doc) -> None:
    text = "GENEVA, Ill. — The city council of the Chicago suburb voted on Monday to repave Third Street."
    assert _places(make_doc, text)["GENEVA"][0] == "USA"


def test_places_body_mention_keeps_country_context(make_doc) -> None:
    # not a dateline: the article's places still decide between namesakes
    text = "Officials in Texas said the storm hit Paris and Tyler before reaching Dallas."
    assert _places(make_doc, text)["Paris"][0] == "USA"
