"""The unified-factuality CoNLL reader and scorer, on a hand-written fixture (issue 7)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dyad.errors import DyadError
from dyad.eval.factuality import evaluate, pearson, read_conll

FIXTURE = """0\tTroops\t_\tNNS\t1\tnsubj\ttroop
1\tleft\t3.0\tVBD\t1\tROOT\tleave
2\t.\t_\t.\t1\tpunct\t.

0\tThey\t_\tPRP\t2\tnsubj\tthey
1\tmay\t_\tMD\t2\taux\tmay
2\treturn\t0.75\tVB\t2\tROOT\treturn
3\tor\t_\tCC\t2\tcc\tor
4\tnot\t_\tRB\t5\tneg\tnot
5\tstay\t-3.0\tVB\t2\tconj\tstay
"""


def _fake(predictions: dict[str, float]):
    def predict(sentence: str, *, trigger: tuple[int, int]) -> dict[str, object]:
        return {"status": "occurred", "factuality": predictions[sentence[trigger[0]:trigger[1]]]}
    return predict


def test_status_factuality_reader_offsets(tmp_path: Path) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(FIXTURE, encoding="utf-8")
    preds = list(read_conll(path))
    assert [(p.trigger, p.gold) for p in preds] == [("left", 3.0), ("return", 0.75), ("stay", -3.0)]
    assert preds[1].sentence == "They may return or not stay"
    assert preds[0].sentence_id == 0 and preds[2].sentence_id == 1


def test_status_factuality_scores_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(FIXTURE, encoding="utf-8")
    report = evaluate(path, predict=_fake({"left": 3.0, "return": 3.0, "stay": 0.0}))
    # errors 0, 2.25, 3 -> MAE 5.25 / 3 = 1.75
    assert report.n == 3
    assert report.metrics["factuality_mae"] == pytest.approx(1.75)
    # gold (3, .75, -3), mean .25; pred (3, 3, 0), mean 2: sxy = 2.75 + .5 + 6.5 = 9.75,
    # sxx = 18.375, syy = 6, r = 9.75 / sqrt(110.25) = 0.92857
    assert report.metrics["factuality_pearson"] == pytest.approx(9.75 / math.sqrt(18.375 * 6), abs=1e-4)
    assert report.errors[0]["trigger"] == "stay" and report.errors[0]["expected"] == -3.0


def test_status_factuality_pearson_edge_cases() -> None:
    assert pearson([1.0, 1.0], [2.0, 3.0]) == 0.0
    assert pearson([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]) == pytest.approx(1.0)


def test_status_factuality_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("0\tTroops\tmaybe\tNNS\n", encoding="utf-8")
    with pytest.raises(DyadError) as info:
        list(read_conll(path))
    assert info.value.code == "E503"


def test_status_factuality_meantime_test_split() -> None:
    from tests.conftest import shared_path

    folder = shared_path("data", "factuality_meantime")
    report = evaluate(folder, split="test")
    assert report.n == 188
    assert report.metrics["factuality_mae"] <= 0.6
    assert report.metrics["factuality_pearson"] >= 0.5
