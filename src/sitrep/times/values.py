"""What a TIMEX3 value means on the calendar: its window and its ACLED time precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")

# Northern-hemisphere meteorological seasons, as TimeML's SP/SU/FA/WI are read in news.
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def date_window(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TIMEX3 date value covers; None for durations, references, X values."""
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), _month_end(year, month)
        if m := _QUARTER.match(value):
            year, first = int(m[1]), 3 * int(m[2]) - 2
            return dt.date(year, first, 1), _month_end(year, first + 2)
        if m := _HALF.match(value):
            year, first = int(m[1]), 6 * int(m[2]) - 5
            return dt.date(year, first, 1), _month_end(year, first + 5)
        if m := _SEASON.match(value):
            year = int(m[1])
            first, last = _SEASON_MONTHS[m[2]]
            return dt.date(year, first, 1), _month_end(year, last)
        if m := _YEAR.match(value):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := _DECADE.match(value):
            start = int(m[1]) * 10
            return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
        if m := _CENTURY.match(value):
            start = max(int(m[1]) * 100, 1)
            return dt.date(start, 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31)
    except ValueError:  # 2016-02-30, week 54: not a calendar date
        return None
    return None


def acled_precision(value: str) -> int | None:
    """ACLED time_precision of a date value: 1 a day, 2 a week or a few days, 3 a month or vaguer.

    Durations, sets and PAST_REF-style references denote no date, so they have none.
    """
    window = date_window(value)
    if window is None:
        return None
    days = (window[1] - window[0]).days + 1
    if days == 1:
        return 1
    if days <= 7:
        return 2
    return 3
