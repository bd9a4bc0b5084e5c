"""The seed (gold-events) scorer: its scoring rules on hand-built system events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dyad.errors import DyadError
from dyad.eval import seed
from dyad.eval.seed import date_ok, normalize_text, read_gold, score_document

from .conftest import shared_path

DATA = Path(__file__).parent / "data" / "eval"
ARTICLE = (DATA / "seed_article.txt").read_text(encoding="utf-8")


def sentence_of(fragment: str) -> dict[str, Any]:
    for line in ARTICLE.splitlines():
        if fragment in line:
            start = ARTICLE.index(line)
            return {"text": line, "span": [start, start + len(line)]}
    raise AssertionError(fragment)


def event(kind: str, actor: list[str], recipient: list[str], fragment: str, **extra: Any) -> dict[str, Any]:
    return {"id": f"{kind}-{fragment[:8]}", "event_type": kind,
            "actor": [{"text": c, "code": c} for c in actor], "recipient": [{"text": c, "code": c} for c in recipient],
            "mentions": [{"sentence": sentence_of(fragment), "trigger": {"text": "x", "span": [0, 1]}}], **extra}


def system_events() -> list[dict[str, Any]]:
    return [
        event("AGREE", ["RUR", "FRE"], [], "agreed on Monday", status="planned",
              date={"earliest": "2018-09-01", "latest": "2018-09-30"},
              attribution=[{"source": {"text": "Officials"}}]),
        event("CONSULT", ["RUR"], ["FRE"], "two sides", status="planned"),  # same event, not merged
        event("ASSAULT", ["RUR"], ["FRE"], "shelled", status="occurred",
              date={"earliest": "2018-07-30", "latest": "2018-08-06"}),  # one day past the gold range
        event("ACCUSE", ["FRE"], ["RUR"], "condemned", status="negated"),
        event("CONSULT", ["FRE"], [], "condemned"),  # optional O1: neutral
        event("SANCTION", ["RUR"], [], "agreed on Monday"),  # false positive
    ]


def gold() -> dict[str, Any]:
    return json.loads((DATA / "seed_gold.json").read_text(encoding="utf-8"))


def test_seed_normalize_folds_quotes_dashes_space():
    assert normalize_text("the \u201cbrutal\u201d  attack \u2014 it\u2019s\n done") == 'the "brutal" attack - it\'s done'


def test_seed_scores_toy_document_by_hand():
    g = gold()
    score = score_document(g["events"], g["optional_events"], system_events(), article_text=ARTICLE)
    m = score.metrics()
    assert (score.tp, score.fp, score.neutral, score.duplicates) == (3, 2, 1, 1)
    assert m["precision"] == pytest.approx(0.6) and m["recall"] == 1.0 and m["f1"] == pytest.approx(0.75)
    assert m["status_accuracy"] == pytest.approx(0.6667)  # G3 negated is wrong
    assert m["date_accuracy"] == 0.5  # G1 right, G2 past its range, G3 has no time expression
    assert m["attribution_recall"] == 0.5  # 'officials' found, 'the ministry' not
    kinds = sorted(e["kind"] for e in score.errors)
    assert kinds == ["duplicate of gold G1 (not merged)", "false positive", "wrong date", "wrong status"]


def test_seed_types_parties_and_evidence_rules():
    g = gold()["events"]
    agree, assault = g[0], g[1]
    s1 = [normalize_text(sentence_of("agreed on Monday")["text"])]
    assert seed.matches(agree, event("CONSULT", ["FRE"], ["RUR"], "agreed on Monday"), s1)  # alt type, reversed
    assert not seed.matches(agree, event("REJECT", ["RUR"], ["FRE"], "agreed on Monday"), s1)
    assert not seed.matches(agree, event("AGREE", ["RUR"], [], "agreed on Monday"), s1)  # union differs
    s2 = [normalize_text(sentence_of("shelled")["text"])]
    assert not seed.matches(assault, event("ASSAULT", ["FRE"], ["RUR"], "shelled"), s2)  # not symmetric
    assert not seed.matches(assault, event("ASSAULT", ["RUR", "FRE"], [], "shelled"), s2)
    assert not seed.matches(assault, event("ASSAULT", ["RUR"], ["FRE"], "shelled"), s1)  # evidence elsewhere


def test_seed_matching_is_one_to_one_and_maximal():
    both = {"id": "A", "type": "AGREE", "actor": [{"code": "X"}], "recipient": [], "evidence": ["X agreed"]}
    other = {"id": "B", "type": "AGREE", "actor": [{"code": "X"}], "recipient": [], "evidence": ["X agreed twice"]}
    sys_both = {"event_type": "AGREE", "actor": [{"code": "X"}], "mentions": [{"sentence": {"text": "X agreed twice."}}]}
    sys_a = {"event_type": "AGREE", "actor": [{"code": "X"}], "mentions": [{"sentence": {"text": "X agreed."}}]}
    # sys_both matches A and B, sys_a only A: the best pairing credits both gold events
    score = score_document([both, other], [], [sys_both, sys_a])
    assert (score.tp, score.fp) == (2, 0)


def test_seed_date_bounds():
    g = {"earliest": "2018-08-04", "latest": "2018-08-05"}
    assert date_ok(g, {"earliest": "2018-08-04", "latest": "2018-08-04"})
    assert not date_ok(g, {"earliest": None, "latest": "2018-08-05"})
    assert not date_ok(g, None)
    assert date_ok({"earliest": None, "latest": "2018-08-06"}, {"earliest": "1999-01-01", "latest": "2018-08-01"})


def test_seed_reads_single_and_multi_document_gold():
    single = read_gold(DATA / "seed_gold.json")
    assert [d.doc_id for d in single] == ["toy-1"] and len(single[0].events) == 3
    assert single[0].text == ARTICLE and single[0].published == "2018-08-06"
    multi = read_gold(DATA / "multi_gold.json")
    assert [d.doc_id for d in multi] == ["talks", "protest"]
    assert multi[1].published == "2020-01-03" and multi[1].text.startswith("Thousands of Freedonians")


def test_seed_rejects_unknown_schema(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text(json.dumps({"schema": "other/1"}))
    with pytest.raises(DyadError) as err:
        read_gold(bad)
    assert err.value.code == "E704"


def test_seed_evaluate_builds_report(monkeypatch):
    monkeypatch.setattr(seed, "system_events_for", lambda doc, backend=None: system_events())
    report = seed.evaluate(DATA / "seed_gold.json")
    assert report.dataset == "seed" and report.n == 3
    assert report.metrics["f1"] == pytest.approx(0.75)
    assert report.errors[0]["kind"] == "false positive"  # missed first, then false positives
    assert report.data_hash and report.details["counts"]["neutral"] == 1
    assert report.metrics["relaxed_f1"] == pytest.approx(0.75)  # every party here is right already


def test_seed_relaxed_score_ignores_parties():
    g = gold()
    wrong_parties = [event("ASSAULT", ["FRE"], ["RUR"], "shelled")]
    strict = score_document(g["events"], [], wrong_parties, article_text=ARTICLE)
    loose = score_document(g["events"], [], wrong_parties, article_text=ARTICLE, check_parties=False)
    assert (strict.tp, strict.fp) == (0, 1) and (loose.tp, loose.fp) == (1, 0)


def test_seed_multi_document_evaluate(monkeypatch):
    def fake(doc, backend=None):
        if doc.doc_id == "talks":
            return [{"event_type": "CONSULT", "actor": [{"code": "FRE"}, {"code": "RUR"}],
                     "mentions": [{"sentence": {"text": doc.text}}], "status": "occurred"}]
        return []

    monkeypatch.setattr(seed, "system_events_for", fake)
    report = seed.evaluate(DATA / "multi_gold.json")
    assert (report.metrics["tp"], report.metrics["fn"], report.metrics["precision"]) == (1, 1, 1.0)
    assert report.metrics["recall"] == 0.5


def test_seed_real_gold_evidence_is_in_the_article():
    path = shared_path("seed", "gold.json")
    (doc,) = read_gold(path)
    assert len(doc.events) == 13
    text = normalize_text(doc.text)
    for gold_event in doc.events + doc.optional_events:
        for evidence in gold_event["evidence"]:
            assert normalize_text(evidence) in text, (gold_event["id"], evidence)


def test_seed_showcase_runs_through_dyad():
    from dyad.eval.datasets import run_eval

    path = shared_path("seed", "gold.json")
    try:
        report = run_eval("seed", path)
    except DyadError as exc:
        if exc.code == "E021":  # a pipeline stage of another area has not landed yet
            pytest.skip(f"default pipeline incomplete: {exc}")
        raise
    assert report.n == 13
    assert 0.0 <= report.metrics["f1"] <= 1.0


def test_seed_optional_rule_wins_over_duplicate():
    g = gold()
    optional = [{"id": "O9", "type": "CONSULT", "evidence": ["hold talks next month"]}]
    events = [event("AGREE", ["RUR", "FRE"], [], "agreed on Monday"),
              event("CONSULT", ["RUR"], ["FRE"], "agreed on Monday")]  # also fits G1 (alt type)
    score = score_document(g["events"][:1], optional, events, article_text=ARTICLE)
    assert (score.tp, score.fp, score.neutral) == (1, 0, 1)
    score = score_document(g["events"][:1], [], events, article_text=ARTICLE)
    assert (score.tp, score.fp, score.duplicates) == (1, 1, 1)
