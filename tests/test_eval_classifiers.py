"""The PLV and PLOVER GSR readers and scorers, with a hand-made classifier standing in for dyad's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import dyad
from dyad.eval import plover_gsr, plv
from dyad.eval.plover_gsr import current_type, pick_event, read_gsr
from dyad.eval.plv import ImplicitParty, read_plv, unmark

from .conftest import shared_path

DATA = Path(__file__).parent / "data" / "eval"


def test_plv_unmark_spans():
    text, source, target = unmark("<s>Iran</s> condemned <t>the decision</t>.")
    assert text == "Iran condemned the decision."
    assert text[source[0]:source[1]] == "Iran" and text[target[0]:target[1]] == "the decision"


def test_plv_unmark_trims_and_keeps_first_of_repeated_tag():
    text, source, target = unmark("<s> A </s> helped <t>B</t>, and <t>B</t> thanked A.")
    assert text[source[0]:source[1]] == "A"
    assert target == (text.index("B"), text.index("B") + 1)


def test_plv_unmark_implicit_party():
    with pytest.raises(ImplicitParty):
        unmark("<t>Two newspapers</t> were ordered to close.")


def test_plv_reader_on_fixture():
    skipped: list[str] = []
    rows = list(read_plv(DATA / "plv_small.tsv", skipped=skipped))
    assert [r.row_id for r in rows] == ["1", "2", "3", "4", "5"] and skipped == ["6"]
    assert rows[1].gold_root == "YIELD" and rows[1].gold_penta == "2"
    assert rows[2].sentence[rows[2].source[0]:rows[2].source[1]] == "Ruritania"
    assert len(list(read_plv(DATA / "plv_small.tsv", limit=2))) == 2


def test_plv_scores_by_hand(monkeypatch):
    answers = {"condemned": ("ACCUSE", 0.9), "withdrew": ("RETREAT", 0.8), "agreed": ("AGREE", 0.7),
               "bombed": ("COERCE", 0.95), "conceded": (None, 0.0)}

    def fake(sentence: str, *, source: tuple[int, int], target: tuple[int, int], backend: str = "rules") -> Any:
        assert sentence[source[0]:source[1]] == "Ruritania" and backend == "rules"
        return next(v for k, v in answers.items() if k in sentence)

    monkeypatch.setattr(dyad, "classify_pair", fake)
    report = plv.evaluate(DATA / "plv_small.tsv")
    # gold ACCUSE YIELD AGREE ASSAULT YIELD; got ACCUSE YIELD(RETREAT) AGREE COERCE NONE
    assert report.n == 5 and report.metrics["accuracy"] == pytest.approx(0.6)
    # per type F1: ACCUSE 1, AGREE 1, YIELD (tp1 fn1) 2/3, ASSAULT 0, COERCE (predicted only) 0
    assert report.metrics["macro_f1"] == pytest.approx(round((1 + 1 + 2 / 3 + 0 + 0) / 5, 4))
    assert report.details["confusion"]["ASSAULT"] == {"COERCE": 1}
    assert report.details["skipped_implicit_party"] == 1
    assert report.errors[0]["got"] == "COERCE"  # most confident error first


def test_plv_real_file_reads():
    rows = list(read_plv(shared_path("data", "plv", "train.tsv")))
    assert len(rows) > 1000
    assert all(r.sentence[r.source[0]:r.source[1]].strip() for r in rows)


def test_gsr_label_mapping_follows_the_manual():
    assert [current_type(x) for x in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "AGREE")] == [
        "REQUEST", "ACCUSE", "ACCUSE", "ASSAULT", "AGREE"]
    assert set(map(current_type, plover_gsr.OLD_TO_CURRENT)) <= set(plover_gsr.CURRENT_TYPES)


def test_gsr_reader_on_fixture():
    records = read_gsr(DATA / "gsr_small.json")
    assert [r.event_type for r in records] == ["REQUEST", "ASSAULT", "COERCE", "AGREE"]
    assert records[2].event_phrases == ("arrested",)  # markup given as a string, closed with '}'
    assert records[0].targets == (("Freedonia", "FRE"),) and records[2].targets == ()


def _event(kind: str, trigger: str, text: str, actor: str, confidence: float = 0.5) -> dict[str, Any]:
    start = text.index(trigger)
    return {"event_type": kind, "actor": [{"code": actor}], "recipient": [], "confidence": confidence,
            "mentions": [{"trigger": {"text": trigger, "span": [start, start + len(trigger)]}}]}


def test_gsr_pick_event_uses_markup_not_type():
    record = read_gsr(DATA / "gsr_small.json")[2]  # COERCE on "arrested"
    shelled = _event("ASSAULT", "shelled", record.text, "RUR", confidence=0.99)
    arrested = _event("PROTEST", "arrested", record.text, "FRE", confidence=0.1)
    assert pick_event(record, [shelled, arrested]) is arrested
    assert pick_event(record, []) is None


def test_gsr_coder_mode_scores_by_hand(monkeypatch):
    def fake_code(texts: list[str], backend: str | None) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for t in texts:
            if "demanded" in t:
                out[t] = [_event("REQUEST", "demanded", t, "RUR")]
            elif "shelled" in t:
                out[t] = [_event("ASSAULT", "shelled", t, "RUR"), _event("ASSAULT", "arrested", t, "FRE")]
            else:
                out[t] = []
        return out

    monkeypatch.setattr(plover_gsr, "_code_events", fake_code)
    report = plover_gsr.evaluate(DATA / "gsr_small.json")
    # REQUEST right, ASSAULT right, COERCE got ASSAULT, AGREE got nothing
    assert report.metrics["accuracy"] == 0.5
    # REQUEST 1; ASSAULT tp1 fp1 -> 2/3; COERCE 0; AGREE 0
    assert report.metrics["macro_f1"] == pytest.approx(round((1 + 2 / 3) / 4, 4))
    # actor codes on the 3 compared events: RUR, RUR, FRE (gold RUR) -> 2/3
    assert report.metrics["actor_code_accuracy"] == pytest.approx(0.6667)


def test_gsr_pair_mode(monkeypatch):
    monkeypatch.setattr(dyad, "classify_pair", lambda s, *, source, target, backend="rules": ("REQUEST", 0.9))
    report = plover_gsr.evaluate(DATA / "gsr_small.json", mode="pair")
    assert report.n == 2  # only records with both a source and a target in the text
    assert report.metrics["accuracy"] == 0.5


def test_gsr_real_file_maps_to_current_types():
    records = read_gsr(shared_path("data", "plover", "PLOVER_GSR_CAMEO.json"))
    assert len(records) == 322
    assert {r.event_type for r in records} <= set(plover_gsr.CURRENT_TYPES)
    assert all(r.event_phrases for r in records)
