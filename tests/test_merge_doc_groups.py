"""Document grouping for cross-document event coreference (dyad.resolve.doc_groups)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.resolve.doc_groups import attach_small, doc_groups, merge_similar, profile_similarity, topic_tfidf
from tests.conftest import shared_path

CHILE = [
    "A strong earthquake struck northern Chile near Arica on Tuesday , killing five in Arica",
    "Five people died when the Arica earthquake shook northern Chile on Tuesday , Bachelet said",
    "Rescuers in Arica searched for survivors after the Chile earthquake ; Bachelet visited Arica",
]
ACEH = [
    "An earthquake struck Aceh in Indonesia , killing dozens in Banda Aceh",
    "Dozens died in Banda Aceh as the Indonesia earthquake destroyed homes , Yudhoyono said",
    "Yudhoyono flew to Banda Aceh where the Indonesia earthquake left thousands homeless",
]


def test_topic_tfidf_options_weigh_names_and_shared_terms() -> None:
    texts = ["quake hit Arica town", "quake hit Arica port", "quake hit Aceh town"]
    plain = topic_tfidf(texts)
    named = topic_tfidf(texts, name_weight=3.0)
    assert named[0]["arica"] / named[0]["town"] > plain[0]["arica"] / plain[0]["town"]
    flat = topic_tfidf(texts, idf_power=0.5)  # a term in 2 of 3 texts gains on one in 1 of 3
    assert flat[0]["arica"] / flat[0]["town"] == pytest.approx(plain[0]["arica"] / plain[0]["town"])  # both df 2
    assert flat[1]["port"] / flat[1]["arica"] < plain[1]["port"] / plain[1]["arica"]


def test_attach_small_moves_a_singleton_to_its_most_similar_large_cluster() -> None:
    sim = [[1.0, 0.5, 0.5, 0.0, 0.0, 0.1],
           [0.5, 1.0, 0.5, 0.0, 0.0, 0.1],
           [0.5, 0.5, 1.0, 0.0, 0.0, 0.1],
           [0.0, 0.0, 0.0, 1.0, 0.5, 0.3],
           [0.0, 0.0, 0.0, 0.5, 1.0, 0.3],
           [0.1, 0.1, 0.1, 0.3, 0.3, 1.0]]
    labels = [0, 0, 0, 3, 3, 5]
    assert attach_small(sim, labels, 2) == [0, 0, 0, 3, 3, 3]
    assert attach_small(sim, labels, 3) == [0, 0, 0, 3, 3, 0]  # only {0,1,2} is large; {3,4} shares nothing
    assert attach_small(sim, labels, 4) == labels  # no large cluster: nothing moves


def test_attach_small_keeps_a_cluster_that_shares_nothing() -> None:
    sim = [[1.0, 0.4, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert attach_small(sim, [0, 0, 2], 2) == [0, 0, 2]


def test_profile_similarity_ignores_the_level_of_similarity() -> None:
    # {0,1} and {2,3} are two pairs; item 4 is near both pairs' second members. Scaling every
    # similarity of the topic (longer texts, lower cosines) leaves the profiles unchanged.
    sim = [[1.0, 0.30, 0.05, 0.02, 0.10],
           [0.30, 1.0, 0.04, 0.03, 0.20],
           [0.05, 0.04, 1.0, 0.25, 0.10],
           [0.02, 0.03, 0.25, 1.0, 0.20],
           [0.10, 0.20, 0.10, 0.20, 1.0]]
    profiles = profile_similarity(sim)
    assert profiles[0][1] > 0 > profiles[0][2]
    assert profiles[2][3] > 0 > profiles[1][3]
    assert all(profiles[i][j] == profiles[j][i] for i in range(5) for j in range(5))
    scaled = profile_similarity([[x / 3 if i != j else 1.0 for j, x in enumerate(row)] for i, row in enumerate(sim)])
    assert all(abs(scaled[i][j] - profiles[i][j]) < 1e-9 for i in range(5) for j in range(5))


def test_merge_similar_merges_clusters_by_mean_similarity() -> None:
    sim = [[1.0, 0.5, 0.2, 0.0],
           [0.5, 1.0, 0.1, 0.0],
           [0.2, 0.1, 1.0, 0.0],
           [0.0, 0.0, 0.0, 1.0]]
    assert merge_similar(sim, [0, 1, 2, 3], 0.12) == [0, 0, 0, 3]  # {0,1} first, then mean 0.15 to 2
    assert merge_similar(sim, [0, 1, 2, 3], 0.16) == [0, 0, 2, 3]
    assert merge_similar(sim, [0, 0, 2, 2], 0.16) == [0, 0, 2, 2]  # given clusters are kept


def test_one_event_stays_one_group() -> None:
    # profiles split any topic into its most different parts; the raw similarity joins them again
    reports = [
        *CHILE,
        "Bachelet said Arica hospitals treated dozens injured by the Chile earthquake",
        "The Chile earthquake near Arica cut power ; Bachelet declared an emergency in Arica",
    ]
    texts = {f"c{i}": t for i, t in enumerate(reports)}
    assert len(set(doc_groups(sorted(texts), texts).values())) == 1


def test_two_events_of_one_kind_make_two_groups() -> None:
    texts = {f"c{i}": t for i, t in enumerate(CHILE)} | {f"a{i}": t for i, t in enumerate(ACEH)}
    groups = doc_groups(sorted(texts), texts)
    assert len({groups[f"c{i}"] for i in range(3)}) == 1
    assert len({groups[f"a{i}"] for i in range(3)}) == 1
    assert groups["c0"] != groups["a0"]


def test_a_terse_report_joins_its_event_rather_than_standing_alone() -> None:
    texts = {f"c{i}": t for i, t in enumerate(CHILE)} | {f"a{i}": t for i, t in enumerate(ACEH)}
    texts["terse"] = "Quake in Arica"  # shares one name with the Chile reports and nothing else
    groups = doc_groups(sorted(texts), texts)
    assert groups["terse"] == groups["c0"] != groups["a0"]


@settings(max_examples=25, deadline=None)
@given(st.permutations(["c0", "c1", "c2", "a0", "a1", "a2"]))
def test_grouping_does_not_depend_on_input_order(order: list[str]) -> None:
    texts = {f"c{i}": t for i, t in enumerate(CHILE)} | {f"a{i}": t for i, t in enumerate(ACEH)}
    assert doc_groups(order, texts) == doc_groups(sorted(texts), texts)


def test_ecbplus_topics_split_by_event() -> None:
    # ECB+ file names say which event a document reports ("ecbplus": the second); scoring only
    from dyad.eval.ecb import read_texts

    texts = read_texts(shared_path("data", "ecbplus"), topics=(2, 5, 12, 14, 23))
    for topic in ("2", "5", "12", "14"):  # 2, 5, 12: a stray report split off before attachment
        docs = sorted(d for d in texts if d.split("_")[0] == topic)
        groups = doc_groups(docs, texts)
        gold = {d: d.endswith("ecbplus") for d in docs}
        assert all((groups[x] == groups[y]) == (gold[x] == gold[y]) for x in docs for y in docs), topic
    # one event alone (one half of a topic): profiles split it, the raw cosine joins it again
    for topic, second in (("14", False), ("23", True)):
        docs = sorted(d for d in texts if d.split("_")[0] == topic and d.endswith("ecbplus") == second)
        assert len(set(doc_groups(docs, texts).values())) == 1, topic
        assert len(set(doc_groups(docs, texts, threshold=1.0).values())) > 1, topic  # without the guard
