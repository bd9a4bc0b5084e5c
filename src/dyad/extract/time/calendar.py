"""Calendar arithmetic for the normaliser: periods as TIMEX3 values with [first, last] day ranges.

Every function here returns ranges with ``first <= last`` and raises only ``ValueError`` or
``OverflowError`` (dates outside year 1..9999), which the tagger treats as "no expression".
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved calendar period: TIMEX3 value, day range and precision."""

    value: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str

    def narrowed(self, earliest: dt.date | None, latest: dt.date | None, *, value: str | None = None) -> Period:
        """The same period with a narrower range (kept ordered and inside year bounds)."""
        lo, hi = ordered(earliest, latest)
        return Period(value or self.value, lo, hi, self.precision)


def ordered(a: dt.date | None, b: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """``(a, b)`` if ``a <= b`` else ``(b, a)``; None bounds are left open."""
    if a is not None and b is not None and a > b:
        return b, a
    return a, b


def year4(year: int) -> str:
    return f"{year:04d}"


def day(d: dt.date) -> Period:
    return Period(d.isoformat(), d, d, "day")


def month(year: int, month_no: int) -> Period:
    last = _cal.monthrange(year, month_no)[1]
    return Period(f"{year4(year)}-{month_no:02d}", dt.date(year, month_no, 1),
                  dt.date(year, month_no, last), "month")


def add_months(year: int, month_no: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month_no - 1) + delta
    return index // 12, index % 12 + 1


def year(y: int) -> Period:
    return Period(year4(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def iso_week(d: dt.date) -> Period:
    iso_year, week, weekday = d.isocalendar()
    monday = d - dt.timedelta(days=weekday - 1)
    return Period(f"{year4(iso_year)}-W{week:02d}", monday, monday + dt.timedelta(days=6), "week")


def weekend_of(saturday: dt.date) -> Period:
    iso_year, week, _ = saturday.isocalendar()
    return Period(f"{year4(iso_year)}-W{week:02d}-WE", saturday, saturday + ONE_DAY, "week")


def quarter(y: int, q: int) -> Period:
    first = dt.date(y, 3 * q - 2, 1)
    last_month = 3 * q
    last = dt.date(y, last_month, _cal.monthrange(y, last_month)[1])
    return Period(f"{year4(y)}-Q{q}", first, last, "quarter")


def half(y: int, h: int) -> Period:
    if h == 1:
        return Period(f"{year4(y)}-H1", dt.date(y, 1, 1), dt.date(y, 6, 30), "quarter")
    return Period(f"{year4(y)}-H2", dt.date(y, 7, 1), dt.date(y, 12, 31), "quarter")


SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season(y: int, code: str) -> Period:
    """Meteorological (northern) seasons; winter Y runs from December Y to February Y+1."""
    start = dt.date(y, SEASON_MONTHS[code], 1)
    end_y, end_m = add_months(y, SEASON_MONTHS[code], 2)
    end = dt.date(end_y, end_m, _cal.monthrange(end_y, end_m)[1])
    return Period(f"{year4(y)}-{code}", start, end, "season")


def season_containing(d: dt.date) -> tuple[int, str]:
    if d.month in (3, 4, 5):
        return d.year, "SP"
    if d.month in (6, 7, 8):
        return d.year, "SU"
    if d.month in (9, 10, 11):
        return d.year, "FA"
    return (d.year if d.month == 12 else d.year - 1), "WI"


def decade(first_year: int) -> Period:
    return Period(f"{year4(first_year)[:3]}", dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade")


def century(index: int) -> Period:
    """``index`` = the first two digits of the years (20th century -> 19)."""
    first = max(index * 100, 1)
    return Period(f"{index:02d}", dt.date(first, 1, 1), dt.date(index * 100 + 99, 12, 31), "century")


def part_of(period: Period, part: str) -> Period:
    """Early/mid/late (thirds), start/end (first/last tenth, at least a day) of a period."""
    assert period.earliest is not None and period.latest is not None
    span = (period.latest - period.earliest).days + 1
    third = max(span // 3, 1)
    tenth = max(span // 10, 1)
    lo, hi = period.earliest, period.latest
    if part == "early":
        return period.narrowed(lo, lo + dt.timedelta(days=third - 1))
    if part == "mid":
        return period.narrowed(lo + dt.timedelta(days=third), hi - dt.timedelta(days=third))
    if part == "late":
        return period.narrowed(hi - dt.timedelta(days=third - 1), hi)
    if part == "start":
        return period.narrowed(lo, lo + dt.timedelta(days=tenth - 1))
    if part == "end":
        return period.narrowed(hi - dt.timedelta(days=tenth - 1), hi)
    return period


def shift(d: dt.date, unit: str, amount: int) -> dt.date:
    """``d`` moved by ``amount`` units (D, W, M, Q, Y, DE, CE); month ends are clamped."""
    if unit == "D":
        return d + dt.timedelta(days=amount)
    if unit == "W":
        return d + dt.timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit] * amount
    y, m = add_months(d.year, d.month, months)
    return dt.date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def period_of(d: dt.date, unit: str) -> Period:
    """The calendar period of the given unit that contains ``d``."""
    if unit == "D":
        return day(d)
    if unit == "W":
        return iso_week(d)
    if unit == "M":
        return month(d.year, d.month)
    if unit == "Q":
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "Y":
        return year(d.year)
    if unit == "DE":
        return decade(d.year - d.year % 10)
    return century(d.year // 100)


def weekday_near(anchor: dt.date, weekday: int, direction: str | None) -> dt.date:
    """The date of an ISO ``weekday`` relative to ``anchor``.

    past: the latest such day on or before the anchor; future: the first one on or after it;
    None: the past reading (news mostly reports what happened). The anchor's own weekday is the
    anchor itself either way ("on Monday" in a Monday paper is today); "next"/"last" are
    handled by the caller.
    """
    delta = (anchor.isoweekday() - weekday) % 7
    if direction == "future":
        return anchor + dt.timedelta(days=(weekday - anchor.isoweekday()) % 7)
    return anchor - dt.timedelta(days=delta)


def nearest_year(anchor: dt.date, month_no: int, day_no: int, direction: str | None) -> int:
    """The year that puts month/day nearest the anchor in the given direction."""
    y = anchor.year
    candidates = []
    for cand in (y - 1, y, y + 1):
        try:
            candidates.append((cand, dt.date(cand, month_no, min(day_no, _cal.monthrange(cand, month_no)[1]))))
        except ValueError:
            continue
    if direction == "past":
        past = [c for c in candidates if c[1] <= anchor]
        if past:
            return max(past, key=lambda c: c[1])[0]
    elif direction == "future":
        future = [c for c in candidates if c[1] >= anchor]
        if future:
            return min(future, key=lambda c: c[1])[0]
    # no direction: nearest, ties to the past
    return min(candidates, key=lambda c: (abs((c[1] - anchor).days), c[1] > anchor))[0]


def month_year(anchor: dt.date, month_no: int, direction: str | None) -> int:
    """The year of a bare month name: this year's month when it fits the direction, else the
    adjacent year (past: not after the anchor's month; future: not before it; None: nearest)."""
    y, m = anchor.year, anchor.month
    if direction == "past":
        return y if month_no <= m else y - 1
    if direction == "future":
        return y if month_no >= m else y + 1
    diff = month_no - m
    if diff > 6:
        return y - 1
    if diff < -6:
        return y + 1
    return y
