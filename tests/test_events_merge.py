"""Within-article merging of event mentions (hand-built events, no parse needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dyad.extract.events.merge import compatible, merge_events
from dyad.model import Attribution, Entity, Event, Mention, Provenance, TextSpan, TimeValue

USA = Entity("President Trump", 0, 15, code="USA", name="Donald Trump")
PRK = Entity("Kim", 20, 23, code="PRK", name="Kim Jong Un")
POMPEO = Entity("Pompeo", 30, 36, code="USA", name="Mike Pompeo")


def event(trigger: str, start: int, *, event_type: str = "AGREE", actor=(USA, PRK), recipient=(),
          status: str = "possible", mode: str | None = None, cameo: str | None = "036",
          date: TimeValue | None = None) -> Event:
    return Event(id=f"e{start}", article_id="a", event_type=event_type,
                 mentions=(Mention(TextSpan(f"... {trigger} ...", start, start + 40), TextSpan(trigger, start + 4, start + 4 + len(trigger))),),
                 coder=Provenance("rules", "test"), actor=tuple(actor), recipient=tuple(recipient),
                 status=status, mode=mode, cameo=cameo, date=date)


def test_merge_future_summit_mentions_become_one_event():
    merged = merge_events([event("meeting", 0), event("summit", 100), event("meeting", 200)])
    assert len(merged) == 1
    assert [m.trigger.text for m in merged[0].mentions] == ["meeting", "summit", "meeting"]
    assert merged[0].id == "e0"


def test_merge_keeps_past_and_future_meetings_apart():
    planned = event("meeting", 0)
    held = event("meeting", 100, event_type="CONSULT", status="occurred", cameo="040")
    assert len(merge_events([planned, held])) == 2


def test_merge_needs_same_participants():
    assert not compatible(event("meeting", 0), event("meeting", 100, actor=(USA,), recipient=()))


def test_merge_different_named_people_stay_apart():
    leaders = event("meeting", 0, event_type="CONSULT", status="occurred")
    pompeo = event("meetings", 100, event_type="CONSULT", status="occurred", actor=(POMPEO, PRK))
    assert len(merge_events([leaders, pompeo])) == 2


def test_merge_recipient_may_be_missing_in_one_mention():
    a = event("return", 0, event_type="RETREAT", actor=(PRK,), recipient=(USA,), status="occurred",
              mode="release", cameo="0842")
    b = event("sending home", 100, event_type="RETREAT", actor=(PRK,), recipient=(), status="occurred",
              mode="release", cameo="0841")
    merged = merge_events([a, b])
    assert len(merged) == 1 and merged[0].recipient == (USA,)


def test_merge_disjoint_dates_stay_apart():
    june = TimeValue("June", 0, 4, "DATE", "2018-06", dt.date(2018, 6, 1), dt.date(2018, 6, 30))
    fall = TimeValue("this fall", 0, 9, "DATE", "2018-FA", dt.date(2018, 9, 1), dt.date(2018, 11, 30))
    assert not compatible(event("summit", 0, date=june), event("summit", 100, date=fall))


def test_merge_different_types_stay_apart():
    assert len(merge_events([event("meeting", 0), event("meeting", 100, event_type="REJECT")])) == 2


def _dated(text: str, start: int, lo: dt.date | None, hi: dt.date | None, precision: str) -> TimeValue:
    return TimeValue(text, start, start + len(text), "DATE", None, lo, hi, precision)


REPORT = TimeValue("", -1, -1, "DATE", "FUTURE_REF", dt.date(2018, 8, 6), None, "report")


def test_merge_date_comes_from_a_mention_read_from_the_text():
    # the first mention only has the report-date fallback; the second says "later this year"
    later = _dated("later", 112, dt.date(2018, 8, 7), dt.date(2018, 12, 31), "year")
    merged = merge_events([event("meeting", 0, date=REPORT), event("summit", 100, date=later)])
    assert len(merged) == 1 and merged[0].date == later


def test_merge_date_prefers_the_most_precise_mention():
    # both dates away from their triggers (outside the mention sentences)
    year = _dated("later", 900, dt.date(2018, 8, 7), dt.date(2018, 12, 31), "year")
    fall = _dated("this", 950, dt.date(2018, 9, 1), dt.date(2018, 11, 30), "season")
    merged = merge_events([event("meeting", 0, date=year), event("summit", 100, date=fall)])
    assert merged[0].date == fall
    merged = merge_events([event("meeting", 0, date=fall), event("summit", 100, date=year)])
    assert merged[0].date == fall


def test_merge_date_next_to_the_trigger_beats_a_clause_date():
    # "... summit ..." with a week-precision date far from the trigger vs "... June summit ..."
    far = _dated("x", 1, dt.date(2018, 8, 4), dt.date(2018, 8, 5), "week")
    first = event("summit", 0, event_type="CONSULT", status="occurred", date=far)
    first = replace(first, mentions=(Mention(TextSpan("x, one two three four summit", 0, 28), TextSpan("summit", 22, 28)),))
    june = _dated("June", 104, dt.date(2018, 6, 1), dt.date(2018, 6, 30), "month")
    second = event("summit", 100, event_type="CONSULT", status="occurred", date=june)
    second = replace(second, mentions=(Mention(TextSpan("the June summit", 100, 115), TextSpan("summit", 109, 115)),))
    merged = merge_events([first, second])
    assert len(merged) == 1 and merged[0].date == june


def _source(text: str, start: int) -> Attribution:
    return Attribution(source=Entity(text, start, start + len(text)), cue=None, content=None)


def test_merge_attributions_are_united_in_mention_order():
    wh, kcna = _source("the White House", 50), _source("KCNA", 150)
    a = replace(event("meeting", 0), attribution=(wh,))
    b = replace(event("summit", 100), attribution=(kcna, wh))
    c = replace(event("meeting", 200), attribution=(kcna,))
    assert merge_events([a, b, c])[0].attribution == (wh, kcna)


def _with_status(ev: Event, status: str) -> Event:
    return replace(ev, status=status, mentions=tuple(replace(m, status=status) for m in ev.mentions))


def test_merge_status_is_the_majority_of_mentions():
    first = _with_status(event("meeting", 0), "possible")
    others = [_with_status(event("summit", 100 * i), "planned") for i in (1, 2)]
    merged = merge_events([first, *others])
    assert len(merged) == 1 and merged[0].status == "planned"


def test_merge_status_tie_goes_to_the_earliest_mention():
    first = _with_status(event("meeting", 0), "possible")
    second = _with_status(event("summit", 100), "planned")
    assert merge_events([first, second])[0].status == "possible"
    assert merge_events([second, first])[0].status == "planned"


def test_merge_different_words_of_one_family_with_disjoint_dates_stay_apart():
    # "was detained at a Moscow airport in February" (date four words away) and "sentenced her in
    # August" (date next to the trigger): one CAMEO family, two events
    def arrest(trigger: str, start: int, month: int, text: str) -> Event:
        sentence = f"{text}."
        at = sentence.index(trigger)
        when = sentence.index("in ", at)
        date = TimeValue(text[when:], start + when, start + len(text), "DATE", f"2022-{month:02d}",
                         dt.date(2022, month, 1), dt.date(2022, month, 28), "month")
        return Event(id=f"e{start}", article_id="a", event_type="COERCE",
                     mentions=(Mention(TextSpan(sentence, start, start + len(sentence)),
                                       TextSpan(trigger, start + at, start + at + len(trigger))),),
                     coder=Provenance("rules", "test"), actor=(PRK,), recipient=(USA,), status="occurred",
                     mode="arrest", cameo="173", date=date)

    detained = arrest("detained", 0, 2, "She was detained at a Moscow airport in February")
    sentenced = arrest("sentenced", 100, 8, "A court sentenced her in August")
    assert len(merge_events([detained, sentenced])) == 2
    again = arrest("detained", 200, 8, "She was detained in August")
    assert len(merge_events([detained, again])) == 1  # the same word: the nearer date wins


def test_merge_uncoded_place_names_do_not_conflict():
    base = Entity("Shayrat", 50, 57, name="Shayrat", kind="organization")
    a = event("strike", 0, event_type="ASSAULT", actor=(USA,), recipient=(PRK,), status="occurred",
              mode="heavy-weapons", cameo="195")
    b = event("attack", 100, event_type="ASSAULT", actor=(USA,), recipient=(base,), status="occurred",
              mode="heavy-weapons", cameo="195")
    assert len(merge_events([a, b])) == 1
