"""Rules for expressions relative to the publication date and for durations, sets and clock times:
"last week", "earlier this month", "later this year", "over the weekend", "two days ago",
"recently", "for an additional year", "every Monday", "18:00 UTC"."""

from __future__ import annotations

import datetime as dt
import re

from dyad.extract.time import calendar as cal
from dyad.extract.time.grammar import (
    MON_FULL,
    NUM,
    PART,
    WD,
    Context,
    Reading,
    fmt_number,
    number_value,
    part_name,
    rule,
    span_of,
)
from dyad.extract.time.lexicon import MONTHS, SET_ADVERBS, UNIT_WORDS, UNITS, WEEKDAYS

ONE_DAY = dt.timedelta(days=1)
_REL_UNITS = r"(?P<unit>week|month|year|quarter|decade|century|fiscal\s+year|financial\s+year)"
_REL_WORDS = (r"(?P<rel>last|this|next|the\s+past|the\s+last|the\s+coming|the\s+next|the\s+previous|"
              r"the\s+following|the\s+current|this\s+past|this\s+coming|the\s+prior|the\s+same|the|that)")
_UNIT_CODE = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "century": "CE",
              "fiscal year": "Y", "financial year": "Y"}
_SHIFT = {"last": -1, "this": 0, "next": 1, "the past": -1, "the last": -1, "the coming": 1, "the next": 1,
          "the previous": -1, "the following": 1, "the current": 0, "this past": -1, "this coming": 1,
          "the prior": -1, "the same": 0, "the": 0, "that": 0}


@rule("relative_unit", rf"(?P<vague>(?:earlier|later)\s+|(?:sometime|some\s+time)\s+(?:later\s+|earlier\s+)?)?{PART}"
                       rf"{_REL_WORDS}\s+{_REL_UNITS}\b", needs="week|month|year|quarter|decade|century")
def relative_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = " ".join(m.group("rel").lower().split())
    unit = _UNIT_CODE[" ".join(m.group("unit").lower().split())]
    vague = (m.group("vague") or "").lower()
    part = part_name(m)
    if rel in ("the", "that") and not part:
        return None  # "the year" alone is anaphoric (which year?), not resolvable here
    if rel in ("the past", "the last", "the coming", "the next") and not part and not vague:
        # "the past week": the stretch leading up to (or away from) the report, a duration
        amount = 1
        if rel in ("the past", "the last"):
            lo, hi = cal.shift(ctx.anchor, unit, -amount), ctx.anchor
        else:
            lo, hi = ctx.anchor, cal.shift(ctx.anchor, unit, amount)
        value = {"DE": "P10Y", "CE": "P100Y"}.get(unit, f"P1{unit}")
        return Reading("DURATION", cal.Period(value, lo, hi, "unknown"))
    period = cal.period_of(cal.shift(ctx.anchor, unit, _SHIFT[rel]), unit)
    if part:
        period = cal.part_of(period, part)
    first, last = period.earliest, period.latest
    assert first is not None and last is not None
    if "earlier" in vague:  # "earlier this month": from the start of the month to the day before
        period = period.narrowed(first, max(first, min(last, ctx.anchor - ONE_DAY)))
    elif "later" in vague or (vague and _SHIFT[rel] == 0):  # "later this year": after the report
        period = period.narrowed(min(last, max(first, ctx.anchor + ONE_DAY)), last)
    return Reading("DATE", period)


@rule("weekend", r"(?P<lead>over\s+|during\s+|on\s+|at\s+)?(?P<rel>the|this|last|next|this\s+past|the\s+past|"
                 r"this\s+coming|the\s+coming|that)\s+weekend\b(?!['’]s)", needs="weekend")
def weekend(m: re.Match[str], ctx: Context) -> Reading | None:
    rel = " ".join(m.group("rel").lower().split())
    wd = ctx.anchor.isoweekday()
    this_saturday = ctx.anchor + dt.timedelta(days=6 - wd)  # Saturday of the anchor's ISO week
    previous = this_saturday - dt.timedelta(days=7) if wd < 6 else this_saturday
    following = this_saturday if wd < 6 else this_saturday + dt.timedelta(days=7)
    if rel in ("last", "this past", "the past"):
        sat = previous if wd < 6 else this_saturday - dt.timedelta(days=7)
    elif rel in ("next", "this coming", "the coming"):
        sat = following
    elif rel == "this":
        sat = this_saturday
    else:  # "the weekend", "over the weekend": past unless the clause looks ahead
        start, end = span_of(m)
        sat = following if ctx.direction(start, end) == "future" else previous
    return Reading("DATE", cal.weekend_of(sat))


_AGO_UNITS = r"(?P<unit>days?|weeks?|months?|years?|decades?|centuries|century|quarters?|hours?|minutes?)"


@rule("ago", rf"(?:(?:about|almost|nearly|more\s+than|over|some|around|roughly|just|only|barely)\s+)?{NUM}[\s-]+"
             rf"(?:(?:more|full|whole|short)\s+)?{_AGO_UNITS}\s+(?P<dir>ago|from\s+now|hence)\b", needs="ago|now|hence")
def ago(m: re.Match[str], ctx: Context) -> Reading | None:
    unit_word = m.group("unit").lower().rstrip("s")
    unit_word = "century" if unit_word.startswith("centur") else unit_word
    code, is_time, _ = cal_unit(unit_word)
    direction = m.group("dir").lower()
    sign = -1 if direction == "ago" else 1
    amount = number_value(m.group("num"))
    if is_time:
        return Reading("DATE", cal.day(ctx.anchor)) if amount is not None else None
    if amount is None:  # "a few days ago"
        lo = cal.shift(ctx.anchor, code, sign * 9) if code == "D" else cal.shift(ctx.anchor, code, sign * 5)
        hi = cal.shift(ctx.anchor, code, sign * 2)
        first, last = cal.ordered(lo, hi)
        return Reading("DATE", cal.Period("PAST_REF" if sign < 0 else "FUTURE_REF", first, last, "unknown"))
    if amount != int(amount):
        amount_days = round(amount * UNITS[unit_word][2])
        d = ctx.anchor + dt.timedelta(days=sign * amount_days)
        return Reading("DATE", cal.period_of(d, "M"))
    target = cal.shift(ctx.anchor, code, sign * int(amount))
    return Reading("DATE", cal.period_of(target, code))


def cal_unit(word: str) -> tuple[str, bool, float]:
    return UNITS[word]


@rule("ref", r"\b(?P<w>right\s+now|now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment|"
             r"for\s+the\s+time\s+being|recently|lately|in\s+the\s+past|the\s+past|the\s+future|the\s+near\s+future|"
             r"the\s+near\s+term|the\s+long\s+term|the\s+short\s+term|soon|shortly|in\s+the\s+coming\s+(?:days|weeks|months|years)|"
             r"the\s+coming\s+(?:days|weeks|months|years))\b(?!\s+(?:that|of)\b)", needs="now|current|recent|lately|days|present|moment|being|past|future|term|soon|shortly|coming")
def reference(m: re.Match[str], ctx: Context) -> Reading | None:
    w = " ".join(m.group("w").lower().split())
    a = ctx.anchor
    if w in ("right now", "now", "currently", "nowadays", "these days", "at present", "at the moment",
             "for the time being"):
        return Reading("DATE", cal.Period("PRESENT_REF", a, a, "unknown"))
    if w in ("recently", "lately"):
        return Reading("DATE", cal.Period("PAST_REF", None, a, "unknown"))
    if w in ("in the past", "the past"):
        return Reading("DATE", cal.Period("PAST_REF", None, a, "unknown"))
    return Reading("DATE", cal.Period("FUTURE_REF", a, None, "unknown"))


_DUR_UNITS = rf"(?P<unit>{UNIT_WORDS})"


@rule("duration", r"(?P<det>the\s+(?:past|last|next|coming|previous|following|first|final|latest|remaining)\s+)?"
                  r"(?:(?P<approx>about|almost|nearly|more\s+than|over|less\s+than|at\s+least|around|roughly|approximately|"
                  r"up\s+to|just\s+over|just\s+under|under|fewer\s+than|another|an\s+additional|an\s+extra|a\s+further|"
                  r"a\s+full)\s+)?"
                  rf"{NUM}(?:\s+|\s*-\s*)(?:(?P<adj>additional|more|straight|consecutive|full|long|trading|business|whole|"
                  r"extra|further|successive|calendar|working|hour|day)[\s-]+)?"
                  rf"{_DUR_UNITS}(?P<long>-long)?\b(?![\s-]+(?:old|ago|from\s+now|hence)\b)(?!-old)", needs="second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur")
def duration(m: re.Match[str], ctx: Context) -> Reading | None:
    unit_word = m.group("unit").lower()
    unit_word = "century" if unit_word.startswith("centur") else unit_word.rstrip("s")
    code, is_time, days = cal_unit(unit_word)
    if unit_word == "second" and m.group("num").lower() in ("a", "an"):
        return None  # "a second meeting": the ordinal, not a duration
    amount = number_value(m.group("num"))
    if amount is not None and amount <= 0:
        return None
    if unit_word == "decade":
        code, amount = "Y", None if amount is None else amount * 10
    elif unit_word == "century":
        code, amount = "Y", None if amount is None else amount * 100
    elif unit_word == "fortnight":
        code, amount = "W", None if amount is None else amount * 2
    qty = "X" if amount is None else fmt_number(amount)
    value = f"PT{qty}{code}" if is_time else f"P{qty}{code}"
    det = (m.group("det") or "").lower().split()
    lo = hi = None
    if det and amount is not None and not is_time:
        span_days = round(amount * days)
        if det[-1] in ("past", "last", "previous"):
            lo, hi = ctx.anchor - dt.timedelta(days=span_days), ctx.anchor
        elif det[-1] in ("next", "coming", "remaining"):
            lo, hi = ctx.anchor, ctx.anchor + dt.timedelta(days=span_days)
    return Reading("DURATION", cal.Period(value, lo, hi, "unknown"))


@rule("vague_duration", r"(?P<lead>(?:for|over|in|within|after)\s+)?(?P<det>(?:the\s+)?(?:past|last|next|coming)\s+)?"
                        r"(?P<q>several|a\s+few|few|many|some|recent|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few|"
                        r"the|(?<=for\s)|(?<=over\s)|(?=\w+-long))\s*(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries)\b"
                        r"(?P<long>-long)?(?!\s+(?:ago|of\s+(?:the|his|her|their)))", needs="years|months|weeks|days|decades|hours|minutes|centuries")
def vague_duration(m: re.Match[str], ctx: Context) -> Reading | None:
    q = (m.group("q") or "").lower()
    lead = (m.group("lead") or "").strip().lower()
    if q == "the" and lead != "over":
        return None  # "over the years", but not "in the days after"
    if not q and lead not in ("for", "over") and not m.group("long"):
        return None
    unit_word = m.group("unit").lower()
    unit_word = "century" if unit_word.startswith("centur") else unit_word.rstrip("s")
    code, is_time, _ = cal_unit(unit_word)
    code = {"decade": "DE", "century": "CE"}.get(unit_word, code)
    value = f"PTX{code}" if is_time else f"PX{code}"
    return Reading("DURATION", cal.Period(value, None, None, "unknown"))


_SET_UNITS = r"(?P<unit>day|week|month|year|quarter|hour|minute|morning|afternoon|evening|night|weekend|summer|winter|spring|fall|autumn)"


@rule("every", rf"\b(?P<q>every|each)\s+(?P<other>other\s+)?(?:{WD}|{MON_FULL}|{_SET_UNITS})\b", needs="every|each")
def every(m: re.Match[str], ctx: Context) -> Reading | None:
    step = 2 if m.group("other") else 1
    if m.group("wd"):
        value = f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()]}"
    elif m.group("mon"):
        value = f"XXXX-{MONTHS[m.group('mon').lower()]:02d}"
    else:
        unit = m.group("unit").lower()
        value = {"morning": "XXXX-XX-XXTMO", "afternoon": "XXXX-XX-XXTAF", "evening": "XXXX-XX-XXTEV",
                 "night": "XXXX-XX-XXTNI", "weekend": "XXXX-WXX-WE", "summer": "XXXX-SU", "winter": "XXXX-WI",
                 "spring": "XXXX-SP", "fall": "XXXX-FA", "autumn": "XXXX-FA"}.get(unit, "")
        if not value:
            code, is_time, _ = cal_unit(unit)
            value = f"PT{step}{code}" if is_time else f"P{step}{code}"
    return Reading("SET", cal.Period(value, None, None, "unknown"))


@rule("set_adverb", rf"\b(?P<w>{'|'.join(SET_ADVERBS)})\b", needs="ly|annual")
def set_adverb(m: re.Match[str], ctx: Context) -> Reading | None:
    return Reading("SET", cal.Period(SET_ADVERBS[m.group("w").lower()], None, None, "unknown"))


@rule("rate", r"(?P<lead>(?:\d|million|billion|trillion|percent|times|twice|thrice|once)\s*)(?:a|an|per)\s+"
              r"(?P<unit>year|month|week|day|hour|quarter)\b", needs="year|month|week|day|hour|quarter")
def rate(m: re.Match[str], ctx: Context) -> Reading | None:
    code, is_time, _ = cal_unit(m.group("unit").lower())
    return Reading("SET", cal.Period(f"PT1{code}" if is_time else f"P1{code}", None, None, "unknown"))


_TZ = r"(?P<tz>UTC|GMT|Z|ET|EST|EDT|CET|CEST|BST|PT|PST|PDT|CT|CST|CDT|MT|JST|KST|IST|local\s+time)"


def _clock(m: re.Match[str], ctx: Context) -> Reading | None:
    hour = int(m.group("h"))
    minute = int(m.group("mi")) if m.groupdict().get("mi") else 0
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    d = ctx.reference_day
    zone = "Z" if (m.groupdict().get("tz") or "").upper() in ("UTC", "GMT", "Z") else ""
    return Reading("TIME", cal.Period(f"{d.isoformat()}T{hour:02d}:{minute:02d}{zone}", d, d, "day"))


@rule("clock", rf"(?<![\d.,:])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?!\d)(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?!\w))?(?:\s*\(?{_TZ}\b\)?)?", needs=":", digit=True)
def clock(m: re.Match[str], ctx: Context) -> Reading | None:
    return _clock(m, ctx)


@rule("clock_ampm", rf"(?<![\d.,:])(?P<h>1[0-2]|0?[1-9])(?:[.](?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m)(?!\w)(?:\s*\(?{_TZ}\b\)?)?", needs="am|pm|a.m|p.m", digit=True)
def clock_ampm(m: re.Match[str], ctx: Context) -> Reading | None:
    return _clock(m, ctx)


@rule("clock_military", rf"(?<![\d.,:])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:{_TZ}|hours|hrs)\b", digit=True)
def clock_military(m: re.Match[str], ctx: Context) -> Reading | None:
    return _clock(m, ctx)


@rule("noon", r"\b(?P<w>noon|midday|midnight)\b", needs="noon|midday|midnight")
def noon(m: re.Match[str], ctx: Context) -> Reading | None:
    d = ctx.reference_day
    hhmm = "00:00" if m.group("w").lower() == "midnight" else "12:00"
    return Reading("TIME", cal.Period(f"{d.isoformat()}T{hhmm}", d, d, "day"))
