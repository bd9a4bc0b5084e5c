"""Status and factuality rules (issue 7): constructed sentences, hand-built events, the seed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.extract.attribution import event_status
from dyad.extract.attribution.lexicon import hedge_lexicon
from dyad.extract.attribution.stage import AttributionStage, StatusStage
from dyad.model import STATUSES, Event, Mention, Provenance, TextSpan

# (sentence, trigger word, expected status)
CASES = [
    ("Russian troops shelled the city on Monday.", "shelled", "occurred"),
    ("Protesters are marching in the capital.", "marching", "ongoing"),
    ("North Korea is still actively pursuing nuclear activities.", "pursuing", "ongoing"),
    ("The talks did not take place.", "talks", "negated"),
    ("Iran has not yet signed the agreement.", "signed", "negated"),
    ("He did not attend the summit.", "attend", "negated"),
    ("There were no talks between the two sides.", "talks", "negated"),
    ("The summit was cancelled.", "summit", "negated"),
    ("Russia failed to reach a deal.", "reach", "negated"),
    ("There may be a second meeting between the two leaders.", "meeting", "possible"),
    ("The two leaders could meet in September.", "meet", "possible"),
    ("The army might withdraw from the border.", "withdraw", "possible"),
    ("There is a strong possibility of a second summit.", "summit", "possible"),
    ("The ministers will meet in Geneva next week.", "meet", "planned"),
    ("Russia plans to hold talks with Ukraine.", "talks", "planned"),
    ("I look forward to seeing you soon!", "seeing", "planned"),
    ("Trump said he would invite Kim to the White House.", "invite", "planned"),
    ("If Iran attacks, Israel will respond.", "attacks", "hypothetical"),
    ("The meeting would depend on whether North Korea made progress.", "made", "hypothetical"),
    ("The comments seem to indicate that the two leaders may have discussed it.", "discussed", "possible"),
    ("A meeting could take place this fall, potentially in September.", "meeting", "possible"),
    ("They discussed the possibility of a meeting to be held later this year.", "meeting", "possible"),
    ("The Kremlin denied that its agents had poisoned the defector.", "poisoned", "negated"),
    ("I am not at all surprised that you took this kind action.", "took", "occurred"),
    ("After the June summit, Trump extended sanctions.", "summit", "occurred"),
    ("Some raised concerns over whether the first meeting would achieve its goal.", "meeting", "occurred"),
    ("Pompeo has had several meetings with North Korean officials.", "meetings", "occurred"),
]


def _trigger(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(("sentence", "word", "status"), CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_status_rules_event_status(sentence: str, word: str, status: str) -> None:
    result = event_status(sentence, trigger=_trigger(sentence, word))
    assert result["status"] == status
    assert -3.0 <= result["factuality"] <= 3.0


def test_status_factuality_orders_certainty() -> None:
    def fact(sentence: str, word: str) -> float:
        return float(event_status(sentence, trigger=_trigger(sentence, word))["factuality"])

    occurred = fact("The army withdrew from the city.", "withdrew")
    possible = fact("The army may withdraw from the city.", "withdraw")
    negated = fact("The army did not withdraw from the city.", "withdraw")
    assert occurred == 3.0 and negated == -3.0 and negated < possible < occurred


def test_status_rejects_trigger_outside_sentence() -> None:
    from dyad.errors import DyadError

    with pytest.raises(DyadError) as info:
        event_status("Short.", trigger=(3, 40))
    assert info.value.code == "E502"


def test_status_lexicon_values_are_known() -> None:
    lex = hedge_lexicon()
    assert lex.factuality["negated"] == -3.0 and lex.modals["may"] == "possible"
    assert all(-3.0 <= v <= 3.0 for v in lex.factuality.values())


WORDS = st.sampled_from(["the", "talks", "may", "not", "will", "if", "said", "that", "meeting", "could",
                         "of", "possibility", "“", "”", ",", "never", "to", "be", "held", "failed",
                         "Kim", "reported", "whether", "no", "summit", "denied", "-", "\n", "", "??"])


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, max_size=14), data=st.data())
def test_status_event_status_never_raises(words: list[str], data: st.DataObject) -> None:
    sentence = " ".join(words)
    start = data.draw(st.integers(0, len(sentence)))
    end = data.draw(st.integers(start, len(sentence)))
    result = event_status(sentence, trigger=(start, end))
    assert result["status"] in STATUSES
    assert -3.0 <= result["factuality"] <= 3.0


def _event(doc, word: str, occurrence: int = 0) -> Event:
    text = doc.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    sentence = next(s for s in doc.sentences() if s.start <= start < s.end)
    mention = Mention(sentence=sentence, trigger=TextSpan(word, start, start + len(word)))
    return Event(id=f"e{start}", article_id=doc.article.id, event_type="CONSULT", mentions=(mention,),
                 coder=Provenance("test", "0"))


def test_status_stage_sets_status_and_nested_sources(make_doc) -> None:
    text = ("An official with knowledge of the plans said there is a strong possibility of a summit "
            "between the two leaders, CNN reported. The two leaders met in June.")
    doc = make_doc(text)
    AttributionStage()(doc)
    doc.events = [_event(doc, "summit"), _event(doc, "met")]
    StatusStage()(doc)
    summit, met = doc.events
    assert summit.status == "possible" and summit.factuality < 3.0
    assert [a.source.text for a in summit.attribution] == [
        "An official with knowledge of the plans", "CNN"]
    assert summit.mentions[0].status == "possible"
    assert met.status == "occurred" and met.factuality == 3.0 and met.attribution == ()


SEED_STATUS = {  # gold event id -> (sentence fragment, trigger word)
    "E1": ("there may be a second meeting", "meeting"),
    "E2": ("the exchange of letters", "exchange"),
    "E3": ("President Trump tweeted a message", "tweeted"),
    "E4": ("for the return of U.S. troops", "return"),
    "E5": ("After the June summit", "summit"),
    "E6": ("as agreed upon at the first meeting", "agreed"),
    "E7": ("Recent reports have shown North Korea disassembling", "disassembling"),
    "E8": ("has had several meetings", "meetings"),
    "E9": ("Ri Yong Ho referred to", "referred"),
    "E10": ("President Trump extended economic sanctions", "extended"),
    "E11": ("extended an invitation to Kim", "invitation"),
    "E12": ("which Kim accepted", "accepted"),
    "E13": ("President Trump also accepted Kim’s invitation", "accepted"),
}


def test_status_seed_gold_statuses_and_sources(make_doc) -> None:
    from tests.conftest import shared_path

    seed = shared_path("seed")
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))
    doc = make_doc((seed / "article.txt").read_text(encoding="utf-8"))
    AttributionStage()(doc)
    events = []
    for fragment, word in SEED_STATUS.values():
        start = doc.text.index(fragment) + fragment.index(word)
        sentence = next(s for s in doc.sentences() if s.start <= start < s.end)
        events.append(Event(id=str(start), article_id=doc.article.id, event_type="AGREE",
                            mentions=(Mention(sentence=sentence,
                                              trigger=TextSpan(word, start, start + len(word))),),
                            coder=Provenance("test", "0")))
    doc.events = events
    StatusStage()(doc)
    by_id = {g["id"]: g for g in gold["events"]}
    for event_id, event in zip(SEED_STATUS, doc.events, strict=True):
        g = by_id[event_id]
        assert event.status in [g["status"], *g.get("status_alt", [])], event_id
    sources = [a.source.text for a in doc.events[0].attribution]
    assert sources == ["A new report"]
    assert [a.source.text for a in doc.events[6].attribution] == ["Recent reports"]
    official = next(a for a in doc.attributions if a.source.text.startswith("An official"))
    assert official.source.text == "An official with knowledge of the meeting plans"
    assert official.parent is not None and doc.attributions[official.parent].source.text == "CNN"
    assert doc.attributions[official.parent].source.sector == "MED"
