"""The bundled sample corpus through the FULL pipeline, then merged: the expected clusters of
``tests/data/sample_clusters.json`` (several publishers reporting one event) must come out whole.

Skipped while a pipeline stage is not registered yet (the pipeline cannot run at all then).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dyad.errors import DyadError
from dyad.resolve.merge_eval import score_clusters
from dyad.store.clusters import merge_store, query_merged_events
from dyad.store.duckdb_store import EventStore

GOLD = json.loads((Path(__file__).parent / "data" / "sample_clusters.json").read_text(encoding="utf-8"))["clusters"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventStore]:
    from dyad.jobs import ingest

    corpus = resources.files("dyad") / "data" / "sample_corpus.jsonl"
    db = tmp_path_factory.mktemp("merge") / "sample.duckdb"
    try:
        ingest([str(corpus)], db=db)
    except DyadError as exc:
        if exc.code == "E021":  # a stage of the default pipeline is not registered yet
            pytest.skip(f"the full pipeline cannot run yet: {exc.message}")
        raise
    store = EventStore(db)
    merge_store(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def report(sample_store: EventStore) -> dict[str, Any]:
    return score_clusters(sample_store, GOLD)


# The expected clusters that come out whole today (their reports in one merged event, with no
# report of another expected event): a regression list, any of them breaking fails.
# syria-strike's two reports (filed from Washington and from Moscow) scored 0.40, under the 0.42
# threshold, while the two datelines counted as places in two countries; since a location taken
# from the dateline is no evidence of place (Place.basis), they score 0.50 and merge.
# sgp-invitations is counted found, but through the signing report of sgp-summit-02 merged with the
# accepted invitations of sgp-summit-03 (the scorer assigns reports by type and codes), so it is not
# on this list.
MERGED_WHOLE = {"sgp-summit", "hk-march", "griner-swap", "karabakh-truce", "kyiv-strikes",
                "geneva-summit", "sudan-coup", "karabakh-peacekeepers", "kyiv-g7-call", "sgp-drills-halt",
                "eu-oil-embargo", "syria-strike"}
# Floor of the share of expected clusters found (13 of 15 measured on 2026-11-29 with the scorer that
# assigns each report to one expected event); raise it as extraction and merging improve.
FOUND_FLOOR = 0.86
# Merged events holding reports of two expected events of one story, measured: the Singapore
# preview's preparatory talks with Kim's commitment in the signed document (AGREE, one day apart).
MAX_CONFLATED = 1


@pytest.mark.parametrize("cluster_id", [c["id"] for c in GOLD])
def test_merge_sample_cluster_found(report: dict[str, Any], cluster_id: str) -> None:
    result = next(r for r in report["clusters"] if r["id"] == cluster_id)
    if cluster_id in MERGED_WHOLE:
        assert result["found"], f"{cluster_id}: its reports are no longer merged into one event ({result})"
        return
    if result["found"]:
        return  # an improvement: add it to MERGED_WHOLE
    if not result["extractable"]:
        pytest.xfail(f"extraction lost the event in {', '.join(result['missing_articles'])}")
    pytest.xfail("reports extracted with different types, actor codes or dates, so they are not linked")


def test_merge_sample_found_share_floor(report: dict[str, Any]) -> None:
    assert report["accuracy"] >= FOUND_FLOOR, report


def test_merge_sample_no_cluster_joins_two_stories(report: dict[str, Any]) -> None:
    assert report["impure"] == []


def test_merge_sample_few_clusters_join_two_events_of_a_story(report: dict[str, Any]) -> None:
    assert len(report["conflated"]) <= MAX_CONFLATED, report["conflated"]


def test_merge_sample_corroboration(sample_store: EventStore) -> None:
    corroborated = query_merged_events(sample_store, min_publishers=2, limit=None)
    assert corroborated, "no event of the sample corpus is reported by two publishers"
    for event in corroborated:
        assert event["corroboration"]["n_publishers"] >= 2
        assert len({m["article_id"] for m in event["mentions"]}) == event["corroboration"]["n_articles"]
