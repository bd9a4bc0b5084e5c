"""Pure merging logic: blocking, scores, order-independent clustering, status reconciliation, ECB+ mentions."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.resolve.merge import (
    MergeItem,
    MergeSettings,
    candidate_pairs,
    cluster_items,
    compatible_types,
    reconcile_status,
    score_pair,
)
from dyad.resolve.merge_ecb import average_link, cluster_mentions
from dyad.resolve.merge_text import content_terms, lexical_vector

D = dt.date(2021, 6, 16)


def _item(i: str, art: str, etype: str = "CONSULT", *, actor: tuple[str, ...] = ("USA",),
          recipient: tuple[str, ...] = ("RUS",), day: dt.date | None = D, text: str = "", **kw: object) -> MergeItem:
    return MergeItem(id=i, article_id=art, event_type=etype, actor_codes=frozenset(actor),
                     recipient_codes=frozenset(recipient), date_earliest=day, date_latest=day,
                     date_precision="day" if day else "report", published=kw.pop("published", D),  # type: ignore[arg-type]
                     text=text or "Biden and Putin met at Villa La Grange in Geneva", **kw)  # type: ignore[arg-type]


def test_merge_compatible_types() -> None:
    assert compatible_types("AGREE", "CONSULT") and compatible_types("CONSULT", "AGREE")
    assert compatible_types("ASSAULT", "ASSAULT")
    assert not compatible_types("ASSAULT", "CONSULT") and not compatible_types("PROTEST", "AID")


def test_merge_blocking_rules() -> None:
    base = _item("a", "1")
    assert score_pair(base, _item("b", "2")) is not None
    assert score_pair(base, _item("b", "1")) is None  # same article: the in-article stage's job
    assert score_pair(base, _item("b", "2", "ASSAULT")) is None  # incompatible types
    assert score_pair(base, _item("b", "2", day=D + dt.timedelta(days=20))) is None  # dates apart
    assert score_pair(base, _item("b", "2", actor=("CHN",), recipient=("IND",))) is None  # other actors
    # symmetric type: "Putin met Biden" is the same meeting
    assert score_pair(base, _item("b", "2", actor=("RUS",), recipient=("USA",))) is not None
    # directed type: the reverse attack is another event
    assert score_pair(_item("a", "1", "ASSAULT"), _item("b", "2", "ASSAULT", actor=("RUS",), recipient=("USA",))) is None
    # a report-level date is within the tolerance of the publication date
    late = _item("b", "2", day=None, published=D + dt.timedelta(days=3))
    assert score_pair(base, late) is not None
    assert score_pair(base, _item("c", "3", day=None, published=D + dt.timedelta(days=30))) is None


def test_merge_scores_prefer_same_words_and_place() -> None:
    a = _item("a", "1", location="geneva")
    same = _item("b", "2", location="geneva", text="Putin and Biden met in Geneva at Villa La Grange")
    other = _item("c", "3", location="geneva", text="The two sides talked about cyber attacks and prisoners")
    assert score_pair(a, same) > score_pair(a, other)  # type: ignore[operator]


def test_merge_place_disagreement_counts_only_between_events_that_took_place() -> None:
    held = _item("a", "1", status="occurred", location="geneva", country="CHE")
    elsewhere = _item("b", "2", status="occurred", location="brussels", country="BEL")
    announced = _item("c", "3", status="planned", location="brussels", country="BEL")
    same_place = _item("d", "4", status="planned", location="geneva", country="CHE")
    # two reports of a held meeting in different countries are less likely one event ...
    assert score_pair(held, elsewhere) < score_pair(held, announced)  # type: ignore[operator]
    # ... while an announcement is placed where it was made: no penalty, but agreement still counts
    assert score_pair(held, announced) < score_pair(held, same_place)  # type: ignore[operator]


def test_merge_staged_decisions_tolerate_a_few_days() -> None:
    # a sanctions package agreed on Monday and formally adopted on Friday is one decision ...
    agreed = _item("a", "1", "SANCTION", actor=("EUR",), recipient=("RUS",))
    adopted = _item("b", "2", "SANCTION", actor=("EUR",), recipient=("RUS",), day=D + dt.timedelta(days=4))
    assert score_pair(agreed, adopted) is not None
    assert score_pair(agreed, replace(adopted, date_earliest=D + dt.timedelta(days=6),
                                      date_latest=D + dt.timedelta(days=6))) is None
    # ... while strikes four days apart are two strikes
    assert score_pair(replace(agreed, event_type="ASSAULT"), replace(adopted, event_type="ASSAULT")) is None
    with pytest.raises(DyadError):
        MergeSettings(decision_tolerance_days=9)


def test_merge_candidates_cover_uncoded_events() -> None:
    items = [_item("a", "1"), _item("b", "2", actor=(), recipient=()), _item("c", "3", actor=(), recipient=())]
    assert {(x.id, y.id) for x, y in candidate_pairs(items)} == {("a", "b"), ("a", "c"), ("b", "c")}


def test_merge_no_two_reports_of_one_article_in_a_cluster() -> None:
    items = [_item("a", "1"), _item("b", "2"), _item("c", "2", text="Biden and Putin met in Geneva at the villa")]
    labels = cluster_items(items)
    assert labels["b"] != labels["c"] and labels["a"] in (labels["b"], labels["c"])


@pytest.mark.parametrize(("reports", "expected"), [
    ([(D, "a", "planned"), (D + dt.timedelta(days=2), "b", "occurred")], "occurred"),
    ([(D + dt.timedelta(days=2), "b", "occurred"), (D, "a", "planned")], "occurred"),
    ([(D, "a", "occurred"), (D + dt.timedelta(days=1), "b", "planned")], "occurred"),  # a stale preview
    ([(D, "a", "planned"), (D + dt.timedelta(days=2), "b", "negated")], "negated"),  # called off
    ([(D, "a", "occurred"), (D + dt.timedelta(days=1), "b", "ongoing")], "ongoing"),
    ([(D, "a", "planned"), (D + dt.timedelta(days=1), "b", "possible")], "possible"),
    ([(D, "a", "ongoing"), (D, "b", "occurred")], "occurred"),  # same day: the more definite
    ([(D, "a", None)], None),
])
def test_merge_reconcile_status(reports: list[tuple[dt.date, str, str | None]], expected: str | None) -> None:
    assert reconcile_status(reports) == expected


def test_merge_lexical_terms() -> None:
    terms = content_terms("The leaders met in Geneva; talks were held.")
    assert "geneva" in terms and terms["geneva"] == 2 and "the" not in terms and "talk" in terms
    assert lexical_vector("") == {}


def test_merge_settings_validated() -> None:
    with pytest.raises(DyadError, match="E801"):
        MergeSettings(threshold=0)


# --- order independence ----------------------------------------------------------------------------

WORDS = ["summit", "Geneva", "missile", "strike", "talks", "ceasefire", "Kyiv", "aid", "convoy", "border"]


@st.composite
def _items(draw: st.DrawFn) -> list[MergeItem]:
    n = draw(st.integers(min_value=1, max_value=25))
    out = []
    for i in range(n):
        day = D + dt.timedelta(days=draw(st.integers(0, 12)))
        out.append(MergeItem(
            id=f"e{i:02d}", article_id=f"a{draw(st.integers(0, 8))}",
            event_type=draw(st.sampled_from(["CONSULT", "AGREE", "ASSAULT", "COERCE"])),
            actor_codes=frozenset(draw(st.sets(st.sampled_from(["USA", "RUS", "UKR"]), max_size=2))),
            recipient_codes=frozenset(draw(st.sets(st.sampled_from(["USA", "RUS", "UKR"]), max_size=1))),
            date_earliest=day, date_latest=day, date_precision=draw(st.sampled_from(["day", "report"])),
            published=day, status=draw(st.sampled_from(["occurred", "planned", "negated"])),
            location=draw(st.sampled_from([None, "geneva", "kyiv"])),
            text=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)))))
    return out


@settings(max_examples=60, deadline=None)
@given(_items(), st.randoms(use_true_random=False))
def test_merge_clusters_do_not_depend_on_input_order(items: list[MergeItem], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    labels = cluster_items(items, settings=MergeSettings(threshold=0.5))
    assert cluster_items(shuffled, settings=MergeSettings(threshold=0.5)) == labels
    # canonical ids: each cluster is named by its smallest member, and no cluster repeats an article
    members: dict[str, list[MergeItem]] = {}
    for it in items:
        members.setdefault(labels[it.id], []).append(it)
    for cid, group in members.items():
        assert cid == min(it.id for it in group)
        assert len({it.article_id for it in group}) == len(group)


# --- ECB+ mention clustering -----------------------------------------------------------------------

def _mention(i: int, topic: int, doc: str, sentence: str, lemma: str, word: str) -> dict[str, object]:
    start = sentence.index(word)
    return {"id": f"{doc}#{i}", "topic": topic, "doc": doc, "sentence": sentence, "sentence_index": i,
            "span": [start, start + len(word)], "text": word, "lemma": lemma}


ECB = [
    _mention(1, 1, "1_1ecb", "An earthquake struck northern Chile on Tuesday killing five", "strike", "struck"),
    _mention(2, 1, "1_2ecb", "A strong earthquake struck Chile , killing at least five people", "strike", "struck"),
    _mention(3, 1, "1_2ecb", "A strong earthquake struck Chile , killing at least five people", "kill", "killing"),
    _mention(4, 1, "1_1ecb", "An earthquake struck northern Chile on Tuesday killing five", "kill", "killing"),
    _mention(5, 2, "2_1ecb", "Police arrested a man who struck a guard in Boston", "strike", "struck"),
]


def test_merge_cluster_mentions_by_lemma_within_topic() -> None:
    labels = cluster_mentions(ECB)
    assert labels[0] == labels[1] and labels[2] == labels[3]
    assert labels[0] != labels[2] and labels[4] not in (labels[0], labels[2])


def test_merge_cluster_mentions_order_independent() -> None:
    labels = cluster_mentions(ECB)
    order = [3, 0, 4, 2, 1]
    shuffled = cluster_mentions([ECB[i] for i in order])
    same = {(i, j) for i in range(5) for j in range(5) if labels[i] == labels[j]}
    assert {(order[i], order[j]) for i in range(5) for j in range(5) if shuffled[i] == shuffled[j]} == same


def test_merge_cluster_mentions_rejects_incomplete_input() -> None:
    with pytest.raises(DyadError, match="E803"):
        cluster_mentions([{"id": "x", "topic": 1}])


def test_merge_average_link() -> None:
    sims = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.1, (2, 3): 0.95}
    labels = average_link(4, lambda i, j: sims.get((min(i, j), max(i, j)), 0.0), 0.5)
    assert labels == [0, 0, 2, 2]  # {1,2} at 0.6 loses to {0,1} and {2,3}; the average then is low


def test_merge_average_link_from_given_clusters() -> None:
    sims = {(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.1, (2, 3): 0.95}
    sim = lambda i, j: sims.get((min(i, j), max(i, j)), 0.0)  # noqa: E731
    # starting from {0}, {1, 2}, {3}: {1, 2} and {3} average 0.475, {0} and {1, 2} 0.5
    assert average_link(4, sim, 0.5, initial=[7, 5, 5, 9]) == [0, 0, 0, 3]
    assert average_link(4, sim, 0.55, initial=[7, 5, 5, 9]) == [0, 1, 1, 3]
    assert average_link(4, sim, 0.5, initial=[0, 1, 2, 3]) == average_link(4, sim, 0.5)
