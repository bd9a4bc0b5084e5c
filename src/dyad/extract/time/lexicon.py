"""Words of the temporal grammar: month, weekday, season and unit names, number words.

Kept apart from the rules so that the grammar reads as patterns over named word classes.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"

WEEKDAYS: dict[str, int] = {  # ISO weekday numbers, Monday = 1
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6,
    "sun": 7,
}
WEEKDAY_FULL = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# Parts of the day as TIMEX3 codes.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI",
}

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "half a": 0.5, "half an": 0.5,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}
# Quantities without a number: the TIMEX3 value uses X ("PXY": some years).
VAGUE_QUANTITIES = ("several", "a few", "few", "many", "some", "a number of", "numerous")

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4, "final": 4, "last": 4,
}

# Duration units: TIMEX3 letter, whether it is a time (PT..) unit, approximate length in days.
UNITS: dict[str, tuple[str, bool, float]] = {
    "second": ("S", True, 1 / 86400), "minute": ("M", True, 1 / 1440), "hour": ("H", True, 1 / 24),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 7),
    "fortnight": ("W", False, 14), "month": ("M", False, 30.44), "quarter": ("Q", False, 91.3),
    "year": ("Y", False, 365.25), "decade": ("DE", False, 3652.5), "century": ("CE", False, 36525),
}
UNIT_WORDS = r"seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|centuries"

# Frequency adverbs that are TIMEX3 SETs.
SET_ADVERBS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "quarterly": "P1Q", "yearly": "P1Y", "annually": "P1Y", "annual": "P1Y",
    "biannual": "P6M", "semiannual": "P6M",
}

NAMED_DAYS: dict[str, tuple[int, int]] = {  # fixed-date holidays: (month, day)
    "new year's day": (1, 1), "valentine's day": (2, 14), "independence day": (7, 4),
    "halloween": (10, 31), "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "new year's eve": (12, 31), "boxing day": (12, 26),
}
