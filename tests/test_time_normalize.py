"""Golden tests of the time normaliser against a fixed publication date (Monday 2018-08-06)."""

from __future__ import annotations

import pytest

import dyad
from dyad.errors import DyadError
from dyad.extract.time import normalize_times

PUB = "2018-08-06"


def only(text: str, published: str = PUB, **kw) -> dict:
    found = normalize_times(text, published=published, **kw)
    assert len(found) == 1, found
    item = found[0]
    assert text[item["start"]:item["end"]] == item["text"]
    return item


@pytest.mark.parametrize(
    ("text", "expr", "type_", "value", "earliest", "latest", "precision"),
    [
        ("It happened on August 2, 2018.", "August 2, 2018", "DATE", "2018-08-02", "2018-08-02", "2018-08-02", "day"),
        ("It happened on 2 August 2018.", "2 August 2018", "DATE", "2018-08-02", "2018-08-02", "2018-08-02", "day"),
        ("It happened on Aug. 2.", "Aug. 2", "DATE", "2018-08-02", "2018-08-02", "2018-08-02", "day"),
        ("Filed 2018-08-02.", "2018-08-02", "DATE", "2018-08-02", "2018-08-02", "2018-08-02", "day"),
        ("Filed 08/02/2018.", "08/02/2018", "DATE", "2018-08-02", "2018-08-02", "2018-08-02", "day"),
        ("Filed 25/12/2017.", "25/12/2017", "DATE", "2017-12-25", "2017-12-25", "2017-12-25", "day"),
        ("Last week, Trump tweeted.", "Last week", "DATE", "2018-W31", "2018-07-30", "2018-08-05", "week"),
        ("Over the weekend, Ri spoke.", "the weekend", "DATE", "2018-W31-WE", "2018-08-04", "2018-08-05", "week"),
        ("They met earlier this month.", "earlier this month", "DATE", "2018-08", "2018-08-01", "2018-08-05", "month"),
        ("A summit could come later this year.", "later this year", "DATE", "2018", "2018-08-07", "2018-12-31", "year"),
        ("It could take place this fall.", "this fall", "DATE", "2018-FA", "2018-09-01", "2018-11-30", "season"),
        ("They met two days ago.", "two days ago", "DATE", "2018-08-04", "2018-08-04", "2018-08-04", "day"),
        ("They meet next Tuesday.", "next Tuesday", "DATE", "2018-08-07", "2018-08-07", "2018-08-07", "day"),
        ("Growth should return by mid-2019.", "mid-2019", "DATE", "2019", "2019-05-02", "2019-09-01", "year"),
        ("Prices fell in the 1990s.", "the 1990s", "DATE", "199", "1990-01-01", "1999-12-31", "decade"),
        ("Sales rose in early 2019.", "early 2019", "DATE", "2019", "2019-01-01", "2019-05-01", "year"),
        ("Profit in the third quarter of 2017 rose.", "the third quarter of 2017", "DATE", "2017-Q3", "2017-07-01", "2017-09-30", "quarter"),
        ("Sanctions were extended for an additional year.", "an additional year", "DURATION", "P1Y", None, None, "unknown"),
        ("The board meets every Monday.", "every Monday", "SET", "XXXX-WXX-1", None, None, "unknown"),
        ("It closed yesterday.", "yesterday", "DATE", "2018-08-05", "2018-08-05", "2018-08-05", "day"),
        ("It opens tomorrow.", "tomorrow", "DATE", "2018-08-07", "2018-08-07", "2018-08-07", "day"),
        ("It opened today.", "today", "DATE", "2018-08-06", "2018-08-06", "2018-08-06", "day"),
        ("The plane landed at 18:00 UTC.", "18:00 UTC", "TIME", "2018-08-06T18:00Z", "2018-08-06", "2018-08-06", "day"),
        ("The war ended in the 20th century.", "the 20th century", "DATE", "19", "1900-01-01", "1999-12-31", "century"),
        ("It has grown over the past five years.", "the past five years", "DURATION", "P5Y", "2013-08-06", "2018-08-06", "unknown"),
        ("The talks recently stalled.", "recently", "DATE", "PAST_REF", None, "2018-08-06", "unknown"),
        ("The firm publishes an annual report.", "annual", "SET", "P1Y", None, None, "unknown"),
        ("Officials said Tuesday morning.", "Tuesday morning", "TIME", "2018-07-31TMO", "2018-07-31", "2018-07-31", "day"),
    ],
)
def test_time_normalize_expressions(text, expr, type_, value, earliest, latest, precision):
    item = only(text)
    assert (item["text"], item["type"], item["value"]) == (expr, type_, value)
    assert (item["earliest"], item["latest"], item["precision"]) == (earliest, latest, precision)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They met on Monday.", "2018-08-06"),            # the paper's own weekday: today
        ("They met on Thursday.", "2018-08-02"),          # past tense: the Thursday before
        ("They will meet on Thursday.", "2018-08-09"),    # future: the Thursday after
        ("A report from July said so.", "2018-07"),
        ("The deal was signed in September.", "2017-09"),  # past: the September before
        ("The deal will be signed in September.", "2018-09"),
        ("The deal will be signed in March.", "2019-03"),
        ("After the June summit, sanctions were extended.", "2018-06"),  # "the June summit"
        ("The vote is set for Nov. 6.", "2018-11-06"),
    ],
)
def test_time_normalize_tense_direction(text, value):
    assert only(text)["value"] == value


def test_time_normalize_tense_hints_override_cues():
    assert only("on Thursday", tense_hints="future")["value"] == "2018-08-09"
    assert only("on Thursday", tense_hints="past")["value"] == "2018-08-02"
    assert only("They will meet on Thursday.", tense_hints={(0, 30): "past"})["value"] == "2018-08-02"


@pytest.mark.parametrize("text", ["She may go.", "a second meeting", "Troops march on.",
                                  "1500 workers", "He paid $2018.", "It rose 2.5 percent", "The spring broke.", "the fall of the regime"])
def test_time_normalize_rejects_lookalikes(text):
    values = [t["text"] for t in normalize_times(text, published=PUB)]
    assert not any(v in ("may", "march", "a second", "1500", "2018", "2.5", "spring", "the fall") for v in (x.lower() for x in values))


def test_time_normalize_offsets_point_into_text():
    text = "Last week, Trump tweeted.\n— Donald J. Trump (@realDonaldTrump) August 2, 2018\nThey meet later this year."
    items = normalize_times(text, published=PUB)
    assert [i["text"] for i in items] == ["Last week", "August 2, 2018", "later this year"]
    for i in items:
        assert text[i["start"]:i["end"]] == i["text"]


def test_time_normalize_clock_time_falls_on_the_day_mentioned_before():
    items = normalize_times("The plane took off on Tuesday, July 31, 2018. It landed at 6:40 p.m.", published=PUB)
    assert items[-1]["value"] == "2018-07-31T18:40"


def test_time_public_api_and_bad_published():
    assert dyad.normalize_times("Last week", published="2018-08-06")[0]["value"] == "2018-W31"
    with pytest.raises(DyadError) as err:
        normalize_times("Last week", published="not a date")
    assert err.value.code == "E012"


def test_time_normalize_clock_time_takes_a_day_right_after_it():
    items = normalize_times("They meet at 3 p.m. on Tuesday. It ended at 5 pm. Monday was quiet.", published=PUB)
    assert [(i["text"], i["value"]) for i in items] == [
        ("3 p.m.", "2018-07-31T15:00"), ("Tuesday", "2018-07-31"), ("5 pm", "2018-07-31T17:00"),
        ("Monday", "2018-08-06")]
