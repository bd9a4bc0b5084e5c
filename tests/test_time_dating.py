"""Event dating on hand-built documents, and the seed article's dated gold events."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dyad.config import PipelineConfig
from dyad.errors import DyadError
from dyad.extract.time import normalize_times
from dyad.extract.time.stage import DatingStage, TimesStage, make_dating
from dyad.model import Document, Event, Mention, Provenance, TextSpan
from dyad.registry import stages

from .conftest import shared_path


def add_event(doc: Document, sentence_part: str, trigger: str, status: str = "occurred") -> None:
    """An event whose trigger is the first ``trigger`` in the sentence containing ``sentence_part``."""
    sent = next(s for s in doc.sentences() if sentence_part in s.text)
    start = doc.text.index(trigger, sent.start)
    mention = Mention(sentence=sent, trigger=TextSpan(trigger, start, start + len(trigger)))
    doc.events.append(Event(id=f"e{len(doc.events)}", article_id=doc.article.id, event_type="CONSULT",
                            mentions=(mention,), coder=Provenance("test", "0"), status=status))


def dated(make_doc, text: str, events: list[tuple[str, str, str]], published: str = "2018-08-06") -> Document:
    doc = make_doc(text, published)
    TimesStage()(doc)
    for part, trigger, status in events:
        add_event(doc, part, trigger, status)
    DatingStage()(doc)
    return doc


def test_time_dating_stages_are_registered():
    assert "times" in stages.names() and "dating" in stages.names()
    with pytest.raises(DyadError):
        make_dating(PipelineConfig(stage_options={"dating": {"bogus": 1}}))


@pytest.mark.parametrize(
    ("text", "status", "value"),
    [
        ("Kim and Trump met on Monday in Singapore.", "occurred", "2018-08-06"),
        ("Kim and Trump will meet on Monday in Singapore.", "planned", "2018-08-13"),
        ("Kim and Trump meet on Monday in Singapore.", "planned", "2018-08-13"),  # planned: future reading
    ],
)
def test_time_dating_weekday_follows_tense_and_status(make_doc, text, status, value):
    trigger = "met" if " met " in text else "meet"
    doc = dated(make_doc, text, [("Kim", trigger, status)], published="2018-08-08")
    assert doc.events[0].date.value == value


def test_time_dating_takes_the_expression_that_governs_the_trigger(make_doc):
    text = ("A report from July said that a meeting between Trump and Kim could take place this fall. "
            "After the June summit between the two leaders, Trump extended sanctions for an additional year.")
    doc = dated(make_doc, text, [("A report", "meeting", "possible"), ("After the June", "summit", "occurred"),
                                 ("After the June", "extended", "occurred")])
    meeting, summit, extended = (e.date for e in doc.events)
    assert (meeting.text, meeting.value) == ("this fall", "2018-FA")
    assert (summit.text, summit.earliest, summit.latest) == ("June", dt.date(2018, 6, 1), dt.date(2018, 6, 30))
    # "after X" on the path to the trigger: from the start of June to the report
    assert extended.text.startswith("After the June")
    assert (extended.earliest, extended.latest) == (dt.date(2018, 6, 1), dt.date(2018, 8, 6))


def test_time_dating_uses_a_tweet_byline(make_doc):
    text = ("Thank you to Chairman Kim for keeping your word!\n"
            "— Donald J. Trump (@realDonaldTrump) August 2, 2018\n"
            "The comments came as talks continued.")
    doc = dated(make_doc, text, [("Thank you", "keeping", "occurred")])
    assert doc.events[0].date.value == "2018-08-02"
    assert doc.text[doc.events[0].date.start:doc.events[0].date.end] == "August 2, 2018"


@pytest.mark.parametrize(("status", "value", "earliest", "latest"),
                         [("occurred", "PAST_REF", None, dt.date(2018, 8, 6)),
                          ("planned", "FUTURE_REF", dt.date(2018, 8, 6), None)])
def test_time_dating_falls_back_to_the_report(make_doc, status, value, earliest, latest):
    doc = dated(make_doc, "Pompeo held talks with North Korean officials.", [("Pompeo", "talks", status)])
    date = doc.events[0].date
    assert (date.value, date.earliest, date.latest, date.precision) == (value, earliest, latest, "report")
    assert (date.text, date.start, date.end) == ("", -1, -1)


def test_time_dating_keeps_an_existing_date(make_doc):
    doc = make_doc("They met last week.")
    TimesStage()(doc)
    add_event(doc, "They", "met")
    doc.replace_event(0, date=doc.times[0])
    doc.times.clear()
    DatingStage()(doc)
    assert doc.events[0].date.value == "2018-W31"


# --- the seed article: every gold event with a time expression gets a range inside the gold range ---

SEED_EVENTS = {  # gold id -> (a piece of the sentence, trigger, status)
    "E1": ("strong possibility", "summit", "possible"),
    "E3": ("Last week, President Trump", "tweeted", "occurred"),
    "E5": ("After the June summit", "summit", "occurred"),
    "E9": ("Over the weekend", "referred", "occurred"),
    "E10": ("After the June summit", "extended", "occurred"),
}


def _inside(earliest, latest, gold: dict) -> bool:
    lo = dt.date.fromisoformat(gold["earliest"]) if gold.get("earliest") else None
    hi = dt.date.fromisoformat(gold["latest"]) if gold.get("latest") else None
    ok_lo = lo is None or (earliest is not None and earliest >= lo)
    ok_hi = hi is None or (latest is not None and latest <= hi)
    return ok_lo and ok_hi


def _seed():
    gold = json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))
    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    return gold, text


@pytest.mark.shared
def test_time_seed_gold_date_texts_normalise_inside_gold_ranges():
    gold, _ = _seed()
    checked = 0
    for event in gold["events"]:
        date = event.get("date") or {}
        if not date.get("text"):
            continue
        found = normalize_times(date["text"], published=gold["published"])
        assert found, date["text"]
        best = max(found, key=lambda t: t["end"] - t["start"])
        lo = dt.date.fromisoformat(best["earliest"]) if best["earliest"] else None
        hi = dt.date.fromisoformat(best["latest"]) if best["latest"] else None
        assert _inside(lo, hi, date), (date["text"], best)
        checked += 1
    assert checked == 5


@pytest.mark.shared
def test_time_seed_events_are_dated_inside_gold_ranges(make_doc):
    gold, text = _seed()
    by_id = {e["id"]: e for e in gold["events"]}
    doc = dated(make_doc, text, list(SEED_EVENTS.values()), published=gold["published"])
    for event, gold_id in zip(doc.events, SEED_EVENTS, strict=True):
        date = event.date
        assert _inside(date.earliest, date.latest, by_id[gold_id]["date"]), (gold_id, date)


def test_time_dating_skips_a_time_that_belongs_to_an_embedded_event(make_doc):
    text = "The two leaders may have discussed the possibility of a meeting to be held later this year."
    doc = dated(make_doc, text, [("The two leaders", "discussed", "possible"),
                                 ("The two leaders", "meeting", "possible")])
    discussed, meeting = (e.date for e in doc.events)
    # "may have discussed" is past: the report fallback, not the future meeting's date
    assert (discussed.precision, discussed.value) == ("report", "PAST_REF")
    assert (meeting.text, meeting.earliest, meeting.latest) == ("later this year", dt.date(2018, 8, 7),
                                                                dt.date(2018, 12, 31))
