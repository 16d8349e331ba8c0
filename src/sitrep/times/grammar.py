"""The time-expression grammar: one regex per kind of expression, following TimeML extents.

Extents include determiners and modifiers ("the past four years", "last week", "early
September", "two days ago", "at least 30 days") and leave out the prepositions that govern
them ("in", "on", "since", "over the ..."), as TimeBank does. Everything is matched
case-insensitively; month names are checked for a capital afterwards ("may" the verb).
"""

from __future__ import annotations

import re

from sitrep.times.lexicon import (
    IRREGULAR_PAST,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBERS,
    ORDINALS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    alternation,
)

MONTH = "(?:" + alternation(MONTHS) + "|" + alternation(MONTH_ABBREVIATIONS) + r"\.?)"
WEEKDAY = alternation(WEEKDAYS)
ANY_WEEKDAY = "(?:" + alternation(WEEKDAYS) + "|" + alternation(WEEKDAY_ABBREVIATIONS) + r"\.?)"
DIGITS = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"
NUMBER = "(?:" + DIGITS + "|" + r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|" + alternation(NUMBERS) + "|" + alternation(VAGUE_NUMBERS) + ")"  # fmt: skip
UNIT = r"(?:centuries|" + alternation(UNITS) + "s?)"
YEAR = r"(?:1[6-9]|20)\d\d"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
PART = alternation(PARTS_OF_DAY)
# Modifiers that narrow a period without changing its TIMEX3 value ("early September" is 1989-09).
POINT = r"(?:(?:the\s+)?(?:early|late|mid|middle\s+of|end\s+of|beginning\s+of|start\s+of|first\s+half\s+of|second\s+half\s+of)[\s-]+|mid-?)"
# TimeBank keeps bounds in a duration's extent ("at least 30 days") and leaves hedges out ("about").
APPROX = r"(?:nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|over(?!\s+the)|well\s+over|no\s+more\s+than)"
AGE = r"(?!-old|\s+old|-long)"
AFTER = r"(?![\w-])"
# A byline's clock time before its date ("Middle East 1730 28.04.2017") is not a year.
BYLINE_CLOCK = r"\s+[0-3]?\d[./-][01]?\d[./-](?:19|20)?\d\d(?!\d)"

RULES: dict[str, str] = {
    # "Wednesday 26 Oct 2016", "Nov. 4", "November 4, 2016", "Sun Apr 16 2017"
    "month_day": rf"(?:(?P<wd>{ANY_WEEKDAY}),?[^\S\n]+)?(?P<month>{MONTH})\s+(?P<day>{DAY})(?!\d)(?:,?\s+(?P<year>{YEAR}))?{AFTER}(?!:\d)",
    "day_month": rf"(?:(?P<wd>{ANY_WEEKDAY}),?[^\S\n]+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?{AFTER}",
    # Ranges are two expressions, as TimeBank marks "April 24 and 25": "1-5 November", "November 3-4"
    "day_range": rf"(?P<d1>{DAY})\s*(?:-|\u2013|to|and|until|through)\s*(?P<d2>{DAY})(?:\s+of)?\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?{AFTER}",
    "month_range": rf"(?P<month>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|\u2013|to|and|until|through)\s*(?P<d2>{DAY})(?!\d)(?:,?\s+(?P<year>{YEAR}))?{AFTER}",
    # "the first week of November": the ISO week holding that month's first (second ...) seven days
    "week_of_month": rf"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?{AFTER}",
    "iso_date": r"(?<![\d-])(?P<year>(?:19|20)\d\d)(?P<sep>[-/])(?P<month>[01]\d)(?P=sep)(?P<day>[0-3]\d)(?![\d-])",
    "numeric_date": r"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\w/-])",
    # "early September", "last April", "June last year", "July 1988", "the middle of October"
    "month": rf"(?P<point>{POINT})?(?:(?P<rel>last|next|this|this\s+past)\s+)?(?P<month>{MONTH})(?:(?:\s+of|,)?\s+(?P<year>{YEAR})|\s+(?P<yrel>last|this|next)\s+year)?{AFTER}",
    # "1988", "fiscal 1989", "the early 1990s", "mid-2015", "the end of 2012"
    "year": rf"(?P<point>{POINT})?(?:(?P<fiscal>fiscal|the\s+year)\s+)?(?P<the>the\s+(?=\S+s\b))?(?P<year>{YEAR})(?P<decade>'?s)?(?![\d,.%]\d|\s*%|\s*per\s*cent|-\d|{BYLINE_CLOCK})",
    # "the '80s", "the 70s", "'82": two-digit years and decades need an apostrophe or a determiner (not "his 30s")
    "short_year": rf"(?:(?P<point>{POINT})|the\s+)'?(?P<decade>\d0)'?s(?![\w-])|(?<![\w'])'(?P<yy>\d\d)(?![\w'-])",
    # "earlier Friday", "later today": TimeBank leaves the comparison out, keeps "early" and "late"
    "weekday": rf"(?:(?P<rel>last|next|this|this\s+coming|this\s+past|early|late)\s+)?(?P<wd>{WEEKDAY})(?:s(?=\s+[a-z]))?(?:\s+(?P<part>{PART}))?{AFTER}",
    "deictic": rf"(?:the\s+day\s+(?P<around>before|after)\s+)?(?:(?:early|late)\s+)?(?P<word>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{PART}))?{AFTER}",
    "part_of_day": rf"(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+last|later\s+this|earlier\s+this)\s+(?P<part>{PART}){AFTER}",
    # "this week", "last month", "earlier this year", "the past year", "next quarter", "last summer"
    "relative": rf"(?P<point>{POINT}|(?:earlier|later)\s+)?(?P<rel>this|last|next|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+current|the\s+next|past|previous|coming|current)\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|{alternation(SEASONS)}){AFTER}",
    # "summer 2015"; a bare season only after a preposition ("in the spring"), "fall" never bare
    "season": rf"(?P<point>{POINT})?(?:the\s+)?(?P<season>{alternation(SEASONS)})(?:\s+of)?\s+(?P<year>{YEAR}){AFTER}|(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s))(?:{POINT})?(?:the\s+)?(?P<bare>spring|summer|autumn|winter){AFTER}",
    "quarter": rf"(?:the\s+(?=(?:\d{{4}}\s+)?(?:fiscal\s+|calendar\s+)?\w+\s+(?:fiscal\s+)?quarter))?(?:(?P<y1>{YEAR})\s+)?(?:fiscal\s+|calendar\s+)?(?P<ord>{alternation(ORDINALS)})[\s-]+(?:fiscal\s+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?:(?P<year>{YEAR})|(?P<yrel>this|last|next)\s+year))?{AFTER}",
    "quarter_code": rf"(?P<ord>Q[1-4])(?:\s+(?P<year>{YEAR}))?{AFTER}",
    "same_quarter": r"(?:the\s+)?(?:year-(?:earlier|ago)|corresponding|latest)\s+(?:quarter|period)(?![\w-])|year-(?:earlier|ago)(?![\w-])|a\s+year\s+(?:earlier|ago)(?![\w-])|the\s+quarter(?![\w-])",
    # "two days ago", "a year earlier", "nearly four years ago", "a decade ago"
    "ago": rf"(?:{APPROX}\s+)?(?:(?P<num>{NUMBER})\s+)?(?P<unit>{UNIT})\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|from\s+now)(?!\w)",
    # "the past four years", "at least 30 days", "18 months", "the first nine months", "51 years old"
    "duration": rf"(?:{APPROX}\s+)?(?:the\s+)?(?:(?P<rel>past|last|next|previous|coming|first|final|following|initial|remaining)\s+)?(?P<num>{NUMBER})\s+(?:(?:more|additional|full|long|straight|consecutive|trading|business|working)\s+)?(?P<unit>{UNIT}){AGE}{AFTER}(?!(?<=quarters)\s+of\b)",
    # "27-year", "five-hour", "9-month-old", "decades-long"
    "duration_adjective": rf"(?P<num>{NUMBER})-(?P<unit>{UNIT})(?<!quarters){AGE}{AFTER}",
    "vague_duration": rf"(?:(?:the\s+)?(?P<rel>past|coming|next|recent)\s+|the\s+last\s+|(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s))(?P<unit>(?:minutes|hours|days|weeks|months|years|decades|centuries)(?:\s+or\s+(?:days|weeks|months|years))?){AFTER}",
    "vague_adjective": r"(?P<unit>days|weeks|months|years|decades)-(?:long|old)\b",
    "set": rf"(?P<every>every|each)\s+(?P<unit>day|week|month|year|quarter|{WEEKDAY}|{MONTH})(?!\w)|(?P<adverb>daily|weekly|monthly|annually|yearly|hourly)(?!\w)",
    "reference": alternation(REFERENCES) + r"(?![\w-])|(?<=\bin\s)future\b",
    "weekend": r"the\s+weekend\b",
    "holiday": rf"(?:(?P<rel>last|next|this)\s+)?(?P<name>christmas(?:\s+(?:day|eve))?|new\s+year'?s(?:\s+(?:day|eve))|thanksgiving(?:\s+day)?)(?:\s+(?P<year>{YEAR}))?{AFTER}",
    "clock": r"(?:(?:around|about|at\s+about|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)(?:\s+(?:local\s+time|(?-i:(?P<zone>[A-Z]{3}))\b))?|(?P<hour24>[01]?\d|2[0-3]):?(?P<minute24>[0-5]\d)(?!\d)(?:\s+(?:hrs|hours|local\s+time|(?P<zone24>GMT|UTC|Z)\b))?|(?P<word>noon|midnight|midday)",
    # Reporting periods: "the year ended March 31" is a year's span; "for the year" is the current one
    "fiscal_year": r"(?:the\s+)?(?:fiscal\s+)?year(?=\s+end(?:ed|ing)\b)|(?:(?<=\bfor\s)|(?<=\bof\s))the\s+(?:full\s+|fiscal\s+)?year(?!\s+(?:before|after|earlier|ago|later)\b)(?![\w-])",
    # Anaphora: "later that year", "the following day", "the same day": the last date named, shifted
    "anaphora": r"(?:(?:later|earlier)\s+)?(?P<rel>that|that\s+same|the\s+same|the\s+following|the\s+next|the\s+previous)\s+(?P<unit>year|day|morning|evening|night)(?![\w-])",
    # "year-end", "by the end of the month", "earlier in the year": the current period
    "period_end": r"(?:year[-\s]end|year's\s+end|(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+the\s+(?P<unit>year|month)|earlier\s+in\s+the\s+year|the\s+full\s+year)(?![\w-])",
    # Spoken years in broadcast transcripts: "nineteen ninety-six", "the year two thousand"
    "spoken_year": r"(?:the\s+year\s+)?(?P<century>nineteen|twenty)\s+(?P<tens>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?P<unit>one|two|three|four|five|six|seven|eight|nine))?(?![\w-])|(?:the\s+year\s+)?two\s+thousand(?:\s+and)?(?:\s+(?P<unit2>one|two|three|four|five|six|seven|eight|nine|ten))?(?![\w-])",
    "century": rf"(?:the\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)[\s-]+century{AFTER}",
}

# Every expression starts at a word boundary; saying so first lets the scan skip inside words fast.
COMPILED = {name: re.compile(r"\b(?:" + pattern + ")", re.IGNORECASE) for name, pattern in RULES.items()}

# The costliest rules only run near a word every match of theirs must contain: a cheap scan for the
# word first, then the rule within WINDOW characters around each.
TRIGGERS = {
    "month": re.compile(r"\b" + MONTH, re.IGNORECASE),
    "unit": re.compile(r"\b" + UNIT, re.IGNORECASE),
    "period": re.compile(r"\b(?:" + UNIT + "|" + alternation(SEASONS) + ")", re.IGNORECASE),
    "weekday": re.compile(r"\b" + WEEKDAY, re.IGNORECASE),
    "digit": re.compile(r"\d"),
}
GATES = {
    **dict.fromkeys(
        ("month_day", "day_month", "day_range", "month_range", "week_of_month", "month"), "month"
    ),
    **dict.fromkeys(("ago", "duration", "duration_adjective"), "unit"),
    **dict.fromkeys(("relative", "season", "quarter", "vague_duration", "vague_adjective"), "period"),
    **dict.fromkeys(("iso_date", "numeric_date", "year", "short_year", "century"), "digit"),
    "weekday": "weekday",
}
WINDOW = (60, 40)  # characters before and after a trigger word

# Words near a date that tell a future reading from the default past one in news ("will meet on Tuesday").
# Only a modal, a plan or a schedule moves a bare weekday forward: "said Tuesday it would" stays past,
# and "next to" is a place.
STRONG_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going\s+to|scheduled|plans?|planned|planning|expected\s+to|set\s+to|is\s+to|are\s+to|due|as\s+(?:early|soon)\s+as|until|till)\b|'ll\b",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|wo(?=n't)|going\s+to|expected|scheduled|plans?|planned|planning|upcoming|due|would|could|might|set\s+to|is\s+to|are\s+to|to\s+be\s+held|tomorrow|next(?!\s+to\b)|as\s+(?:early|soon)\s+as|by|until|till)\b|'ll\b",
    re.IGNORECASE,
)
PAST_CUE = re.compile(
    r"\b(?:" + alternation(IRREGULAR_PAST) + r"|says|ago|yesterday|last|earlier|\w+ed)\b",
    re.IGNORECASE,
)
# A sentence ends at . ! ? before a space, unless the word before is an abbreviation ("a.m.", "Gen.", "U.S.").
SENTENCE_END = re.compile(
    r"(?<![\s.][a-zA-Z])(?<!\b(?:Mr|Dr|St|Lt|No|Co|vs))(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Inc|Ltd))(?<!\bSept)[.!?]\s|\n"
)
