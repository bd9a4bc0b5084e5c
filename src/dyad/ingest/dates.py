"""Publication dates from the many shapes they come in (ISO, RFC 822, feed time tuples)."""

from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_to_datetime

from dyad.errors import DyadError, E

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def parse_date(value: object) -> dt.date | None:
    """A calendar date from a date, datetime, struct_time, ISO 8601 or RFC 822 string.

    ``None`` and blank strings give ``None``. Anything else that is not a date raises
    ``DyadError(E.BAD_PUBLISHED)``. Free-text dates must name a four-digit year, so that a
    stray "12" or "Monday" is rejected instead of silently becoming a day of this month.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, bool) or not isinstance(value, str):
        raise DyadError(E.BAD_PUBLISHED, value=value)
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if _YEAR.search(text):
        from dateutil import parser as date_parser

        try:
            return date_parser.parse(text, fuzzy=False).date()
        except (ValueError, OverflowError):
            pass
    raise DyadError(E.BAD_PUBLISHED, value=value)
