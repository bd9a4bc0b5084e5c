"""End-to-end ECB+ scoring on dyad's own event mentions: detection, alignment, and hand-computed scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dyad.eval import ecb
from dyad.eval.ecb import EcbMention, SystemMention, score_system_mentions

from .conftest import shared_path

ECB = Path(__file__).parent / "data" / "eval" / "ecb"


def _detect(text: str, doc: str = "9_1ecb", topic: int = 9) -> tuple[Any, dict[int, str]]:
    """Parse one sentence as an ECB+ sentence; its parse and the lemma of each detected mention by position."""
    sentences = {(doc, 0): (topic, tuple(text.split()))}
    parsed = ecb.parse_sentences({k: v[1] for k, v in sentences.items()})
    return parsed[(doc, 0)], {m.token_range[0]: m.lemma for m in ecb.detect_mentions(sentences, parsed)}


def _gold(mid: str, cluster: str) -> EcbMention:
    return EcbMention(mid, 1, "d", 0, "x", (0, 1), (0, 1), ("x",), cluster)


def _sys(sid: str) -> SystemMention:
    return SystemMention(sid, 1, "d", 0, (0, 1), 0, "x", "x")


def test_end_to_end_scores_by_hand():
    # key A={a1,a2,a3}, B={b1}; system s1->a1, s2->a2, s3->b1, s4 spurious (twinless)
    gold = [_gold("a1", "A"), _gold("a2", "A"), _gold("a3", "A"), _gold("b1", "B")]
    system = [_sys("s1"), _sys("s2"), _sys("s3"), _sys("s4")]
    head = {"s1": "a1", "s2": "a2", "s3": "b1"}
    exact = {"s1": "a1", "s3": "b1"}
    # response {a1,a2,s4}, {b1}
    metrics, details = score_system_mentions(gold, system, [0, 0, 1, 0], head, exact)
    # MUC: R = (3-2)/2, P = (3-2)/2 (a3 and s4 are each a partition of their own)
    assert metrics["system_muc_f1"] == pytest.approx(0.5)
    # B3: R = (2/3+2/3+0+1)/4 = 7/12, P = (2/3+2/3+0+1)/4 = 7/12
    assert details["coref"]["b3"]["recall"] == pytest.approx(7 / 12, abs=1e-4)
    assert metrics["system_b3_f1"] == pytest.approx(7 / 12, abs=1e-4)
    # CEAF-e: phi4(A,R1) = 4/6, phi4(B,R2) = 1; R = P = (5/3)/2
    assert metrics["system_ceaf_e_f1"] == pytest.approx(5 / 6, abs=1e-4)
    assert metrics["system_conll_f1"] == pytest.approx(23 / 36, abs=1e-4)
    assert metrics["system_mention_precision"] == metrics["system_mention_recall"] == 0.75
    assert metrics["system_mention_exact_f1"] == 0.5


def test_twinless_key_mentions_only_lower_recall():
    gold = [_gold("a1", "A"), _gold("a2", "A")]
    metrics, details = score_system_mentions(gold, [_sys("s1")], [0], {"s1": "a1"}, {})
    # B3 recall: a1 shares 1 of its 2 key-cluster mates -> 1/2, a2 (twinless) 0 -> 1/4; precision 1
    assert details["coref"]["b3"] == {"recall": 0.25, "precision": 1.0, "f1": 0.4}
    assert details["coref"]["muc"]["recall"] == 0.0  # the one link is lost
    assert metrics["system_mention_recall"] == 0.5 and metrics["system_mention_precision"] == 1.0


def test_detect_and_align_on_fixture():
    sentences = ecb.read_sentences(ECB)
    assert set(sentences) == {("1_1ecb", 0), ("1_2ecbplus", 0), ("1_2ecbplus", 1), ("2_1ecb", 0)}
    parsed = ecb.parse_sentences({k: v[1] for k, v in sentences.items()})
    found = ecb.detect_mentions(sentences, parsed)
    texts = {m.id: m.to_input()["text"] for m in found}
    assert texts["1_2ecbplus/0/2"] == "checked in"  # the particle joins the verb, as ECB+ anchors it
    assert "1_2ecbplus/0/1" not in texts  # "actress" is no event
    head, exact = ecb.align_mentions(ecb.read_ecb(ECB), found, parsed)
    assert head["1_2ecbplus/0/2"] == "1_2ecbplus#1" and exact["1_2ecbplus/0/2"] == "1_2ecbplus#1"
    assert sorted(head.values()) == sorted(m.id for m in ecb.read_ecb(ECB))  # every gold mention found


def test_evaluate_system_mentions_on_fixture():
    report = ecb.evaluate(ECB, mentions="system")
    m = report.metrics
    assert "conll_f1" not in m and m["system_mention_recall"] == 1.0
    assert 0.0 < m["system_conll_f1"] <= 1.0
    assert report.details["system_mentions"]["n_gold_mentions"] == 7
    both = ecb.evaluate(ECB).metrics
    assert both["system_conll_f1"] == m["system_conll_f1"] and "conll_f1" in both
    with pytest.raises(Exception, match="gold and/or system"):
        ecb.evaluate(ECB, mentions="predicted")


def test_system_mentions_real_corpus():
    root = shared_path("data", "ecbplus")
    m = ecb.evaluate(root, limit=1, mentions="system").metrics
    assert m["system_mention_f1"] > 0.5 and m["system_conll_f1"] > 0.3


def test_detection_leaves_out_noun_modifiers_and_adjectival_participles():
    words = tuple("The fire department rescued injured passengers after the fire".split())
    sentences = {("9_1ecb", 0): (9, words)}
    parsed = ecb.parse_sentences({k: v[1] for k, v in sentences.items()})
    found = {m.token_range[0]: m for m in ecb.detect_mentions(sentences, parsed)}
    assert 1 not in found  # "fire department": a kind of department
    assert 4 not in found  # "injured passengers": a state
    assert 3 in found and 8 in found  # "rescued", "the fire"
    assert "department" in found[3].arguments and found[3].to_input()["arguments"] == list(found[3].arguments)


def test_title_case_headline_is_parsed_lowercased():
    assert ecb.is_title_case("Lindsay Lohan Checks Into Rehab".split())
    assert not ecb.is_title_case("Lindsay Lohan checked into rehab on Tuesday".split())
    assert not ecb.is_title_case("Quake Hits".split())  # too short to tell
    assert ecb.is_title_case("Chargers Receiver Arrested".split())
    words = tuple("Lindsay Lohan Checks Into Rehab At Betty Ford".split())
    sentences = {("1_9ecbplus", 0): (1, words)}
    parsed = ecb.parse_sentences({k: v[1] for k, v in sentences.items()})
    found = ecb.detect_mentions(sentences, parsed)
    assert [m.to_input()["text"] for m in found if m.lemma == "check"] in (["Checks"], ["Checks Into"])


def test_predicated_outcome_adjectives_are_events():
    _, lemmas = _detect("The blast left five dead and the court found him guilty of a dead man 's murder", "9_2ecb")
    assert lemmas.get(4) == "dead" and lemmas.get(10) == "guilty"
    assert 13 not in lemmas  # "a dead man": attributive, a kind of man


def test_word_lemmas():
    assert ecb.is_word_lemma("attack") and ecb.is_word_lemma("break-in")
    assert not ecb.is_word_lemma("76er") and not ecb.is_word_lemma("s") and not ecb.is_word_lemma("--")


def test_participial_prepositions_are_no_events():
    _, lemmas = _detect("According to police , the gunman killed three people , including a guard", "9_3ecb")
    assert lemmas.get(6) == "kill"
    assert 0 not in lemmas and 11 not in lemmas  # "according to", "including": prepositions


def test_verb_spelled_noun_needs_an_eventive_sense():
    wn = ecb.load_wordnet()
    if wn is None:
        pytest.skip("WordNet is not installed")
    # both are used as verbs in the topic; "offer" has an act sense, "patch" none
    assert ecb._is_event_noun("offer", {"offer", "patch"}, wn, first_sense=False)
    assert not ecb._is_event_noun("patch", {"offer", "patch"}, wn)
    assert ecb._is_event_noun("patch", {"offer", "patch"}, None)  # without WordNet the topic's verbs count


def test_event_noun_modifying_an_event_noun_is_a_mention():
    if ecb.load_wordnet() is None:
        pytest.skip("WordNet is not installed")
    _, lemmas = _detect("Police charged the murder suspect after the murder trial", "9_4ecb")
    assert lemmas.get(7) == "murder"  # "murder trial": a trial is an act
    assert 3 not in lemmas  # "murder suspect": a suspect is a person


def test_concrete_first_sense_is_no_event_noun():
    wn = ecb.load_wordnet()
    if wn is None:
        pytest.skip("WordNet is not installed")
    assert not ecb._is_event_noun("footage", set(), wn)  # deverbal suffix, but an artifact
    assert not ecb._is_event_noun("watch", {"watch"}, wn)  # the topic's verb, but a timepiece
    assert ecb._is_event_noun("fire", {"fire"}, wn)  # a general event noun stays one


def test_participle_with_an_adverbial_and_person_phrases():
    if ecb.load_wordnet() is None:
        pytest.skip("WordNet is not installed")
    parsed, lemmas = _detect("The recently fired coach said the running back was injured", "9_5ecb")
    assert [t.dep_ for t in parsed][2] == "amod"
    assert lemmas.get(2) == "fire"  # "recently fired": an event placed in time
    assert 6 not in lemmas  # "running back": a player
    assert ecb.agent_phrase_tokens(parsed, ecb.load_wordnet()) == {6, 7}
