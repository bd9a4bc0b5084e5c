"""Golden test: the actors of the seed article (../shared/seed, published 2018-08-06)."""

from __future__ import annotations

import json

import pytest

from dyad.config import PipelineConfig
from dyad.extract.actors.stage import ActorStage
from dyad.model import Entity

from .conftest import shared_path


@pytest.fixture(scope="module")
def seed(nlp):
    from dyad.model import Article, Document

    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    doc = Document(article=Article.create(text, published="2018-08-06"))
    doc.parse = nlp(text)
    return ActorStage(PipelineConfig())(doc)


def mentions(seed, text: str) -> list[Entity]:
    found = [e for e in seed.actors if e.text == text]
    assert found, f"no actor mention {text!r}; found {sorted({e.text for e in seed.actors})}"
    return found


def fields(e: Entity) -> tuple:
    return (e.code, e.sector, e.name, e.role)


KIM = ("PRK", "GOV", "Kim Jong Un", "head of state")
TRUMP = ("USA", "GOV", "Donald Trump", "head of state")
POMPEO = ("USA", "GOV", "Mike Pompeo", "secretary of state")
RI = ("PRK", "GOV", "Ri Yong Ho", "foreign minister")


@pytest.mark.parametrize(("text", "expected"), [
    ("North Korean leader Kim Jong Un", KIM), ("Kim", KIM), ("Chairman Kim Jong Un", KIM),
    ("President Trump", TRUMP), ("Donald J. Trump", TRUMP), ("the President", TRUMP),
    ("U.S. Secretary of State Mike Pompeo", POMPEO), ("Pompeo", POMPEO), ("He", POMPEO),
    ("North Korean Foreign Minister Ri Yong Ho", RI), ("Ri", RI), ("The minister", RI),
])
def test_actors_seed_people(seed, text: str, expected: tuple) -> None:
    for e in mentions(seed, text):
        assert fields(e) == expected, e


def test_actors_seed_short_mentions_point_to_the_full_one(seed) -> None:
    full = mentions(seed, "North Korean leader Kim Jong Un")[0]
    assert full.antecedent is None
    assert all(e.antecedent == (full.start, full.end) for e in mentions(seed, "Kim"))
    ri = mentions(seed, "North Korean Foreign Minister Ri Yong Ho")[0]
    assert mentions(seed, "The minister")[0].antecedent == (ri.start, ri.end)


def test_actors_seed_the_two_leaders_are_trump_and_kim(seed) -> None:
    leaders = mentions(seed, "the two leaders")
    spans = {(e.start, e.end) for e in leaders}
    assert len(leaders) == 2 * len(spans) >= 10
    for span in spans:
        assert sorted(e.name for e in leaders if (e.start, e.end) == span) == ["Donald Trump", "Kim Jong Un"]


@pytest.mark.parametrize(("text", "code", "sector"), [
    ("CNN", None, "MED"), ("CNBC", None, "MED"), ("North Korean officials", "PRK", "GOV"),
    ("U.S. troops", "USA", "MIL"), ("the Trump Administration", "USA", "GOV"),
    ("North Korea", "PRK", "GOV"), ("the U.S.", "USA", "GOV"),
    ("An official with knowledge of the meeting plans", None, "GOV"),
])
def test_actors_seed_groups_and_organisations(seed, text: str, code: str | None, sector: str) -> None:
    for e in mentions(seed, text):
        assert (e.code, e.sector) == (code, sector)


def test_actors_seed_the_official_refers_to_the_unnamed_official(seed) -> None:
    first = mentions(seed, "An official with knowledge of the meeting plans")[0]
    assert mentions(seed, "the official")[0].antecedent == (first.start, first.end)


def test_actors_seed_two_nations_are_usa_and_prk(seed) -> None:
    assert {e.code for e in mentions(seed, "the two nations")} == {"USA", "PRK"}


def test_actors_seed_every_gold_participant_is_found(seed) -> None:
    """Each gold actor/recipient (code, sector, and name where given) is among the actors of one
    of its evidence sentences."""
    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))

    def fold(s: str) -> str:
        return " ".join(s.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').split())

    sentences = [(s.start, s.end, fold(s.text)) for s in seed.sentences()]
    missed = []
    for event in gold["events"]:
        spans = [(a, b) for a, b, s in sentences if any(fold(ev) in s for ev in event["evidence"])]
        found = [e for e in seed.actors if any(a <= e.start < b for a, b in spans)]
        for participant in event["actor"] + event["recipient"]:
            if not any(e.code == participant["code"] and e.sector == participant["sector"]
                       and participant.get("name", e.name) == e.name for e in found):
                missed.append((event["id"], participant))
    assert not missed
