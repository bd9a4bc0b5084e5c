"""Golden test on the showcase article: the full default pipeline against ../shared/seed/gold.json."""

from __future__ import annotations

import json

import pytest

import dyad
from dyad.registry import stages

from .conftest import shared_path


@pytest.fixture(scope="module")
def seed_doc():
    article = shared_path("seed", "article.txt")
    if "actors" not in stages:
        pytest.skip("the actors stage is not available")
    return dyad.process(article.read_text(encoding="utf-8"), published="2018-08-06")


def test_events_seed_scores(seed_doc):
    from dyad.eval.seed import score_document

    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    data = seed_doc.to_dict()
    score = score_document(gold["events"], gold["optional_events"], data["events"], article_text=data["article"]["text"])
    assert score.tp >= 10, score.errors
    assert score.fp <= 3, score.errors


def test_events_seed_future_summit_is_one_record(seed_doc):
    summits = [e for e in seed_doc.events if e.event_type == "AGREE"
               and {m.trigger.text for m in e.mentions} & {"meeting", "summit"}]
    assert len(summits) == 1
    assert len(summits[0].mentions) >= 3
    assert {a.code for a in summits[0].actor} == {"USA", "PRK"}


@pytest.mark.parametrize(("trigger", "event_type", "mode", "actor", "recipient"), [
    ("thanks", "SUPPORT", None, {"USA"}, {"PRK"}),
    ("return", "RETREAT", "release", {"PRK"}, {"USA"}),
    ("disassembling", "RETREAT", "disarm", {"PRK"}, set()),
    ("referred", "ACCUSE", "disapprove", {"PRK"}, {"USA"}),
    ("sanctions", "SANCTION", "discontinue", {"USA"}, {"PRK"}),
])
def test_events_seed_golden_records(seed_doc, trigger, event_type, mode, actor, recipient):
    found = [e for e in seed_doc.events if trigger in {m.trigger.text for m in e.mentions}]
    assert found, [e.trigger.text for e in seed_doc.events]
    e = found[0]
    assert (e.event_type, e.mode) == (event_type, mode)
    assert {a.code for a in e.actor} == actor and {r.code for r in e.recipient} == recipient
