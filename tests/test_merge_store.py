"""Cross-article merging in the store: clusters, corroboration, status reconciliation, incremental runs.

Documents are built by hand (no parser): each article is a few sentences and its events carry
codes, dates and statuses as the pipeline would set them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dyad.model import Article, Document, Entity, Event, Mention, Place, Provenance, TextSpan, TimeValue
from dyad.resolve.merge import MergeSettings
from dyad.store.clusters import clusters, count_merged_events, merge_store, query_merged_events
from dyad.store.duckdb_store import EventStore

CODER = Provenance("rules", "test")
SINGAPORE = Place("Singapore", 0, 9, name="Singapore", geonameid=1880252, country="SGP")


def _event(art: Article, event_type: str, sentence: str, trigger: str, *, actor: tuple[str, ...],
           recipient: tuple[str, ...] = (), status: str = "occurred", day: dt.date | None = None,
           place: Place | None = None) -> Event:
    start = art.text.index(sentence)
    t0 = art.text.index(trigger, start)
    date = (TimeValue("x", 0, 1, "DATE", day.isoformat(), day, day, "day") if day else
            TimeValue("", -1, -1, "DATE", "PAST_REF", None, art.published, "report"))
    return Event(
        id=Event.make_id(art.id, event_type, t0, t0 + len(trigger)), article_id=art.id, event_type=event_type,
        mentions=(Mention(TextSpan(sentence, start, start + len(sentence)),
                          TextSpan(trigger, t0, t0 + len(trigger)), art.id, status),),
        coder=CODER, actor=tuple(Entity(c, 0, 1, code=c, sector="GOV") for c in actor),
        recipient=tuple(Entity(c, 0, 1, code=c, sector="GOV") for c in recipient),
        status=status, date=date, location=place)


def _doc(text: str, published: str, source: str, events: list[dict[str, Any]]) -> Document:
    art = Article.create(text, published=published, source=source, title=text[:30])
    return Document(art, events=[_event(art, **e) for e in events])


S1 = "President Trump and Kim Jong Un will meet on Tuesday at the Capella hotel in Singapore for their first summit."
S2 = "Trump and Kim Jong Un met on Tuesday at the Capella hotel in Singapore, the first summit of the two leaders."
S2b = "Kim also met Singapore's prime minister Lee Hsien Loong at the Istana on Monday evening."
S3 = "North Korean media hailed the summit of Kim Jong Un and Trump at the Capella hotel in Singapore on Tuesday."
S4 = "Trump and Kim Jong Un met again in Hanoi for a second summit that ended without a deal."
S5 = "U.S. warships fired Tomahawk missiles at the Shayrat air base in Syria early on Friday."
S6 = "Syrian air defences fired missiles at U.S. warships off the coast on Friday, Damascus said."
S7 = "The United States fired 59 Tomahawk cruise missiles at Shayrat air base near Homs in Syria on Friday."

TUE = dt.date(2018, 6, 12)
FRI = dt.date(2017, 4, 7)


def _corpus() -> list[Document]:
    return [
        _doc(S1, "2018-06-10", "Harbor Wire", [
            dict(event_type="AGREE", sentence=S1, trigger="meet", actor=("USA", "PRK"), status="planned",
                 day=TUE, place=SINGAPORE)]),
        _doc(S2 + " " + S2b, "2018-06-12", "Continental Post", [
            dict(event_type="CONSULT", sentence=S2, trigger="met", actor=("USA",), recipient=("PRK",), day=TUE,
                 place=SINGAPORE),
            dict(event_type="CONSULT", sentence=S2b, trigger="met", actor=("PRK",), recipient=("SGP",),
                 day=dt.date(2018, 6, 11), place=SINGAPORE)]),
        _doc(S3, "2018-06-13", "Harbor Wire", [
            dict(event_type="CONSULT", sentence=S3, trigger="summit", actor=("PRK",), recipient=("USA",),
                 place=SINGAPORE)]),
        _doc(S4, "2019-02-28", "Meridian Daily", [
            dict(event_type="CONSULT", sentence=S4, trigger="met", actor=("USA",), recipient=("PRK",),
                 day=dt.date(2019, 2, 28))]),
        _doc(S5, "2017-04-07", "Atlas Report", [
            dict(event_type="ASSAULT", sentence=S5, trigger="fired", actor=("USA",), recipient=("SYR",), day=FRI)]),
        _doc(S6, "2017-04-07", "Pacific Ledger", [
            dict(event_type="ASSAULT", sentence=S6, trigger="fired", actor=("SYR",), recipient=("USA",), day=FRI)]),
        _doc(S7, "2017-04-08", "Lakeside Tribune", [
            dict(event_type="ASSAULT", sentence=S7, trigger="fired", actor=("USA",), recipient=("SYR",), day=FRI)]),
    ]


def _by_sentence(store: EventStore) -> dict[str, str]:
    return {s: e for e, s in store.run("SELECT id, sentence FROM events")}


def _clusters_as_sentences(store: EventStore) -> set[frozenset[str]]:
    sentence = {e: s for e, s in store.run("SELECT id, sentence FROM events")}
    return {frozenset(sentence[e] for e in members) for members in clusters(store).values()}


EXPECTED = {frozenset({S1, S2, S3}), frozenset({S2b}), frozenset({S4}), frozenset({S5, S7}), frozenset({S6})}


@pytest.fixture()
def merged(tmp_path: Path) -> EventStore:
    store = EventStore(tmp_path / "m.duckdb")
    store.write(_corpus())
    merge_store(store)
    return store


def test_merge_store_expected_clusters(merged: EventStore) -> None:
    # The summit (planned AGREE + two CONSULT reports) is one event; the Hanoi summit months later,
    # Kim's meeting with Lee (same article as a summit report) and the reverse strike are not.
    assert _clusters_as_sentences(merged) == EXPECTED
    ids = _by_sentence(merged)
    summit = min(ids[S1], ids[S2], ids[S3])
    assert clusters(merged)[summit] == sorted([ids[S1], ids[S2], ids[S3]])


def test_merge_corroboration_counts(merged: EventStore) -> None:
    rows = {r["cluster_id"]: r for r in [dict(zip(("cluster_id", "n_events", "n_articles", "n_publishers",
                                                   "publishers"), row, strict=True))
                                         for row in merged.run("SELECT cluster_id, n_events, n_articles, "
                                                               "n_publishers, publishers FROM merged_events")]}
    ids = _by_sentence(merged)
    summit = rows[min(ids[S1], ids[S2], ids[S3])]
    assert (summit["n_events"], summit["n_articles"], summit["n_publishers"]) == (3, 3, 2)
    assert summit["publishers"] == ["Continental Post", "Harbor Wire"]
    strike = rows[min(ids[S5], ids[S7])]
    assert (strike["n_articles"], strike["n_publishers"]) == (2, 2)
    assert len(rows) == len(EXPECTED)


def test_merge_status_reconciled_and_mentions_keep_their_own(merged: EventStore) -> None:
    (summit,) = query_merged_events(merged, actor="PRK", since=dt.date(2018, 6, 1), until=dt.date(2018, 6, 30),
                                    min_publishers=2)
    assert summit["status"] == "occurred"  # planned on the 10th, held on the 12th
    assert summit["event_type"] == "CONSULT"  # two of three reports
    own = {m["sentence"]["text"]: m["status"] for m in summit["mentions"]}
    assert own == {S1: "planned", S2: "occurred", S3: "occurred"}
    assert summit["date"]["earliest"] == "2018-06-12" and summit["location"]["name"] == "Singapore"
    assert summit["corroboration"]["n_articles"] == 3
    assert {m["publisher"] for m in summit["mentions"]} == {"Harbor Wire", "Continental Post"}


def test_merge_query_filters(merged: EventStore) -> None:
    assert count_merged_events(merged) == len(EXPECTED)
    assert count_merged_events(merged, event_type="assault") == 2
    assert count_merged_events(merged, min_publishers=2) == 2
    art = merged.run("SELECT article_id FROM events WHERE sentence = ?", [S2b])[0][0]
    assert {e["event_type"] for e in query_merged_events(merged, article_id=art)} == {"CONSULT"}
    assert len(query_merged_events(merged, article_id=art)) == 2
    assert query_merged_events(merged, limit=1, offset=0)[0]["date"]["earliest"] == "2019-02-28"


@pytest.mark.parametrize("split", [1, 3, 5])
def test_merge_incremental_equals_batch(tmp_path: Path, split: int) -> None:
    docs = _corpus()
    batch = EventStore(tmp_path / "batch.duckdb")
    batch.write(docs)
    merge_store(batch, incremental=False)
    inc = EventStore(tmp_path / "inc.duckdb")
    inc.write(docs[:split])
    assert merge_store(inc)["mode"] == "full"
    inc.write(docs[split:])
    report = merge_store(inc)
    assert report["mode"] == "incremental" and report["new_events"] == sum(len(d.events) for d in docs[split:])
    assert merge_store(inc)["new_events"] == 0
    assert clusters(inc) == clusters(batch)
    sql = "SELECT * EXCLUDE (record), record::VARCHAR FROM merged_events ORDER BY cluster_id"
    assert inc.run(sql) == batch.run(sql)
    assert inc.run("SELECT * FROM event_links ORDER BY ALL") == batch.run("SELECT * FROM event_links ORDER BY ALL")


def test_merge_changed_settings_remerge_everything(merged: EventStore) -> None:
    report = merge_store(merged, settings=MergeSettings(threshold=1.9))
    assert report["mode"] == "full"
    assert count_merged_events(merged) == merged.counts()["events"]


def test_merge_event_rows_stay_mention_level(merged: EventStore) -> None:
    # Mention-level rows remain available through the store's own query.
    assert len(merged.query_events(limit=None)) == sum(len(d.events) for d in _corpus())


WASHINGTON = Place("Washington", 0, 10, name="Washington", geonameid=4140963, country="USA", basis="dateline")
MOSCOW = Place("Moscow", 0, 6, name="Moscow", geonameid=524901, country="RUS", basis="dateline")


def test_merge_dateline_places_are_no_evidence_of_place(tmp_path: Path) -> None:
    # One strike on Syria, reported from Washington and from Moscow. When the locator fell back to
    # the datelines, the two places disagree only on where the reports were filed: linking sees no
    # place (score as if unplaced). Located by the text ("fired ... IN Washington"), they would be
    # two places in two countries: a penalty of 0.1.
    from dyad.resolve.merge import score_pair
    from dyad.store.clusters import load_items

    def pair(first: Place, second: Place) -> float | None:
        store = EventStore(tmp_path / f"{first.basis}.duckdb")
        store.write([_doc(S5, "2017-04-07", "Atlas Report", [dict(event_type="ASSAULT", sentence=S5, trigger="fired",
                                                                 actor=("USA",), recipient=("SYR",), day=FRI, place=first)]),
                     _doc(S7, "2017-04-08", "Lakeside Tribune", [dict(event_type="ASSAULT", sentence=S7, trigger="fired",
                                                                     actor=("USA",), recipient=("SYR",), day=FRI, place=second)])])
        items = load_items(store)
        expected = {(None, None)} if first.basis == "dateline" else {("4140963", "USA"), ("524901", "RUS")}
        assert {(it.location, it.country) for it in items} == expected
        # the stored record keeps the location and how it was found
        assert {e["location"]["basis"] for e in store.query_events(limit=None)} == {first.basis}
        score = score_pair(*items)
        store.close()
        return score

    by_dateline = pair(WASHINGTON, MOSCOW)
    by_text = pair(dataclasses.replace(WASHINGTON, basis="text"), dataclasses.replace(MOSCOW, basis="text"))
    assert by_dateline is not None and by_text is not None
    assert round(by_dateline - by_text, 6) == 0.1
