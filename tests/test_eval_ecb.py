"""ECB+ reader and the coreference evaluation on a three-document fixture, scored by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dyad.eval import ecb
from dyad.eval.ecb import read_ecb

from .conftest import shared_path

ECB = Path(__file__).parent / "data" / "eval" / "ecb"
LEMMAS = {"checked": "check", "checked in": "check", "said": "say", "struck": "strike", "quake": "quake",
          "killed": "kill"}


def test_ecb_reader_keeps_validated_event_mentions():
    mentions = read_ecb(ECB)
    assert [m.id for m in mentions] == ["1_1ecb#1", "1_2ecbplus#1", "1_2ecbplus#2", "1_2ecbplus#4",
                                        "2_1ecb#1", "2_1ecb#2", "2_1ecb#3"]
    # 1_1ecb#2 ("entered") is in a sentence not listed as validated; people are not events
    assert mentions[1].text == "checked in" and mentions[6].text == "killed"
    gold = [m.gold for m in mentions]
    assert gold[0] == gold[1] == "cross:ACT1" and gold[2] == gold[3] and gold[4] == gold[5] != gold[6]
    assert len(read_ecb(ECB, validated_only=False)) == 8
    assert {m.topic for m in read_ecb(ECB, limit=1)} == {1}


def test_ecb_baselines_scored_by_hand(monkeypatch):
    monkeypatch.setattr(ecb, "head_lemmas", lambda ms: [LEMMAS[m.text] for m in ms])
    monkeypatch.setattr(ecb, "_system_clusterer", lambda: None)
    report = ecb.evaluate(ECB)
    m = report.metrics
    # lemma baseline: response {11,21}{22,24}{31}{32}{33}; MUC 0.8, B3 12/13, CEAF-e 22/27
    assert m["baseline_lemma_muc_f1"] == pytest.approx(0.8)
    assert m["baseline_lemma_b3_f1"] == pytest.approx(12 / 13, abs=1e-4)
    assert m["baseline_lemma_ceaf_e_f1"] == pytest.approx(22 / 27, abs=1e-4)
    assert m["baseline_lemma_conll_f1"] == pytest.approx((0.8 + 12 / 13 + 22 / 27) / 3, abs=1e-4)
    # singletons: MUC 0, B3 8/11, CEAF-e 18/33
    assert m["baseline_singletons_muc_f1"] == 0.0
    assert m["baseline_singletons_conll_f1"] == pytest.approx((8 / 11 + 18 / 33) / 3, abs=1e-4)
    assert "conll_f1" not in m and "BASELINES" in report.details["note"]
    assert report.errors and report.errors[0]["mentions"] == ["quake", "struck"]


def test_ecb_uses_the_system_clusterer_when_present(monkeypatch):
    seen: list[dict[str, Any]] = []

    def cluster_mentions(mentions: list[dict[str, Any]], **kw: Any) -> list[int]:
        seen.extend(mentions)
        return [0, 0, 1, 1, 2, 2, 3]  # the gold clustering

    monkeypatch.setattr(ecb, "head_lemmas", lambda ms: [LEMMAS[m.text] for m in ms])
    monkeypatch.setattr(ecb, "_system_clusterer", lambda: cluster_mentions)
    report = ecb.evaluate(ECB, mentions="gold")
    assert report.metrics["conll_f1"] == pytest.approx(1.0)
    assert seen[1]["sentence"][slice(*seen[1]["span"])] == "checked in" and seen[1]["lemma"] == "check"
    assert report.details["system_available"] is True


def test_ecb_head_lemmas_with_spacy():
    mentions = read_ecb(ECB)
    lemmas = ecb.head_lemmas(mentions)
    assert lemmas[0] == lemmas[1] == "check"
    assert lemmas[2] == lemmas[3] == "say"


def test_ecb_real_corpus_reads():
    root = shared_path("data", "ecbplus")
    mentions = read_ecb(root, limit=2)
    assert {m.topic for m in mentions} == {1, 2}
    assert len(mentions) > 100 and all(m.text for m in mentions)
