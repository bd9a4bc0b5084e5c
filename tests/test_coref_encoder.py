"""The coreference-tuned MiniLM encoder (``dyad.resolve.coref_encoder``): its loss, a short
training run on hand-built mentions, the shipped weights round trip, and its errors.

The torch parts are skipped without the ``[ml]`` extra.
"""

from __future__ import annotations

import numpy as np
import pytest

from dyad.errors import DyadError
from dyad.resolve import coref_encoder, merge_ecb
from dyad.resolve.merge_text import dense_cosine, embed_spans, minilm_available

needs_ml = pytest.mark.skipif(not minilm_available(), reason="needs the [ml] extra (torch + MiniLM)")


def _mention(i: int, doc: str, sentence: str, word: str) -> dict:
    start = sentence.index(word)
    return {"id": f"m{i}", "topic": 1, "doc": doc, "sentence": sentence, "sentence_index": 0,
            "span": [start, start + len(word)], "text": word, "lemma": word.split()[0].lower()}


# one group: two events ("fired" a coach = dismissal, "fired" shots = shooting), each reported
# in words that do not match the other report's
GROUP = [
    (_mention(1, "a", "The club fired its head coach on Monday .", "fired"), "dismissal"),
    (_mention(2, "b", "The coach was sacked after the defeat .", "sacked"), "dismissal"),
    (_mention(3, "c", "The team dismissed the manager on Monday .", "dismissed"), "dismissal"),
    (_mention(4, "d", "The gunman fired twice into the crowd .", "fired"), "shooting"),
    (_mention(5, "e", "Shots were fired at the police station .", "fired"), "shooting"),
    (_mention(6, "f", "A man opened fire at the station .", "opened fire"), "shooting"),
]


def test_resolve_encoder_checks_its_option() -> None:
    assert merge_ecb.resolve_encoder("base") == "base"
    assert merge_ecb.resolve_encoder("auto") == ("tuned" if coref_encoder.available() else "base")
    with pytest.raises(DyadError) as err:
        merge_ecb.resolve_encoder("large")
    assert err.value.error.code == "E801" and "tuned" in str(err.value)
    with pytest.raises(DyadError):
        merge_ecb.cluster_mentions([GROUP[0][0]], similarity="lexical", encoder="large")


@needs_ml
def test_contrastive_loss_is_lower_when_events_sit_together() -> None:
    import torch

    labels = ["x", "x", "y", "y"]
    sentences = [("a", 0), ("b", 0), ("c", 0), ("d", 0)]
    together = torch.nn.functional.normalize(torch.tensor([[1.0, 0.1], [1.0, 0.0], [0.0, 1.0], [0.1, 1.0]]), dim=1)
    crossed = torch.nn.functional.normalize(torch.tensor([[1.0, 0.1], [0.0, 1.0], [1.0, 0.0], [0.1, 1.0]]), dim=1)
    low = coref_encoder._contrastive_loss(together, labels, sentences, 0.1)
    high = coref_encoder._contrastive_loss(crossed, labels, sentences, 0.1)
    assert float(low) < 0.1 < float(high)
    # mentions of one sentence are neither positives nor negatives; no positives at all: no loss
    assert coref_encoder._contrastive_loss(together, ["x", "x", "y", "z"], [("a", 0)] * 2 + [("c", 0), ("d", 0)], 0.1) is None


@needs_ml
def test_training_pulls_the_mentions_of_one_event_together(tmp_path) -> None:
    weights, losses = coref_encoder.train([GROUP], layers=1, epochs=6, learning_rate=1e-3, seed=0)
    assert len(losses) == 6 and losses[-1] < losses[0]
    assert sorted(weights) == sorted(f"encoder.layer.5.{name}.weight:delta" for name in coref_encoder._LINEARS)
    coref_encoder.save(weights, {"trained_topics": [1]}, tmp_path)
    assert coref_encoder.available(tmp_path) and coref_encoder.metadata(tmp_path) == {"trained_topics": [1]}
    tuned = coref_encoder.tuned_model(str(tmp_path))
    items = [(m["sentence"], tuple(m["span"])) for m, _ in GROUP]
    before, after = embed_spans(items), embed_spans(items, model=tuned)
    assert before != after and all(abs(sum(x * x for x in v) - 1.0) < 1e-4 for v in after)

    def margin(vectors: list) -> float:
        """mean cosine within an event minus mean cosine across the two events"""
        same, other = [], []
        for i in range(len(GROUP)):
            for j in range(i + 1, len(GROUP)):
                (same if GROUP[i][1] == GROUP[j][1] else other).append(dense_cosine(vectors[i], vectors[j]))
        return float(np.mean(same) - np.mean(other))

    assert margin(after) > margin(before) + 0.05
    # the packaged (shared) model is left as it was
    assert embed_spans(items) == before


@needs_ml
def test_low_rank_updates_apply_as_their_product(tmp_path) -> None:
    weights, _ = coref_encoder.train([GROUP], layers=1, rank=2, epochs=2, learning_rate=1e-3, seed=1)
    names = {k.rpartition(":")[0] for k in weights}
    assert {k.rpartition(":")[2] for k in weights} == {"a", "b"} and len(names) == len(coref_encoder._LINEARS)
    name = "encoder.layer.5.intermediate.dense.weight"
    assert weights[f"{name}:a"].shape == (2, 384) and weights[f"{name}:b"].shape == (1536, 2)
    from dyad.resolve.merge_text import _load_minilm

    base = _load_minilm()
    start = base[0].auto_model.state_dict()[name].clone()
    coref_encoder.apply(base, weights)
    expected = start.numpy() + weights[f"{name}:b"] @ weights[f"{name}:a"]
    assert np.allclose(base[0].auto_model.state_dict()[name].numpy(), expected, atol=1e-6)


@needs_ml
def test_bad_weights_are_a_clear_error(tmp_path) -> None:
    from dyad.resolve.merge_text import _load_minilm

    with pytest.raises(DyadError) as err:
        coref_encoder.apply(_load_minilm(), {"encoder.layer.5.output.dense.weight:delta": np.zeros((3, 3))})
    assert err.value.error.code == "E804" and "shape" in str(err.value)
    with pytest.raises(DyadError) as err:
        coref_encoder.apply(_load_minilm(), {"encoder.layer.9.nothing.weight:delta": np.zeros((3, 3))})
    assert "unknown parameter" in str(err.value)
    (tmp_path / "coref_encoder.npz").write_bytes(b"not an npz file")
    with pytest.raises(DyadError) as err:
        coref_encoder.tuned_model(str(tmp_path))
    assert err.value.error.code == "E804"


def test_shipped_encoder_records_how_it_was_trained() -> None:
    meta = coref_encoder.metadata()
    if meta is None:
        pytest.skip("no tuned coreference encoder is shipped")
    trained, held_out = set(meta["trained_topics"]), set(meta["held_out_topics"])
    assert trained and held_out and not trained & held_out and trained | held_out == set(range(1, 36))
    assert meta["settings"]["layers"] >= 1 and len(meta["epoch_losses"]) == meta["settings"]["epochs"]


def test_compress_keeps_the_best_low_rank_part() -> None:
    rng = np.random.default_rng(0)
    low = rng.normal(size=(40, 3)) @ rng.normal(size=(3, 30))
    weights = {"m.weight:delta": low + 1e-3 * rng.normal(size=(40, 30)), "small.weight:delta": np.ones((2, 2))}
    packed = coref_encoder.compress(weights, 3)
    assert packed["m.weight:a"].shape == (3, 30) and packed["m.weight:b"].shape == (40, 3)
    assert np.abs(packed["m.weight:b"] @ packed["m.weight:a"] - low).max() < 0.01
    assert np.array_equal(packed["small.weight:delta"], np.ones((2, 2)))  # already small: kept whole


@needs_ml
def test_context_vectors_come_from_the_chosen_encoder() -> None:
    if not coref_encoder.available():
        pytest.skip("no tuned coreference encoder is shipped")
    mentions = [m for m, _ in GROUP[:2]]
    base = merge_ecb.context_vectors(mentions, encoder="base")
    tuned = merge_ecb.context_vectors(mentions, encoder="tuned")
    assert merge_ecb.context_vectors(mentions) == tuned  # auto: the shipped one
    assert base != tuned and base == dict(zip(["m1", "m2"], embed_spans(
        [(m["sentence"], tuple(m["span"])) for m in mentions]), strict=True))
