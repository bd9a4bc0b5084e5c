"""Rules for calendar dates: full and partial dates, months, years, decades, seasons, quarters,
weekdays and the deictic days (today, yesterday, tomorrow)."""

from __future__ import annotations

import datetime as dt
import re

from dyad.extract.time import calendar as cal
from dyad.extract.time.grammar import (
    DAYNUM,
    MON,
    MON_FULL,
    MONTH_NEEDS,
    PART,
    WD,
    WD_PREFIX,
    WEEKDAY_NEEDS,
    YEAR,
    Context,
    Reading,
    part_name,
    rule,
    span_of,
)
from dyad.extract.time.lexicon import DAY_PARTS, MONTHS, NAMED_DAYS, SEASONS, WEEKDAYS


def _month_no(m: re.Match[str]) -> int:
    return MONTHS[m.group("mon").rstrip(".").lower()]


def _with_part(period: cal.Period, m: re.Match[str]) -> cal.Period:
    part = part_name(m)
    return cal.part_of(period, part) if part else period


def _date(m: re.Match[str], year: int) -> Reading | None:
    d = int(m.group("day"))
    if not 1 <= d <= 31:
        return None
    return Reading("DATE", cal.day(dt.date(year, _month_no(m), d)))


@rule("month_day_year", rf"{WD_PREFIX}\b{MON}\s*{DAYNUM}(?:\s*,\s*|\s+){YEAR}", needs=MONTH_NEEDS, cased=True)
def month_day_year(m: re.Match[str], ctx: Context) -> Reading | None:
    return _date(m, int(m.group("year")))


@rule("day_month_year", rf"{WD_PREFIX}\b{DAYNUM}\s+(?:of\s+)?{MON},?\s+{YEAR}", needs=MONTH_NEEDS, cased=True)
def day_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    return _date(m, int(m.group("year")))


def _yearless(m: re.Match[str], ctx: Context) -> Reading | None:
    d = int(m.group("day"))
    if not 1 <= d <= 31:
        return None
    start, end = span_of(m)
    year = cal.nearest_year(ctx.anchor, _month_no(m), d, ctx.direction(start, end))
    return _date(m, year)


@rule("month_day", rf"{WD_PREFIX}\b{MON}\s*{DAYNUM}\b(?![.,]?\d|\s*(?:%|percent|per|million|billion))", needs=MONTH_NEEDS, cased=True)
def month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    return _yearless(m, ctx)


@rule("day_month", rf"{WD_PREFIX}\b{DAYNUM}\s+(?:of\s+)?{MON}\b", needs=MONTH_NEEDS, cased=True)
def day_month(m: re.Match[str], ctx: Context) -> Reading | None:
    return _yearless(m, ctx)


@rule("iso_date", r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", needs="-", digit=True)
def iso_date(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading("DATE", cal.day(dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))))


@rule("numeric_date", r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)", needs="/|.", digit=True)
def numeric_date(m: re.Match[str], ctx: Context) -> Reading | None:
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if len(m.group("y")) == 2:
        y += 2000 if y <= (ctx.anchor.year % 100) + 1 else 1900
    # slashes: US month/day unless the first number cannot be a month; dots: day.month
    month_no, day_no = (a, b) if m.group("sep") == "/" and a <= 12 else (b, a)
    return Reading("DATE", cal.day(dt.date(y, month_no, day_no)))


@rule("month_year", rf"{PART}\b{MON},?\s+(?:of\s+)?{YEAR}", needs=MONTH_NEEDS, cased=True)
def month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading("DATE", _with_part(cal.month(int(m.group("year")), _month_no(m)), m))


@rule("month", rf"{PART}(?:(?P<rel>last|next|this|this\s+past|past|coming|this\s+coming)\s+)?\b{MON_FULL}\b(?!\s*\d)"
               r"(?:\s+of\s+(?P<yrel>this|next|last)\s+year)?", needs=MONTH_NEEDS, cased=True)
def month_alone(m: re.Match[str], ctx: Context) -> Reading | None:
    month_no = _month_no(m)
    if m.group("mon") == "May" and not (m.group("part") or m.group("rel")):
        # "May" is a modal verb too: accept it only after a preposition that takes a date
        before = m.string[max(0, m.start() - 8): m.start()].lower().split()
        if not before or before[-1] not in {"in", "since", "until", "by", "from", "through", "during",
                                            "of", "before", "after", "between"}:
            return None
    rel = (m.group("rel") or "").lower().split()
    start, end = span_of(m)
    if m.group("yrel"):
        y = ctx.anchor.year + {"this": 0, "next": 1, "last": -1}[m.group("yrel").lower()]
        return Reading("DATE", _with_part(cal.month(y, month_no), m))
    if rel and rel[-1] in ("last", "past"):
        direction: str | None = "past"
    elif rel and rel[-1] in ("next", "coming"):
        direction = "future"
    elif rel == ["this"]:
        direction = None
    else:
        direction = ctx.direction(start, end)
    year = cal.month_year(ctx.anchor, month_no, direction)
    if rel and rel[-1] in ("last", "past") and month_no == ctx.anchor.month:
        year -= 1
    if rel and rel[-1] in ("next", "coming") and month_no == ctx.anchor.month:
        year += 1
    return Reading("DATE", _with_part(cal.month(year, month_no), m))


_YEAR_LEAD = r"(?:in|since|until|till|by|from|through|to|of|during|before|after|year|circa|fiscal|and|or|between)"


@rule("year", rf"(?<![$€£#\d.,/-])(?P<lead>(?:{_YEAR_LEAD})\s+)?(?:{PART})?(?<![\d.,])\b{YEAR}\b"
              r"(?!\s*(?:%|percent|per|[-–]\d|\.\d|,\d|people|workers|jobs|employees|units|cars|vehicles|"
              r"troops|soldiers|km|miles|tons|tonnes|points|shares|aircraft|planes|metres|meters|feet)\b)", digit=True)
def year_alone(m: re.Match[str], ctx: Context) -> Reading | None:
    y = int(m.group("year"))
    if y < 1900 and not m.group("lead"):
        return None  # a bare number such as 1500 is more often a count than a year
    return Reading("DATE", _with_part(cal.year(y), m))


@rule("decade", rf"{PART}(?:the\s+)?(?:(?P<dec>(?:1[0-9]|20)\d0)|['’](?P<dec2>\d0)|(?<=the\s)(?P<dec3>\d0))['’]?s\b", needs="0s|0's|0’s", digit=True)
def decade(m: re.Match[str], ctx: Context) -> Reading | None:
    if m.group("dec"):
        first = int(m.group("dec"))
    else:
        two = int(m.group("dec2") or m.group("dec3"))
        century = ctx.anchor.year // 100 * 100
        first = century + two if century + two <= ctx.anchor.year else century - 100 + two
    return Reading("DATE", _with_part(cal.decade(first), m))


_ORDINAL_CENTURY = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}


@rule("century", rf"{PART}(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(sorted(_ORDINAL_CENTURY, key=len, reverse=True))})[\s-]+century\b", needs="century")
def century(m: re.Match[str], ctx: Context) -> Reading | None:
    word = m.group("ord").lower()
    n = _ORDINAL_CENTURY.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= n <= 99:
        return None
    return Reading("DATE", _with_part(cal.century(n - 1), m))


@rule("season", rf"(?P<lead>(?:in|during|by|until|since|over|through|throughout|for)\s+(?=the\s))?{PART}"
                r"(?:(?P<rel>this|last|next|past|coming|this\s+past|this\s+coming|the)\s+)?"
                rf"(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?{YEAR})?", needs="spring|summer|fall|autumn|winter")
def season(m: re.Match[str], ctx: Context) -> Reading | None:
    code = SEASONS[m.group("season").lower()]
    rel = (m.group("rel") or "").lower().split()
    if m.group("year"):
        y = int(m.group("year"))
    else:
        if not rel and not m.group("part") and not m.group("season")[0].isupper():
            before = m.string[max(0, m.start() - 7): m.start()].lower().split()
            if not before or before[-1] not in {"in", "during", "by", "until", "since", "this", "last", "next"}:
                return None
        if rel == ["the"] and not m.group("lead") and not m.group("part"):
            return None  # "the fall of the regime"
        cur_y, cur_code = cal.season_containing(ctx.anchor)
        order = ["WI", "SP", "SU", "FA"]
        base = cur_y * 4 + order.index(cur_code)
        target = order.index(code)
        # candidate seasons with this code around the anchor
        options = [k for k in range(base - 4, base + 5) if k % 4 == target]
        start, end = span_of(m)
        if rel and rel[-1] in ("last", "past"):
            idx = max(k for k in options if k < base)
        elif rel and rel[-1] in ("next", "coming"):
            idx = min(k for k in options if k > base)
        elif rel == ["this"]:
            idx = min(options, key=lambda k: (abs(k - base), k < base))
        else:
            direction = ctx.direction(start, end)
            if direction == "past":
                idx = max(k for k in options if k <= base)
            elif direction == "future":
                idx = min(k for k in options if k >= base)
            else:
                idx = min(options, key=lambda k: (abs(k - base), k > base))
        y = idx // 4 if code != "WI" else idx // 4 - 1
    return Reading("DATE", _with_part(cal.season(y, code), m))


_QORD = r"(?P<qord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_QNUM = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4, "1st": 1, "2nd": 2,
         "3rd": 3, "4th": 4}


def _relative_year(word: str | None, ctx: Context) -> int | None:
    if word is None:
        return None
    return ctx.anchor.year + {"this": 0, "the": 0, "last": -1, "next": 1, "the previous": -1,
                              "the current": 0, "the same": 0, "the following": 1}.get(word.lower(), 0)


@rule("quarter", rf"(?:the\s+)?{_QORD}[\s-]+(?:fiscal\s+|financial\s+)?quarter"
                 rf"(?:\s+(?:of|in)\s+(?:(?:fiscal\s+)?{YEAR}|(?P<qrel>this|last|next|the)\s+(?:fiscal\s+|financial\s+)?year))?", needs="quarter")
def quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    q = _QNUM[m.group("qord").lower()]
    y = int(m.group("year")) if m.group("year") else _relative_year(m.group("qrel"), ctx)
    if y is None:
        start, end = span_of(m)
        y = cal.month_year(ctx.anchor, 3 * q - 2, ctx.direction(start, end) or "past")
    return Reading("DATE", cal.quarter(y, q))


@rule("quarter_code", r"\b(?P<q>[Qq][1-4])(?:\s*(?:of\s+)?(?:(?P<year>(?:19|20)\d\d)|['’](?P<yy>\d\d)))?\b", needs="q1|q2|q3|q4")
def quarter_code(m: re.Match[str], ctx: Context) -> Reading | None:
    q = int(m.group("q")[1])
    if m.group("year"):
        y = int(m.group("year"))
    elif m.group("yy"):
        y = ctx.anchor.year // 100 * 100 + int(m.group("yy"))
    else:
        start, end = span_of(m)
        y = cal.month_year(ctx.anchor, 3 * q - 2, ctx.direction(start, end) or "past")
    return Reading("DATE", cal.quarter(y, q))


@rule("half", rf"(?:the\s+)?(?P<h>first|second|1st|2nd)\s+half(?:\s+of\s+(?:{YEAR}|(?P<qrel>this|last|next|the)\s+year))?", needs="half")
def half(m: re.Match[str], ctx: Context) -> Reading | None:
    if not m.group("year") and not m.group("qrel"):
        return None  # "the first half" of a match, a game, a speech...
    h = 1 if m.group("h").lower() in ("first", "1st") else 2
    y = int(m.group("year")) if m.group("year") else _relative_year(m.group("qrel"), ctx)
    assert y is not None
    return Reading("DATE", cal.half(y, h))


@rule("weekday", r"(?P<lead>on\s+)?(?:(?P<rel>last|next|this|this\s+past|past|coming|this\s+coming)\s+)?"
                 rf"\b{WD}(?P<plural>s)?\b(?:\s+(?P<dp>morning|afternoon|evening|night))?", needs=WEEKDAY_NEEDS, cased=True)
def weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    wd = WEEKDAYS[m.group("wd").lower()]
    if m.group("plural"):
        if not m.group("lead"):
            return None
        return Reading("SET", cal.Period(f"XXXX-WXX-{wd}", None, None, "unknown"))
    rel = (m.group("rel") or "").lower().split()
    start, end = span_of(m)
    if rel and rel[-1] in ("last", "past"):
        d = cal.weekday_near(ctx.anchor - dt.timedelta(days=1), wd, "past")
    elif rel and rel[-1] in ("next", "coming"):
        d = cal.weekday_near(ctx.anchor, wd, "future")
    elif rel == ["this"]:
        monday = ctx.anchor - dt.timedelta(days=ctx.anchor.isoweekday() - 1)
        d = monday + dt.timedelta(days=wd - 1)
    else:
        d = cal.weekday_near(ctx.anchor, wd, ctx.direction(start, end))
    period = cal.day(d)
    if m.group("dp"):
        code = DAY_PARTS[m.group("dp").lower()]
        return Reading("TIME", cal.Period(f"{d.isoformat()}T{code}", d, d, "day"))
    return Reading("DATE", period)


_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
            "the day after tomorrow": 2, "this": 0, "last": -1}


@rule("deictic", r"\b(?P<mod>(?:earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
                 r"the\s+day\s+after\s+tomorrow)\b(?!['’]s\s+(?!date|event))(?:\s+(?P<dp>morning|afternoon|evening|night))?", needs="today|tonight|yesterday|tomorrow")
def deictic(m: re.Match[str], ctx: Context) -> Reading | None:
    word = " ".join(m.group("w").lower().split())
    d = ctx.anchor + dt.timedelta(days=_DEICTIC[word])
    part = m.group("dp").lower() if m.group("dp") else ("night" if word == "tonight" else None)
    if part:
        return Reading("TIME", cal.Period(f"{d.isoformat()}T{DAY_PARTS[part]}", d, d, "day"))
    return Reading("DATE", cal.day(d))


@rule("day_part", r"\b(?P<w>this|last)\s+(?P<dp>morning|afternoon|evening|night)\b", needs="morning|afternoon|evening|night")
def day_part(m: re.Match[str], ctx: Context) -> Reading | None:
    d = ctx.anchor + dt.timedelta(days=_DEICTIC[m.group("w").lower()])
    return Reading("TIME", cal.Period(f"{d.isoformat()}T{DAY_PARTS[m.group('dp').lower()]}", d, d, "day"))


_NAMED_TITLES = {" ".join(w[0].upper() + w[1:] for w in key.split()): key for key in NAMED_DAYS}
_NAMED = "|".join(re.escape(t).replace("'", "['’]").replace(r"\ ", r"\s+")
                  for t in sorted(_NAMED_TITLES, key=len, reverse=True))


@rule("named_day", rf"(?-i:\b(?P<name>{_NAMED}))\b(?:\s+{YEAR})?", needs="Christmas|Year|Valentine|Independence|Halloween|Boxing", cased=True)
def named_day(m: re.Match[str], ctx: Context) -> Reading | None:
    key = " ".join(m.group("name").lower().replace("’", "'").split())
    month_no, day_no = NAMED_DAYS[key]
    if m.group("year"):
        y = int(m.group("year"))
    else:
        start, end = span_of(m)
        y = cal.nearest_year(ctx.anchor, month_no, day_no, ctx.direction(start, end))
    return Reading("DATE", cal.day(dt.date(y, month_no, day_no)))
