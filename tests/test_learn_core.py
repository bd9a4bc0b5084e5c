"""The learned classifier's parts that need neither torch nor the MiniLM model.

Marker insertion, folds, the numpy side of the softmax head, model files, the hybrid coder's
override rule (with a stand-in classifier), the template data and the error messages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyad.errors import DyadError, E
from dyad.learn import backend
from dyad.learn.data import ROOTS, YIELD_TYPES, Example, drop_overlap, template_examples
from dyad.learn.deps import require
from dyad.learn.encoder import SOURCE_MARKS, TARGET_MARKS, PairInput, mark
from dyad.learn.head import SoftmaxHead, expected_calibration_error, fit_temperature, softmax
from dyad.learn.model import PairModel
from dyad.learn.train import group_folds
from dyad.model import Entity, Event, Mention, Provenance, TextSpan
from dyad.registry import classifiers, coders

ROOT = Path(__file__).resolve().parents[1]


# -- markers ------------------------------------------------------------------------------------
def test_mark_wraps_both_parties_and_keeps_their_text() -> None:
    sentence = "Iran condemned the United States on Monday."
    marked, source, target = mark(PairInput(sentence, (0, 4), (19, 32)))
    assert marked == "[[ Iran ]] condemned the << United States >> on Monday."
    assert marked[source[0]:source[1]] == "Iran"
    assert marked[target[0]:target[1]] == "United States"


def test_mark_target_before_source() -> None:
    sentence = "Troops were sent to Mali by France."
    marked, source, target = mark(PairInput(sentence, (28, 34), (20, 24)))
    assert marked.index(TARGET_MARKS[0]) < marked.index(SOURCE_MARKS[0])
    assert marked[source[0]:source[1]] == "France"
    assert marked[target[0]:target[1]] == "Mali"


@given(st.text(alphabet="abc XYZ.,", min_size=2, max_size=40), st.data())
def test_mark_spans_always_point_at_the_original_text(sentence: str, data: st.DataObject) -> None:
    def span() -> tuple[int, int]:
        start = data.draw(st.integers(0, len(sentence) - 1))
        end = data.draw(st.integers(start + 1, len(sentence)))
        return start, end

    source, target = span(), span()
    overlapping = source[0] < target[1] and target[0] < source[1]
    marked, new_source, new_target = mark(PairInput(sentence, source, target))
    assert len(marked) == len(sentence) + sum(map(len, SOURCE_MARKS + TARGET_MARKS))
    if not overlapping:  # nested or crossing spans get the other party's marker inside them
        assert marked[new_source[0]:new_source[1]] == sentence[source[0]:source[1]]
        assert marked[new_target[0]:new_target[1]] == sentence[target[0]:target[1]]


def test_bad_span_is_a_catalogue_error() -> None:
    with pytest.raises(DyadError) as info:
        PairInput("short", (0, 3), (2, 40)).check()
    assert info.value.error is E.BAD_PAIR_SPAN


# -- folds --------------------------------------------------------------------------------------
def _example(sentence: str, label: str) -> Example:
    return Example(PairInput(sentence, (0, 1), (2, 3)), label, "test", "test:" + sentence)


def test_group_folds_keep_sentences_whole_and_spread_labels() -> None:
    examples = [_example(f"s{i // 2} x", ROOTS[i % 3]) for i in range(60)]
    folds = group_folds(examples, folds=5, seed=1)
    by_group: dict[str, set[int]] = {}
    for e, f in zip(examples, folds, strict=True):
        by_group.setdefault(e.group, set()).add(f)
    assert all(len(v) == 1 for v in by_group.values())
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]
    assert max(folds.count(f) for f in range(5)) - min(folds.count(f) for f in range(5)) <= 2
    assert group_folds(examples, folds=5, seed=1) == folds  # deterministic


def test_drop_overlap_ignores_case_and_punctuation() -> None:
    train = [_example("Iran condemned Iraq.", "ACCUSE"), _example("Chad met Mali.", "CONSULT")]
    held = [_example("iran condemned IRAQ", "ACCUSE")]
    assert [e.pair.sentence for e in drop_overlap(train, held)] == ["Chad met Mali."]


def test_yield_labels_fold_to_the_plv_root() -> None:
    assert _example("a b c", "RETREAT").root == "YIELD"
    assert _example("a b c", "ASSAULT").root == "ASSAULT"


# -- head (numpy side) --------------------------------------------------------------------------
def _head(temperature: float = 1.0) -> SoftmaxHead:
    return SoftmaxHead(("A", "B"), np.zeros(2, np.float32), np.ones(2, np.float32),
                       np.array([[2.0, -2.0], [0.0, 0.0]], np.float32), np.zeros(2, np.float32), temperature)


def test_softmax_rows_sum_to_one() -> None:
    p = softmax(np.array([[1000.0, 0.0], [1.0, 2.0]]))
    assert np.allclose(p.sum(axis=1), 1.0) and p[0, 0] == pytest.approx(1.0)


def test_temperature_softens_without_changing_the_prediction() -> None:
    x = np.array([[1.0, 0.0], [-1.0, 0.0]], np.float32)
    sharp, soft = _head(1.0), _head(4.0)
    assert sharp.predict(x) == soft.predict(x) == ["A", "B"]
    assert soft.probabilities(x).max() < sharp.probabilities(x).max()


def test_fit_temperature_raises_it_for_an_overconfident_head() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2)).astype(np.float32) * 3
    # labels agree with the head's sign only 70% of the time: its near-certain logits are overconfident
    labels = ["A" if (row[0] > 0) == (rng.random() < 0.7) else "B" for row in x]
    assert fit_temperature(_head(), x, labels) > 1.5


def test_expected_calibration_error() -> None:
    confidence = np.array([0.9] * 10)
    assert expected_calibration_error(confidence, np.array([1.0] * 9 + [0.0])) == pytest.approx(0.0)
    assert expected_calibration_error(confidence, np.zeros(10)) == pytest.approx(0.9)


def test_model_files_round_trip(tmp_path: Path) -> None:
    model = PairModel(_head(2.0), None, ("sentence",), {"note": "test"})
    model.save(tmp_path, name="m")
    loaded = PairModel.load(tmp_path, name="m")
    assert loaded.main.labels == ("A", "B") and loaded.main.temperature == 2.0
    assert loaded.regions == ("sentence",) and loaded.metadata == {"note": "test"}
    assert loaded.yield_split is None


def test_missing_model_names_dyad_train(tmp_path: Path) -> None:
    with pytest.raises(DyadError) as info:
        PairModel.load(tmp_path)
    assert info.value.error is E.LEARNED_MODEL_MISSING and "dyad train" in str(info.value)


def test_shipped_model_files_are_small_and_described() -> None:
    folder = ROOT / "src" / "dyad" / "data" / "models"
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert total < 25 * 1024 * 1024
    model = PairModel.load(folder)
    assert set(model.main.labels) == set(ROOTS)
    assert model.yield_split is not None and model.yield_split.labels == YIELD_TYPES
    assert model.metadata["regions"] == list(model.regions)
    assert 0.05 < model.main.temperature < 20


# -- optional dependency message ----------------------------------------------------------------
def test_missing_extra_names_the_install_command() -> None:
    with pytest.raises(DyadError) as info:
        require("dyad_no_such_module_for_test")
    assert info.value.error is E.EXTRA_MISSING
    assert "pip install 'dyad[ml]'" in str(info.value)


# -- registration and the hybrid coder ----------------------------------------------------------
def test_backends_are_registered() -> None:
    assert "learned" in classifiers
    assert "hybrid" in coders and "learned" in coders


class _StandIn:
    """A classifier stand-in returning fixed answers (the real one needs the [ml] extra)."""

    def __init__(self, answer: tuple[str | None, float]) -> None:
        self.answer = answer
        self.seen: list[tuple[str, tuple[int, int], tuple[int, int]]] = []

    def classify_many(self, pairs: list[tuple[str, tuple[int, int], tuple[int, int]]]) -> list[tuple[str | None, float]]:
        self.seen.extend(pairs)
        return [self.answer for _ in pairs]


class _Rules:
    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def code(self, doc: object) -> list[Event]:
        return list(self.events)


def _event(event_type: str, confidence: float, *, recipient: bool = True) -> Event:
    text = "Intro. Chad criticised Mali yesterday."
    sentence = TextSpan(text[7:], 7, len(text))
    chad, mali = Entity("Chad", 7, 11, code="TCD"), Entity("Mali", 23, 27, code="MLI")
    return Event(id="e1", article_id="a", event_type=event_type,
                 mentions=(Mention(sentence, TextSpan("criticised", 12, 22)),), coder=Provenance("rules", "1"),
                 actor=(chad,), recipient=(mali,) if recipient else (), mode="m", confidence=confidence)


def test_hybrid_retypes_a_weak_rules_event_with_sentence_relative_spans() -> None:
    stand_in = _StandIn(("ACCUSE", 0.9))
    coder = backend.HybridCoder(_Rules([_event("REJECT", 0.4)]), stand_in)  # type: ignore[arg-type]
    (event,) = coder.code(None)  # type: ignore[arg-type]
    assert event.event_type == "ACCUSE" and event.confidence == 0.9 and event.mode is None
    assert event.coder.name == "rules+hybrid"
    sentence, source, target = stand_in.seen[0]
    assert sentence[source[0]:source[1]] == "Chad" and sentence[target[0]:target[1]] == "Mali"


@pytest.mark.parametrize(("rules_conf", "model"), [(0.85, ("ACCUSE", 0.9)), (0.4, ("ACCUSE", 0.6)), (0.4, (None, 0.99))])
def test_hybrid_keeps_the_rules_type_unless_the_model_is_clearly_surer(
        rules_conf: float, model: tuple[str | None, float]) -> None:
    coder = backend.HybridCoder(_Rules([_event("REJECT", rules_conf)]), _StandIn(model))  # type: ignore[arg-type]
    (event,) = coder.code(None)  # type: ignore[arg-type]
    assert event.event_type == "REJECT" and event.mode == "m"


def test_hybrid_leaves_events_without_a_recipient_alone() -> None:
    stand_in = _StandIn(("ACCUSE", 0.99))
    coder = backend.HybridCoder(_Rules([_event("REJECT", 0.3, recipient=False)]), stand_in)  # type: ignore[arg-type]
    assert coder.code(None)[0].event_type == "REJECT"  # type: ignore[arg-type]
    assert stand_in.seen == []


def test_unknown_option_is_a_catalogue_error() -> None:
    with pytest.raises(DyadError) as info:
        backend.make_learned_classifier(colour="blue")
    assert info.value.error is E.LEARNED_OPTION


# -- template data ------------------------------------------------------------------------------
def test_template_pairs_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_training_data.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_pairs_are_valid() -> None:
    examples = template_examples()
    assert len(examples) > 300
    assert {e.label for e in examples} == set(ROOTS) - {"YIELD"} | set(YIELD_TYPES)
    for e in examples:
        e.pair.check()
        source = e.pair.sentence[e.pair.source[0]:e.pair.source[1]]
        target = e.pair.sentence[e.pair.target[0]:e.pair.target[1]]
        assert source.lower() != target.lower()
