"""The DuckDB store: batched atomic writes, idempotency, migrations, queries, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dyad.errors import DyadError
from dyad.export.writers import export_events
from dyad.model import Article, ArticleError, Document, Entity, Event, Mention, Provenance, TextSpan
from dyad.store import EventStore
from dyad.store.schema import SCHEMA_VERSION


def make_document(text: str, event_type: str = "CONSULT", *, actor: str = "USA", recipient: str = "PRK",
                  published: str = "2018-08-06") -> Document:
    article = Article.create(text, published=published, source="Test Wire")
    sent = TextSpan(text, 0, len(text))
    trig = TextSpan(text[6:9], 6, 9)
    event = Event(
        id=Event.make_id(article.id, event_type, 6, 9), article_id=article.id, event_type=event_type,
        mentions=(Mention(sentence=sent, trigger=trig),), coder=Provenance("test", "0"),
        actor=(Entity(text[:5], 0, 5, code=actor, sector="GOV"),),
        recipient=(Entity(text[10:13], 10, 13, code=recipient, sector="GOV"),))
    return Document(article=article, events=[event], actors=list(event.actor + event.recipient))


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    s = EventStore(tmp_path / "events.duckdb")
    yield s
    s.close()


def test_store_write_is_idempotent(store: EventStore) -> None:
    docs = [make_document("Trump met Kim in Singapore."), make_document("Biden met Xi in Bali.", actor="USA", recipient="CHN")]
    store.write(docs)
    first = store.counts()
    store.write(docs)
    assert store.counts() == first
    assert first["articles"] == 2 and first["events"] == 2 and first["event_mentions"] == 2


def test_store_failed_article_keeps_reason_not_records(store: EventStore) -> None:
    doc = make_document("Putin met Erdogan in Sochi.", actor="RUS", recipient="TUR")
    doc.errors.append(ArticleError(code="E020", message="stage 'events' failed", stage="events",
                                   article_id=doc.article.id))
    store.write([doc], [ArticleError(code="E007", message="missing.txt: no such file", stage="ingest",
                                     origin="missing.txt")])
    counts = store.counts()
    assert counts["events"] == 0 and counts["articles"] == 1 and counts["errors"] == 2
    status = store.run("SELECT status FROM articles")[0][0]
    assert status == "failed"
    assert {e["code"] for e in store.errors()} == {"E020", "E007"}


def test_store_batch_is_atomic(store: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [make_document("Trump met Kim in Singapore.")]
    original = store._insert

    def explode(table: str, records: list) -> None:
        if table == "event_mentions":
            raise RuntimeError("disk full")
        original(table, records)

    monkeypatch.setattr(store, "_insert", explode)
    with pytest.raises(RuntimeError):
        store.write(docs)
    assert store.counts()["articles"] == 0 and store.counts()["events"] == 0


def test_store_schema_version_and_newer_db_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.duckdb"
    with EventStore(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        s.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(DyadError) as info:
        EventStore(path)
    assert info.value.code == "E032"


def test_store_unwritable_path_is_clear(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DyadError) as info:
        EventStore(blocker / "sub" / "events.duckdb")
    assert info.value.code == "E030"


def test_store_missing_db_read_only(tmp_path: Path) -> None:
    with pytest.raises(DyadError) as info:
        EventStore(tmp_path / "nope.duckdb", read_only=True)
    assert info.value.code == "E033"


def test_store_query_filters(store: EventStore) -> None:
    store.write([
        make_document("Trump met Kim in Singapore.", "CONSULT"),
        make_document("Trump hit Kim with sanctions.", "SANCTION", published="2018-09-10"),
        make_document("Biden met Xi in Bali.", "CONSULT", recipient="CHN", published="2022-11-14"),
    ])
    assert len(store.query_events(actor="USA")) == 3
    assert len(store.query_events(recipient="PRK")) == 2
    assert [e["event_type"] for e in store.query_events(event_type="sanction")] == ["SANCTION"]
    import datetime as dt

    assert len(store.query_events(since=dt.date(2018, 9, 1))) == 2
    assert len(store.query_events(until=dt.date(2018, 12, 31))) == 2
    assert len(store.query_events(text="Bali")) == 1
    assert len(store.query_events(limit=1, offset=1)) == 1
    series = store.timeline("USA", "PRK", period="month")
    assert {(r["period"], r["event_type"], r["count"]) for r in series} == {
        ("2018-08-01", "CONSULT", 1), ("2018-09-01", "SANCTION", 1)}
    assert store.dyads(limit=5)[0] == {"actor": "USA", "recipient": "PRK", "count": 2}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "plover"])
def test_store_export_formats(store: EventStore, tmp_path: Path, fmt: str) -> None:
    store.write([make_document("Trump met Kim in Singapore."), make_document("Biden met Xi in Bali.", recipient="CHN")])
    out = tmp_path / f"events.{fmt}"
    assert export_events(store, out, fmt=fmt) == 2
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 2 and "actor_codes" in table.column_names
    elif fmt == "csv":
        lines = out.read_text().splitlines()
        assert len(lines) == 3 and lines[0].startswith("id,article_id,event_type")
    else:
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == 2
        if fmt == "plover":
            assert rows[0]["event"] == ["CONSULT"] and rows[0]["actor"][0]["code"] == "USA"
            assert rows[0]["cite_info"]["publication"] == "Test Wire"
        else:
            assert Event.from_dict(rows[0]).event_type == "CONSULT"


def test_store_export_unknown_format(store: EventStore, tmp_path: Path) -> None:
    with pytest.raises(DyadError) as info:
        export_events(store, tmp_path / "x", fmt="xml")
    assert info.value.code == "E041"
