"""Within-article merging of event mentions (hand-built events, no parse needed)."""

from __future__ import annotations

import datetime as dt

from dyad.extract.events.merge import compatible, merge_events
from dyad.model import Entity, Event, Mention, Provenance, TextSpan, TimeValue

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
