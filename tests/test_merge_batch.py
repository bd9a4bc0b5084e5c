"""Bulk linking (issue 11 follow-up): ``link_items`` evaluated with numpy must equal the pair-by-pair
definition (``candidate_pairs`` + ``score_pair``) exactly, scores included; the store's incremental
path (blocking-key candidates, link closure by a recursive query) must equal a full re-merge; the
singleton fast path of merged rows must make the picks of the general path."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.resolve.merge import (
    Link,
    MergeItem,
    MergeSettings,
    candidate_pairs,
    cluster_links,
    link_items,
    score_pair,
)
from dyad.resolve.merge_batch import ItemColumns, cluster_columns, link_columns
from dyad.resolve.merge_records import _picks, merged_row
from dyad.resolve.merge_text import FOCUS_WORDS, content_terms
from dyad.store.clusters import clusters, load_columns, load_items, merge_store
from dyad.store.duckdb_store import EventStore
from dyad.store.rows import TableRows

D = dt.date(2021, 6, 16)
WORDS = ["summit", "Geneva", "missile", "strike", "talks", "ceasefire", "Kyiv", "aid", "convoy", "border",
         "the", "met", "leaders", "1,200", "U.S.", "meetings", "agreed", "O'Neil", "-", "x"]
TYPES = ["CONSULT", "AGREE", "SUPPORT", "CONCEDE", "ASSAULT", "COERCE", "PROTEST"]
CODES = ["USA", "RUS", "UKR", "CHN"]


def _reference(items: list[MergeItem], s: MergeSettings, only: set[str] | None = None) -> list[Link]:
    links = []
    for x, y in candidate_pairs(items, settings=s, only=only):
        score = score_pair(x, y, settings=s)
        if score is not None and score >= s.threshold:
            links.append(Link(x.id, y.id, score))
    return links


@st.composite
def _items(draw: st.DrawFn) -> list[MergeItem]:
    n = draw(st.integers(min_value=0, max_value=40))
    dense = draw(st.booleans())
    out = []
    for i in range(n):
        day = D + dt.timedelta(days=draw(st.integers(0, 20)))
        span = draw(st.sampled_from([0, 0, 1, 3, 90]))
        vector = None
        if dense and draw(st.booleans()):
            raw = draw(st.lists(st.floats(-1, 1, allow_nan=False), min_size=4, max_size=4))
            vector = tuple(round(v, 5) for v in raw)
        out.append(MergeItem(
            id=f"e{draw(st.integers(0, 999)):03d}-{i}", article_id=f"a{draw(st.integers(0, 10))}",
            event_type=draw(st.sampled_from(TYPES)),
            actor_codes=frozenset(draw(st.sets(st.sampled_from(CODES), max_size=2))),
            recipient_codes=frozenset(draw(st.sets(st.sampled_from(CODES), max_size=2))),
            date_earliest=draw(st.sampled_from([day, None])), date_latest=day + dt.timedelta(days=span),
            date_precision=draw(st.sampled_from(["day", "report", "month", None])),
            published=draw(st.sampled_from([day, D, None])),
            status=draw(st.sampled_from(["occurred", "ongoing", "planned", "negated", None])),
            location=draw(st.sampled_from([None, "", "geneva", "kyiv"])),
            country=draw(st.sampled_from([None, "", "CHE", "UKR"])),
            text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=12))), vector=vector,
            focus=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5)))))
    return out


@settings(max_examples=150, deadline=None)
@given(_items(), st.sampled_from([0.2, 0.42, 0.6]))
def test_merge_batch_links_equal_pairwise_definition(items: list[MergeItem], threshold: float) -> None:
    s = MergeSettings(threshold=threshold)
    ordered = sorted(items, key=lambda it: it.id)
    assert link_items(items, settings=s) == _reference(ordered, s)


@settings(max_examples=60, deadline=None)
@given(_items(), st.randoms(use_true_random=False))
def test_merge_batch_links_touching_only(items: list[MergeItem], rnd: random.Random) -> None:
    s = MergeSettings(threshold=0.3)
    only = {it.id for it in items if rnd.random() < 0.3}
    assert link_items(items, settings=s, only=only) == _reference(sorted(items, key=lambda it: it.id), s, only)


@settings(max_examples=100, deadline=None)
@given(_items(), st.sampled_from([0.15, 0.3, 0.42]))
def test_merge_batch_clusters_equal_cluster_links(items: list[MergeItem], threshold: float) -> None:
    s = MergeSettings(threshold=threshold)
    cols = ItemColumns.build(items, s)
    found = link_columns(cols, threshold=threshold)
    roots = cluster_columns(cols, found).tolist()
    got = {e: cols.ids[r] for e, r in zip(cols.ids, roots, strict=True)}
    assert got == cluster_links(items, found.links(cols.ids), settings=s)


def test_merge_batch_scores_are_bit_identical() -> None:
    # Many terms, so that a different summation order would show in the last digits.
    words = [f"w{i}" for i in range(60)]
    rnd = random.Random(3)
    items = [MergeItem(id=f"e{i}", article_id=f"a{i}", event_type="CONSULT", actor_codes=frozenset({"USA"}),
                       date_earliest=D, date_latest=D, date_precision="day",
                       text=" ".join(rnd.choices(words, k=80)), focus=" ".join(rnd.choices(words[:20], k=12)))
             for i in range(30)]
    s = MergeSettings(threshold=0.01)
    links = link_items(items, settings=s)
    assert links and links == _reference(items, s)


def _content_terms_reference(text: str) -> dict[str, int]:
    """The token loop of ``content_terms`` without its cache (the definition the cache must keep)."""
    from dyad.resolve.merge_text import _TOKEN, STOP_WORDS, _stem

    terms: dict[str, int] = {}
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip(".,'-")
        lower = token.lower()
        if not token or lower in STOP_WORDS or len(lower) < 2:
            continue
        stem = _stem(lower)
        terms[stem] = terms.get(stem, 0) + (2 if (token[0].isupper() or token[0].isdigit()) else 1)
    return terms


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcAB1,.'- \n", max_size=60) | st.lists(st.sampled_from(WORDS)).map(" ".join))
def test_merge_content_terms_cache_keeps_definition(text: str) -> None:
    got = content_terms(text)
    assert list(got.items()) == list(_content_terms_reference(text).items())  # insertion order too
    assert list(content_terms(text).items()) == list(got.items())  # from the cache


# --- merged rows --------------------------------------------------------------------------------

def _row(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "e1", "article_id": "a1", "event_type": "CONSULT", "status": "planned",
                            "confidence": 0.5, "reported": D, "publisher": "Wire", "location_name": "Geneva",
                            "date_earliest": D, "date_latest": D, "date_precision": "day",
                            "record": json.dumps({"id": "e1", "mentions": [{"status": None}], "date": None})}
    return base | kw


def test_merge_single_report_picks_match_general_path() -> None:
    for row in [_row(), _row(status=None), _row(status=""), _row(location_name=None),
                _row(date_precision="report"), _row(status="rumoured")]:
        status, rep, event_type, date_row, place_row = _picks([row])
        assert (status, event_type) == (row["status"] or None, row["event_type"])
        assert rep is row and date_row is row and place_row is row
        merged = merged_row("e1", [row])
        assert merged["status"] == status and json.loads(merged["record"])["status"] == status


def test_merge_place_prefers_a_place_found_in_the_text() -> None:
    # Two reports filed from Washington (dateline places) and one that says where it happened: the
    # merged event is placed where the text puts it, though fewer reports give that place.
    def placed(eid: str, name: str, basis: str, confidence: float) -> dict[str, Any]:
        record = {"id": eid, "mentions": [], "date": None, "location": {"name": name, "basis": basis}}
        return _row(id=eid, article_id=f"a{eid}", location_name=name, confidence=confidence,
                    status="occurred", record=json.dumps(record))

    rows = [placed("e1", "Washington", "dateline", 0.9), placed("e2", "Washington", "dateline", 0.8),
            placed("e3", "Homs", "text", 0.4)]
    assert _picks(rows)[4]["id"] == "e3"
    assert json.loads(merged_row("e1", rows)["record"])["location"]["name"] == "Homs"
    # with no place from the text, the place most reports give, as before
    assert _picks([*rows[:2], placed("e3", "Moscow", "dateline", 0.4)])[4]["location_name"] == "Washington"


# --- the store: incremental == full on random synthetic reports -------------------------------------

def _rows(reports: list[dict[str, Any]]) -> TableRows:
    rows = TableRows()
    for r in reports:
        art, eid, day = r["article"], r["id"], r["day"]
        # Half the reports are attributed ("Aldo Moro said ..."), with offsets as the pipeline stores
        # them: the store reads the event's own words and trigger window from them.
        start, prefix = 7, ("Aldo Moro said " if sum(map(ord, eid)) % 2 else "")
        sentence = prefix + r["text"]
        t0 = start + len(prefix)
        t1 = t0 + len(r["text"].split()[0])
        record = {"id": eid, "article_id": art, "event_type": r["type"], "status": r["status"],
                  "date": {"earliest": day.isoformat()} if day else None, "location": None,
                  "actor": [{"text": "Aldo", "span": [start, start + 4], "code": None}] if prefix and t0 % 3 else [],
                  "attribution": [{"source": {"text": "Aldo Moro", "span": [start, start + 9]},
                                   "cue": {"text": "said", "span": [start + 10, start + 14]}}] if prefix else [],
                  "mentions": [{"sentence": {"text": sentence}, "article_id": art, "status": r["status"]}]}
        rows.articles.append({"id": art, "source": r["publisher"], "published": r["published"], "language": "en",
                              "status": "coded", "n_events": 1, "ingested_at": dt.datetime(2026, 1, 1)})
        rows.events.append({"id": eid, "article_id": art, "event_type": r["type"], "actor_codes": r["actors"],
                            "recipient_codes": r["recipients"], "status": r["status"], "date_earliest": day,
                            "date_latest": day, "date_precision": "day" if day else "report",
                            "sentence": sentence, "published": r["published"], "confidence": 0.7,
                            "record": json.dumps(record)})
        rows.event_mentions.append({"event_id": eid, "idx": 0, "article_id": art, "sentence": sentence,
                                    "sentence_start": start, "sentence_end": start + len(sentence),
                                    "trigger_start": t0, "trigger_end": t1, "status": r["status"]})
    return rows


def _world(rnd: random.Random, n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        day = D + dt.timedelta(days=rnd.randrange(12))
        out.append({"id": f"e{i:03d}", "article": f"a{i:03d}", "type": rnd.choice(TYPES[:5]),
                    "actors": rnd.sample(CODES, rnd.choice([0, 1, 1, 2])),
                    "recipients": rnd.sample(CODES, rnd.choice([0, 1])),
                    "day": day if rnd.random() < 0.6 else None, "published": day + dt.timedelta(days=rnd.randrange(3)),
                    "publisher": f"P{rnd.randrange(4)}", "status": rnd.choice(["occurred", "planned", "negated"]),
                    "text": " ".join(rnd.sample(WORDS[:10], 4))})
    return out


def test_merge_store_incremental_equals_full_on_random_reports(tmp_path: Path) -> None:
    rnd = random.Random(11)
    reports = _world(rnd, 90)
    full = EventStore(tmp_path / "full.duckdb")
    full.write_rows(_rows(reports))
    merge_store(full, incremental=False)
    inc = EventStore(tmp_path / "inc.duckdb")
    order = list(reports)
    rnd.shuffle(order)
    for part in (order[:40], order[40:41], order[41:70], order[70:]):
        inc.write_rows(_rows(part))
        merge_store(inc)
    assert len(clusters(full)) < len(reports)  # something merged
    assert clusters(inc) == clusters(full)
    for sql in ("SELECT * FROM event_links ORDER BY ALL",
                "SELECT * EXCLUDE (record), record::VARCHAR FROM merged_events ORDER BY cluster_id"):
        assert inc.run(sql) == full.run(sql)


def test_merge_store_columns_equal_item_columns(tmp_path: Path) -> None:
    """The store loads columns straight from Arrow; they must be those of its merge items."""
    rnd = random.Random(5)
    reports = _world(rnd, 60)
    for r in reports[::3]:  # sentences longer than the trigger window
        r["text"] += " " + " ".join(rnd.choices(WORDS, k=3 * FOCUS_WORDS))
    rows = _rows(reports)
    for i, event in enumerate(rows.events):  # places, long and reversed ranges, missing dates
        event["location_name"] = rnd.choice([None, "", "Geneva", "GENEVA", "Kyiv"])
        event["geonameid"] = rnd.choice([None, None, 2660646])
        event["location_country"] = rnd.choice([None, "", "CHE", "UKR"])
        event["date_precision"] = rnd.choice([event["date_precision"], "month", None])
        if i % 7 == 0:
            event["date_latest"] = (event["date_earliest"] or D) + dt.timedelta(days=rnd.choice([-2, 30, 100]))
        if i % 11 == 0:
            event["published"] = None
            rows.articles[i]["published"] = None
    store = EventStore(tmp_path / "cols.duckdb")
    store.write_rows(rows)
    s = MergeSettings()
    for ids, text in ((None, True), ([r["id"] for r in reports[::3]], True), (None, False)):
        got = load_columns(store, s, ids=ids, text=text)
        want = ItemColumns.build(load_items(store, ids=ids, text=text), s)
        assert got.ids == want.ids and got.texts == want.texts and got.focus == want.focus
        if text:
            assert any(t != f for t, f in zip(got.texts, got.focus, strict=True))  # trigger windows in use
            assert not any(t.startswith("Aldo Moro said") for t in got.texts)  # attributions cut
        for name in ("article", "etype", "group", "windowed", "lo", "hi", "precise",
                     "negated", "realis", "compatible", "symmetric", "has_dense"):
            assert (getattr(got, name) == getattr(want, name)).all(), name
        for name in ("location", "country"):  # codes may be numbered differently; equal values, equal codes
            g, w = getattr(got, name), getattr(want, name)
            assert ((g < 0) == (w < 0)).all() and ((g[:, None] == g[None, :]) == (w[:, None] == w[None, :])).all()
        n = len(got.ids)
        a, b = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
        for name in ("participants", "actors", "recipients"):  # code ids may differ; the sets may not
            g, w = getattr(got, name), getattr(want, name)
            assert (g.lengths == w.lengths).all() and (g.overlap(a, b) == w.overlap(a, b)).all(), name


def _python_rows(store: EventStore) -> dict[str, dict[str, Any]]:
    """``merged_row`` (the Python definition) of every stored cluster."""
    assignment = dict(store.run("SELECT event_id, cluster_id FROM event_clusters"))
    cur = store.con.execute("SELECT e.*, a.source AS publisher, coalesce(e.published, a.published) AS reported "
                            "FROM events e LEFT JOIN articles a ON a.id = e.article_id")
    names = [d[0] for d in cur.description]
    members: dict[str, list[dict[str, Any]]] = {}
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        members.setdefault(assignment[row["id"]], []).append(row)
    return {c: merged_row(c, rows) for c, rows in members.items()}


def test_merge_store_rows_equal_python_definition(tmp_path: Path) -> None:
    """The store computes most merged columns in SQL; they must be ``merged_row``'s."""
    rnd = random.Random(8)
    reports = _world(rnd, 80)
    for r in reports:
        r["text"] = "summit talks Geneva"  # one wording: big clusters
    rows = _rows(reports)
    pick = rnd.choice
    for i, event in enumerate(rows.events):
        event["contexts"] = pick([None, [], ["military"], ["", "military", "economic", "military"]])
        event["actor_sectors"] = pick([None, ["GOV"], ["MIL", "GOV"]])
        event["recipient_names"] = pick([None, ["Ukraine"], ["Über", "Zeta", "alpha"]])
        event["sources"] = pick([None, ["Reuters"], ["", "AP"]])
        event["confidence"] = pick([None, 0.0, 0.4, 0.9])
        event["status"] = pick([event["status"], None])
        event["location_name"] = pick([None, "Geneva", "Kyiv"])
        event["mode"], event["factuality"], event["lat"] = pick([None, "verbal"]), pick([None, 0.5]), pick([None, 46.2])
        rows.articles[i]["source"] = pick([None, "", "P1", "P2", "Ä-Press"])
        if i % 9 == 0:
            event["published"] = rows.articles[i]["published"] = None
    store = EventStore(tmp_path / "rows.duckdb")
    store.write_rows(rows)
    merge_store(store, incremental=False)
    expected = _python_rows(store)
    assert max(row["n_events"] for row in expected.values()) >= 3
    cur = store.con.execute("SELECT * FROM merged_events")
    names = [d[0] for d in cur.description]
    got = {values[0]: dict(zip(names, values, strict=True)) for values in cur.fetchall()}
    assert got.keys() == expected.keys()
    for cluster_id, row in got.items():
        assert row == expected[cluster_id]
