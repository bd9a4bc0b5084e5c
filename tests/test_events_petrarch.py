"""The CAMEO path with user-supplied PETRARCH dictionaries, and the petrarch scorer."""

from __future__ import annotations

from pathlib import Path

from dyad.extract.events.cameo_path import code_cameo, tag_actors
from dyad.extract.events.petrarch_dict import load_actor_dictionary, load_verb_dictionary

from .conftest import shared_path


def _dicts(tmp_path: Path):
    verbs = tmp_path / "mini.verbs.txt"
    verbs.write_text("--- RESTORE [064] ---\nRESTORE\n- * DIPLOMATIC TIES [051]\n- NOT * [---]\n\n"
                     "--- CONDEMN [111] ---\nCONDEMN\n", encoding="utf-8")
    actors = tmp_path / "mini.actors.txt"
    actors.write_text("ARNOR [ARN]\nGONDOR [GON]\nOSGILIATH [OSG]\n", encoding="utf-8")
    agents = tmp_path / "mini.agents.txt"
    agents.write_text("GOVERNMENT [~GOV]\nSOLDIERS [~MIL]\n", encoding="utf-8")
    return load_verb_dictionary(verbs), load_actor_dictionary(actors, agents=agents)


def _code(make_doc, tmp_path, text):
    verbs, actors = _dicts(tmp_path)
    doc = make_doc(text)
    doc.actors = tag_actors(doc, actors)
    return {(c.source, c.target, c.code) for c in code_cameo(doc, verbs)}


def test_cameo_path_pattern_beats_default(make_doc, tmp_path):
    assert _code(make_doc, tmp_path, "Arnor restored diplomatic ties with Gondor.") == {("ARN", "GON", "051")}


def test_cameo_path_default_code_and_agents(make_doc, tmp_path):
    got = _code(make_doc, tmp_path, "The Gondor government condemned Osgiliath soldiers.")
    assert got == {("GONGOV", "OSGMIL", "111")}


def test_cameo_path_blocking_pattern(make_doc, tmp_path):
    assert _code(make_doc, tmp_path, "Arnor did not restore ties with Gondor.") == set()


def test_cameo_path_compound_actors_are_reciprocal(make_doc, tmp_path):
    got = _code(make_doc, tmp_path, "Arnor and Gondor restored their ties.")
    assert got == {("ARN", "GON", "064"), ("GON", "ARN", "064")}


def test_petrarch_scorer_on_the_unit_test_records():
    from dyad.eval.petrarch import evaluate

    report = evaluate(shared_path("data", "petrarch2", "PETR.UnitTest.records.xml"), limit=60)
    assert report.n == 60
    assert report.metrics["triple_recall"] >= 0.4  # floor: 0.53 on all 277 records when recorded
    assert 0 <= report.metrics["triple_precision"] <= 1
