"""Property tests of the normaliser: ranges are ordered, offsets are valid, nothing raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.extract.time import find_times, normalize_times

EXPRESSIONS = [
    "August 2, 2018", "2 August 2018", "Aug. 2", "2018-08-02", "08/02/2018", "31/12/99", "Monday", "on Friday",
    "last Sunday", "next Tuesday", "this Wednesday", "Tuesday morning", "today", "yesterday", "tomorrow",
    "tonight", "this morning", "last week", "this week", "next week", "over the weekend", "this weekend",
    "earlier this month", "later this month", "later this year", "earlier this year", "the end of this year",
    "the start of next month", "this fall", "last summer", "next winter", "winter 2019", "the spring of 1999",
    "in September", "last September", "next March", "September of next year", "mid-June", "late 2019",
    "two days ago", "a few weeks ago", "three years ago", "2.5 years ago", "20 years ago", "in two weeks",
    "mid-2019", "early 2019", "the 1990s", "the '80s", "the 20th century", "the first quarter",
    "the fourth quarter of 2005", "Q3 2019", "Q1", "the first half of 2019", "the June summit",
    "for an additional year", "the past five years", "the next six months", "several years", "decades-long",
    "two and a half years", "a 12-hour", "every Monday", "each year", "annually", "twice a year", "daily",
    "18:00 UTC", "6:40 p.m.", "3 pm", "0800 GMT", "noon", "midnight", "now", "recently", "the future",
    "soon", "Christmas", "New Year's Eve", "the last quarter", "the previous year", "the coming weeks",
]
FILLER = ["they", "met", "will", "meet", "said", "was", "is", "the", "summit", ",", ".", "in", "on", "after",
          "before", "May", "may", "March", "march", "fall", "2,000", "1500", "$2018", "\n", "—", "(", ")"]

dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
directions = st.sampled_from([None, "past", "future"])


def _check(text: str, items) -> None:
    for t in items:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest, t
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=300, deadline=None)
@given(published=dates, expression=st.sampled_from(EXPRESSIONS), direction=directions)
def test_time_properties_any_expression_any_date_has_ordered_range(published, expression, direction):
    text = f"Officials said {expression} they met."
    items = find_times(text, published=published, direction=lambda s, e: direction)
    _check(text, items)


@settings(max_examples=200, deadline=None)
@given(published=dates, words=st.lists(st.sampled_from(EXPRESSIONS + FILLER), max_size=12))
def test_time_properties_mixed_text(published, words):
    text = " ".join(words)
    _check(text, find_times(text, published=published))


@settings(max_examples=300, deadline=None)
@given(published=dates, text=st.text(max_size=200))
def test_time_properties_random_text_never_raises(published, text):
    _check(text, find_times(text, published=published))
    for item in normalize_times(text, published=published):
        assert text[item["start"]:item["end"]] == item["text"]
