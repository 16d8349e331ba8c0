"""Word lists the time grammar is built from, and the regex fragments made of them."""

from __future__ import annotations

from collections.abc import Iterable

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
# Abbreviated weekdays are only trusted in front of a date ("Sun Apr 16 2017"): alone, "Sun" is a newspaper.
WEEKDAY_ABBREVIATIONS = {
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6, "sun": 7,
}  # fmt: skip

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12, "single": 1,
}  # fmt: skip
VAGUE_NUMBERS = ("a few", "few", "several", "many", "some")

ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "final": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

# TIMEX3 duration letters; decades and centuries are written in years, as TimeBank does.
UNITS = {
    "second": ("T", "S", 1), "minute": ("T", "M", 1), "hour": ("T", "H", 1), "day": ("", "D", 1),
    "night": ("", "D", 1), "week": ("", "W", 1), "fortnight": ("", "W", 2), "month": ("", "M", 1),
    "quarter": ("", "M", 3), "year": ("", "Y", 1), "decade": ("", "Y", 10), "century": ("", "Y", 100),
}  # fmt: skip

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

# Single words that refer to the past, present or future as a whole (TimeML PAST_REF ...).
REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "recent": "PAST_REF", "the past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
}  # fmt: skip

# Irregular past tenses common in war reporting; regular ones are caught by their "-ed".
IRREGULAR_PAST = (
    "said", "told", "was", "were", "had", "did", "began", "came", "went", "took", "retook", "overtook",
    "struck", "shot", "fought", "fell", "held", "left", "lost", "won", "led", "fled", "met", "sent",
    "saw", "gave", "broke", "drove", "overran", "ran", "brought", "built", "caught", "flew", "threw",
    "withdrew", "rose", "stood", "made", "knew", "thought", "spoke", "wrote", "became", "blew", "bore",
    "dealt", "found", "got", "hid", "kept", "laid", "lay", "meant", "paid", "sank", "sought", "spent",
    "stole", "swore", "tore", "underwent", "woke", "wore", "wept",
)  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so that "sept" wins over "sep"."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(w.replace(" ", r"\s+").replace(".", r"\.") for w in ordered) + ")"


def number_value(words: str) -> int | None:
    """The integer a number phrase means ("twenty-four", "a couple of", "12"); None when vague."""
    words = " ".join(words.lower().replace(",", "").replace("-", " ").split())
    if words.replace(".", "", 1).isdigit():
        return int(float(words))
    if words in NUMBERS:
        return NUMBERS[words]
    parts = words.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS and NUMBERS[parts[0]] >= 20:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None
