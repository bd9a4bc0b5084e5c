"""The expected-cluster scorer (``dyad.resolve.merge_eval.score_clusters``) on hand-built stores:
each report is assigned to one expected event, found needs one merged event with every article's
report and no other expected event's, and conflations are listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from dyad.model import Article, Document, Entity, Event, Mention, Provenance, TextSpan
from dyad.resolve.merge_eval import score_clusters
from dyad.store.duckdb_store import EventStore

GOLD = [
    {"id": "summit", "event_type": "CONSULT", "actor": "USA", "recipient": "PRK", "articles": ["s-01", "s-02"]},
    {"id": "signing", "event_type": "AGREE", "actor": "USA", "recipient": "PRK", "articles": ["s-01", "s-02"]},
    {"id": "g7", "event_type": "CONSULT", "actor": "IGO", "recipient": "UKR", "articles": ["k-01", "k-02"]},
]


def _doc(slug: str, parts: list[tuple[str, str, tuple[str, ...]]]) -> Document:
    text = " ".join(sentence for _, sentence, _ in parts)
    art = Article.create(text, published=dt.date(2018, 6, 12), origin=f"corpus.jsonl#{slug}")
    events = []
    for event_type, sentence, codes in parts:
        start = text.index(sentence)
        events.append(Event(
            id=f"{slug}-{event_type}", article_id=art.id, event_type=event_type,
            mentions=(Mention(TextSpan(sentence, start, start + len(sentence)),
                              TextSpan(sentence[:3], start, start + 3), art.id, "occurred"),),
            coder=Provenance("test", "0"), actor=tuple(Entity(c, 0, 1, code=c) for c in codes)))
    return Document(art, events=events)


def _store(tmp_path: Path, groups: dict[str, list[str]]) -> EventStore:
    store = EventStore(tmp_path / "c.duckdb")
    store.write([
        _doc("s-01", [("CONSULT", "Trump met Kim.", ("USA", "PRK")), ("AGREE", "They signed a deal.", ("USA", "PRK"))]),
        _doc("s-02", [("CONSULT", "The two leaders met.", ("USA", "PRK")), ("AGREE", "A deal was signed.", ("USA",))]),
        _doc("k-01", [("CONSULT", "The G7 spoke with Zelensky.", ("G7", "UKR"))]),
        _doc("k-02", [("CONSULT", "Group of Seven leaders held a call.", ("G7",))]),
    ])
    rows = [(e, c) for c, members in groups.items() for e in members]
    store.con.register("_c", pa.table({"event_id": [e for e, _ in rows], "cluster_id": [c for _, c in rows]}))
    store.run("INSERT INTO event_clusters SELECT * FROM _c")
    store.con.unregister("_c")
    return store


def test_merge_eval_found_when_each_event_merged_alone(tmp_path: Path) -> None:
    store = _store(tmp_path, {"a": ["s-01-CONSULT", "s-02-CONSULT"], "b": ["s-01-AGREE", "s-02-AGREE"],
                              "c": ["k-01-CONSULT", "k-02-CONSULT"]})
    report = score_clusters(store, GOLD)
    assert report["found"] == 3 and report["conflated"] == [] and report["impure"] == []
    # dyad's G7 code is compared as PLOVER's IGO


def test_merge_eval_conflation_is_not_found(tmp_path: Path) -> None:
    store = _store(tmp_path, {"a": ["s-01-CONSULT", "s-02-CONSULT", "s-01-AGREE"], "b": ["s-02-AGREE"],
                              "c": ["k-01-CONSULT"], "d": ["k-02-CONSULT"]})
    report = score_clusters(store, GOLD)
    by_id = {r["id"]: r for r in report["clusters"]}
    assert report["conflated"] == [["signing", "summit"]]
    assert not by_id["summit"]["found"] and not by_id["signing"]["found"]
    assert by_id["signing"]["extractable"] and not by_id["g7"]["found"] and by_id["g7"]["extractable"]


def test_merge_eval_joining_two_stories_is_impure(tmp_path: Path) -> None:
    store = _store(tmp_path, {"a": ["s-01-CONSULT", "s-02-CONSULT", "k-01-CONSULT"], "b": ["s-01-AGREE"],
                              "c": ["s-02-AGREE"], "d": ["k-02-CONSULT"]})
    report = score_clusters(store, GOLD)
    assert [sorted(i["articles"]) for i in report["impure"]] == [["k-01", "s-01", "s-02"]]
