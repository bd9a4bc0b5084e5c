"""Classification and coreference scores against hand-computed toy cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.eval.classification import NO_EVENT, prf, score_labels
from dyad.eval.coref_metrics import _hungarian_max, b_cubed, ceaf_e, clusters_from_labels, muc, score_coref


def test_classification_prf_counts():
    assert prf(2, 2, 0) == (0.5, 1.0, pytest.approx(2 / 3))
    assert prf(0, 0, 3) == (0.0, 0.0, 0.0)


def test_classification_toy_case_by_hand():
    gold = ["A", "A", "B", "B", "C"]
    pred = ["A", "B", "B", None, "A"]
    s = score_labels(gold, pred)
    # A: tp1 fp1 fn1 -> P .5 R .5 F .5; B: tp1 fp1 fn1 -> .5; C: tp0 -> 0; NONE is not a label
    per = {x.label: x for x in s.per_label}
    assert set(per) == {"A", "B", "C"}
    assert per["A"].f1 == pytest.approx(0.5) and per["B"].f1 == pytest.approx(0.5) and per["C"].f1 == 0.0
    assert per["B"].support == 2
    assert s.accuracy == pytest.approx(2 / 5)
    assert s.macro_f1 == pytest.approx(1 / 3)
    assert s.confusion["B"] == {"B": 1, NO_EVENT: 1}
    assert s.confusion["C"] == {"A": 1}


def test_classification_predicted_only_label_counts_in_macro():
    s = score_labels(["A", "A"], ["A", "Z"])
    assert {x.label for x in s.per_label} == {"A", "Z"}
    assert s.macro_f1 == pytest.approx((2 / 3 + 0) / 2)


def test_classification_rejects_length_mismatch():
    with pytest.raises(ValueError):
        score_labels(["A"], [])


KEY = [{"a", "b", "c"}, {"d", "e"}]
RESPONSE = [{"a", "b"}, {"c", "d", "e"}]


def test_coref_toy_case_by_hand():
    # MUC: R = (1 + 1) / (2 + 1), P = (1 + 1) / (1 + 2)
    assert muc(KEY, RESPONSE).recall == pytest.approx(2 / 3)
    assert muc(KEY, RESPONSE).precision == pytest.approx(2 / 3)
    # B3: R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5, P = (1 + 1 + 1/3 + 2/3 + 2/3) / 5
    assert b_cubed(KEY, RESPONSE).recall == pytest.approx(11 / 15)
    assert b_cubed(KEY, RESPONSE).precision == pytest.approx(11 / 15)
    # CEAF-e: best alignment {abc}-{ab} (4/5) + {de}-{cde} (4/5)
    assert ceaf_e(KEY, RESPONSE).f1 == pytest.approx(0.8)
    assert score_coref(KEY, RESPONSE).conll_f1 == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_coref_twinless_mentions_pradhan_example():
    # key {abc}{defg}, response {ab}{cd}{fghi}: h and i are not in the key, e not in the response
    key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
    response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
    assert (muc(key, response).recall, muc(key, response).precision) == (pytest.approx(0.4), pytest.approx(0.4))
    assert b_cubed(key, response).recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 4 + 0 + 2 / 4 + 2 / 4) / 7)
    assert b_cubed(key, response).precision == pytest.approx(0.5)
    # CEAF-e: {abc}-{ab} 4/5 + {defg}-{fghi} 1/2 = 1.3
    assert ceaf_e(key, response).recall == pytest.approx(1.3 / 2)
    assert ceaf_e(key, response).precision == pytest.approx(1.3 / 3)


def test_coref_identical_and_singletons():
    assert score_coref(KEY, KEY).conll_f1 == pytest.approx(1.0)
    singles = [{m} for cluster in KEY for m in cluster]
    report = score_coref(KEY, singles)
    assert report.muc.f1 == 0.0
    assert report.b_cubed.precision == pytest.approx(1.0)


def test_coref_clusters_from_labels():
    clusters = clusters_from_labels(["m1", "m2", "m3"], [0, 1, 0])
    assert sorted(sorted(c) for c in clusters) == [["m1", "m3"], ["m2"]]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_coref_hungarian_matches_brute_force(rows, cols, data):
    values = data.draw(st.lists(st.floats(0, 1), min_size=rows * cols, max_size=rows * cols))
    weights = np.array(values).reshape(rows, cols)
    if rows <= cols:
        best = max(sum(weights[i, p[i]] for i in range(rows)) for p in itertools.permutations(range(cols), rows))
    else:
        best = max(sum(weights[p[j], j] for j in range(cols)) for p in itertools.permutations(range(rows), cols))
    assert _hungarian_max(weights) == pytest.approx(best)
