"""Checks on the bundled sample corpus, its hand-annotated gold events and its event clusters.

The corpus (``dyad/data/sample_corpus.jsonl``) feeds ``dyad demo`` and the merging tests; the gold file
(``tests/data/sample_gold.json``) is our independent dev set. These tests keep the three files
consistent with each other and with the record model: no spaCy, no ../shared.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dyad.model import EVENT_TYPES, STATUSES, Article

DATA = Path(__file__).resolve().parent / "data"
FIELDS = ("slug", "title", "url", "source", "published", "text")
CODE = re.compile(r"^[A-Z]{3}$")
SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM", "CVL",
    "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "NGO",
}


def _load_corpus() -> list[dict[str, Any]]:
    resource = files("dyad") / "data" / "sample_corpus.jsonl"
    lines = resource.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return _load_corpus()


@pytest.fixture(scope="module")
def by_slug(corpus: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {rec["slug"]: rec for rec in corpus}


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads((DATA / "sample_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def clusters() -> list[dict[str, Any]]:
    data = json.loads((DATA / "sample_clusters.json").read_text(encoding="utf-8"))
    return list(data["clusters"])


def _all_gold_events(gold: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(slug, event, is_optional) for every gold and optional event."""
    out = []
    for doc in gold["documents"]:
        out += [(doc["slug"], ev, False) for ev in doc["events"]]
        out += [(doc["slug"], ev, True) for ev in doc["optional_events"]]
    return out


# --- the corpus -------------------------------------------------------------------------------------


def test_corpus_size_and_unique_ids(corpus: list[dict[str, Any]]) -> None:
    assert len(corpus) >= 30
    slugs = [rec["slug"] for rec in corpus]
    assert len(set(slugs)) == len(slugs), [s for s, n in Counter(slugs).items() if n > 1]
    texts = [rec["text"] for rec in corpus]
    assert len(set(texts)) == len(texts)
    assert len({rec["url"] for rec in corpus}) == len(corpus)


def test_corpus_fields_present_and_typed(corpus: list[dict[str, Any]]) -> None:
    for rec in corpus:
        for field in FIELDS:
            assert isinstance(rec.get(field), str) and rec[field].strip(), (rec.get("slug"), field)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rec["slug"]), rec["slug"]


def test_corpus_dates_parse_and_fall_in_range(corpus: list[dict[str, Any]]) -> None:
    for rec in corpus:
        day = dt.date.fromisoformat(rec["published"])
        assert dt.date(2015, 1, 1) <= day <= dt.date(2024, 12, 31), rec["slug"]


def test_corpus_urls_are_fictional_domains(corpus: list[dict[str, Any]]) -> None:
    for rec in corpus:
        url = urlparse(rec["url"])
        assert url.scheme == "https", rec["slug"]
        host = url.hostname or ""
        assert host.endswith((".example.org", ".example.com", ".example.net")), rec["url"]


def test_corpus_text_lengths(corpus: list[dict[str, Any]]) -> None:
    for rec in corpus:
        words = len(rec["text"].split())
        assert 100 <= words <= 400, (rec["slug"], words)


def test_corpus_publishers_vary(corpus: list[dict[str, Any]]) -> None:
    counts = Counter(rec["source"] for rec in corpus)
    assert len(counts) >= 5, counts
    assert max(counts.values()) <= len(corpus) * 0.3, counts


def test_corpus_records_build_articles(corpus: list[dict[str, Any]]) -> None:
    """Every line becomes a dyad Article with its own date and a content-hash id."""
    articles = [
        Article.create(rec["text"], published=rec["published"], url=rec["url"], title=rec["title"],
                       source=rec["source"])
        for rec in corpus
    ]
    assert len({a.id for a in articles}) == len(articles)
    for art, rec in zip(articles, corpus, strict=True):
        assert art.published == dt.date.fromisoformat(rec["published"])
        assert not art.published_assumed


# --- the gold events ----------------------------------------------------------------------------------


def test_gold_covers_enough_documents(gold: dict[str, Any], by_slug: dict[str, dict[str, Any]]) -> None:
    assert gold["schema"] == "gold-events-multi/1"
    assert {"match", "merge", "optional", "attributes"} <= set(gold["scoring"])
    docs = gold["documents"]
    slugs = [doc["slug"] for doc in docs]
    assert len(set(slugs)) == len(slugs)
    assert sum(1 for doc in docs if doc["events"]) >= 12
    for doc in docs:
        assert doc["slug"] in by_slug, doc["slug"]
        assert doc["published"] == by_slug[doc["slug"]]["published"], doc["slug"]


def test_gold_strings_occur_verbatim(gold: dict[str, Any], by_slug: dict[str, dict[str, Any]]) -> None:
    for slug, ev, _ in _all_gold_events(gold):
        text = by_slug[slug]["text"]
        assert ev["evidence"], (slug, ev["id"])
        strings = list(ev["evidence"]) + list(ev.get("attribution", []))
        date = ev.get("date") or {}
        strings += ([date["text"]] if date.get("text") else []) + list(date.get("also", []))
        for s in strings:
            assert s in text, (slug, ev["id"], s)


def test_gold_types_modes_and_statuses(gold: dict[str, Any]) -> None:
    for slug, ev, optional in _all_gold_events(gold):
        where = (slug, ev["id"])
        assert ev["type"] in EVENT_TYPES, where
        assert set(ev.get("alt_types", [])) <= set(EVENT_TYPES), where
        assert ev["type"] not in ev.get("alt_types", []), where
        if "status" in ev or not optional:
            assert ev["status"] in STATUSES, where
        assert set(ev.get("status_alt", [])) <= set(STATUSES), where
        if "mode" in ev:
            assert re.fullmatch(r"[a-z][a-z-]*", ev["mode"]), where


def test_gold_actors_and_dates(gold: dict[str, Any], by_slug: dict[str, dict[str, Any]]) -> None:
    for slug, ev, optional in _all_gold_events(gold):
        where = (slug, ev["id"])
        for ent in ev.get("actor", []) + ev.get("recipient", []):
            assert CODE.match(ent["code"]), where
            assert "sector" not in ent or ent["sector"] in SECTORS, where
        if optional:
            continue
        assert ev["actor"], where
        assert isinstance(ev["attribution"], list), where
        date = ev["date"]
        lo = dt.date.fromisoformat(date["earliest"]) if date["earliest"] else None
        hi = dt.date.fromisoformat(date["latest"]) if date["latest"] else None
        if lo and hi:
            assert lo <= hi, where
        if date.get("text"):
            assert lo is not None or hi is not None, where
        published = dt.date.fromisoformat(by_slug[slug]["published"])
        if ev["status"] in ("occurred", "ongoing") and lo is not None:
            assert lo <= published, where


def test_gold_event_ids_unique_per_document(gold: dict[str, Any]) -> None:
    for doc in gold["documents"]:
        ids = [ev["id"] for ev in doc["events"] + doc["optional_events"]]
        assert len(ids) == len(set(ids)), doc["slug"]


def test_gold_includes_event_free_documents(gold: dict[str, Any]) -> None:
    """Precision checks: at least one document in the gold must have no political event at all."""
    assert any(not doc["events"] and not doc["optional_events"] for doc in gold["documents"])


# --- the clusters ---------------------------------------------------------------------------------------


def test_clusters_reference_corpus(clusters: list[dict[str, Any]], by_slug: dict[str, dict[str, Any]]) -> None:
    ids = [c["id"] for c in clusters]
    assert len(ids) == len(set(ids))
    for c in clusters:
        assert len(c["articles"]) >= 2, c["id"]
        assert len(set(c["articles"])) == len(c["articles"]), c["id"]
        for slug in c["articles"]:
            assert slug in by_slug, (c["id"], slug)
        assert set(c.get("status_by_article", {})) <= set(c["articles"]), c["id"]
        assert set(c.get("status_by_article", {}).values()) <= set(STATUSES), c["id"]


def test_clusters_are_typed_and_multi_publisher(
    clusters: list[dict[str, Any]], by_slug: dict[str, dict[str, Any]]
) -> None:
    for c in clusters:
        assert c["event_type"] in EVENT_TYPES, c["id"]
        assert CODE.match(c["actor"]), c["id"]
        assert c["recipient"] is None or CODE.match(c["recipient"]), c["id"]
        sources = [by_slug[s]["source"] for s in c["articles"]]
        assert len(set(sources)) == len(sources), (c["id"], sources)
        days = sorted(dt.date.fromisoformat(by_slug[s]["published"]) for s in c["articles"])
        assert (days[-1] - days[0]).days <= 3, c["id"]


def test_main_clusters_partition_their_articles(clusters: list[dict[str, Any]]) -> None:
    main = [c for c in clusters if c.get("main", True)]
    assert len(main) >= 6
    seen: Counter[str] = Counter(s for c in main for s in c["articles"])
    assert all(n == 1 for n in seen.values()), [s for s, n in seen.items() if n > 1]
