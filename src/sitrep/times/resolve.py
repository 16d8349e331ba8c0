"""Turn a grammar match into a TIMEX3 value and type, anchored on the publication date.

News reports mostly look back: a bare "Tuesday" or "April" is the most recent one before
publication unless the sentence speaks of the future ("will meet on Tuesday"). Without a
publication date, weekdays and months without a year keep X placeholders (XXXX-WXX-2,
XXXX-04) and other relative expressions get the empty value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sitrep.times.grammar import FUTURE_CUE, PAST_CUE, SENTENCE_END, STRONG_FUTURE_CUE
from sitrep.times.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINALS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    UNITS,
    WEEKDAYS,
    number_value,
)

Resolved = tuple[str, str]  # (value, type)
Found = tuple[int, int, str, str]  # (start, end, value, type)

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass
class Context:
    """What one document's expressions are resolved against."""

    text: str
    published: dt.date | None
    last_quarter: int | None = None  # the quarter last named, for "a year earlier" in earnings news
    last_date: str = ""  # the last calendar value resolved, for "later that year", "the next day"
    entity_labels: dict[int, str] = field(default_factory=dict)  # spaCy entity label by start offset
    sdoc: Any = None  # the spaCy parse, when given: its verbs tell tense better than cue words
    _bounds: list[int] = field(default_factory=list)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence around [start, end), found by punctuation alone."""
        if not self._bounds:
            self._bounds = [0, *(m.end() for m in SENTENCE_END.finditer(self.text)), len(self.text)]
        i = bisect.bisect_right(self._bounds, start) - 1
        j = bisect.bisect_left(self._bounds, end)
        return self._bounds[max(i, 0)], self._bounds[min(j, len(self._bounds) - 1)]

    def tense(self, start: int, end: int, strong: bool = False) -> int:
        """1 when [start, end) is read in a future sentence, -1 past, 0 unknown.

        The verb governing the expression decides when there is a parse; otherwise, or when it
        cannot tell, the nearest tense cue word in the sentence does.
        """
        if self.sdoc is not None and (parsed := verb_tense(self.sdoc, start, end)):
            return parsed
        lo, hi = self.sentence(start, end)
        best: tuple[int, int] | None = None
        for cue, tense in ((STRONG_FUTURE_CUE if strong else FUTURE_CUE, 1), (PAST_CUE, -1)):
            for m in cue.finditer(self.text, lo, hi):
                if start <= m.start() < end:
                    continue
                distance = start - m.end() if m.end() <= start else m.start() - end
                if best is None or distance < best[0]:
                    best = (distance, tense)
        return best[1] if best else 0

    def future(self, start: int, end: int, strong: bool = False) -> bool:
        return self.tense(start, end, strong) > 0


_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "going"}
_PLAN_VERBS = {
    "plan",
    "expect",
    "schedule",
    "set",
    "due",
    "intend",
    "aim",
    "hope",
    "want",
    "agree",
    "decide",
    "prepare",
}


def verb_tense(sdoc: Any, start: int, end: int) -> int:
    """The tense of the verb governing the expression at [start, end) in a spaCy parse (0 unknown).

    Possessives ("Friday's ruling") and deadlines ("until Tuesday") are left to the cue words.
    """
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or (span.end < len(sdoc) and sdoc[span.end].tag_ == "POS"):
        return 0
    token = span.root
    if token.head.lower_ in ("until", "till", "by", "before"):
        return 0
    through_infinitive = False
    for _ in range(8):  # climb to the governing verb, through prepositions and infinitives
        if token.head is token:
            break
        token = token.head
        if not token.tag_.startswith("VB"):
            continue
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX:
            return 1
        if token.lemma_ in ("plan", "schedule") or (through_infinitive and token.lemma_ in _PLAN_VERBS):
            return 1  # "scheduled a news conference Thursday", "is expected to resume on Tuesday"
        if "to" in auxes:
            through_infinitive = True
            continue  # an infinitive takes its time from the verb it depends on
        if token.tag_ == "VBD" or auxes & {"had", "has", "have", "did", "was", "were"}:
            return -1
        return 0
    return 0


def month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def duration(count: int | None, unit: str) -> str:
    unit = unit.lower().rstrip("s").replace("centurie", "century")
    time_part, letter, scale = UNITS[unit]
    amount = "X" if count is None else str(round(count * scale))
    if count is None and unit == "century":  # vague decades stay PXY, as TimeBank and MEANTIME write them
        letter = "CE"
    return f"P{time_part}{amount}{letter}"


# How much farther a date after publication seems than one before it, by the sentence's tense:
# reports look back, and a past-tense verb makes a later date all but impossible.
_AFTER_WEIGHT = {1: 1, 0: 2, -1: 4}


def _nearest(pub: dt.date, candidates: list[dt.date], tense: int) -> dt.date:
    """The candidate nearest to publication, dates after it weighed by the tense."""
    weight = _AFTER_WEIGHT[tense]
    return min(candidates, key=lambda day: (day - pub).days * weight if day > pub else (pub - day).days)


def resolve_day(ctx: Context, month: int, day: int, start: int, end: int) -> str:
    """A day of a month given without its year: the nearest such day, looking back by default."""
    pub = ctx.published
    if pub is None:
        return f"XXXX-{month:02d}-{day:02d}"
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # February 29
            continue
    if not candidates:
        return ""
    return _nearest(pub, candidates, ctx.tense(start, end)).isoformat()


def resolve_month(ctx: Context, month: int, rel: str | None, start: int, end: int) -> str:
    pub = ctx.published
    if pub is None:
        return f"XXXX-{month:02d}"
    year = pub.year
    if rel in ("last", "this past"):
        year -= month >= pub.month
    elif rel == "next":
        year += month <= pub.month
    elif rel != "this":
        this_month = pub.replace(day=1)
        candidates = [dt.date(y, month, 1) for y in (pub.year - 1, pub.year, pub.year + 1)]
        year = _nearest(this_month, candidates, ctx.tense(start, end)).year
    return f"{year}-{month:02d}"


def resolve_weekday(ctx: Context, weekday: int, rel: str | None, start: int, end: int) -> str:
    pub = ctx.published
    if pub is None:
        return f"XXXX-WXX-{weekday}"
    back = (pub.isoweekday() - weekday) % 7
    if rel in ("next", "this coming"):
        return (pub + dt.timedelta(days=(weekday - pub.isoweekday()) % 7 or 7)).isoformat()
    if rel in ("last", "this past"):
        return (pub - dt.timedelta(days=back or 7)).isoformat()
    if back and ctx.future(start, end, strong=True):
        return (pub + dt.timedelta(days=7 - back)).isoformat()
    return (pub - dt.timedelta(days=back)).isoformat()


def resolve_unit(pub: dt.date, unit: str, offset: int) -> str:
    """The calendar unit around the publication date, shifted by offset units."""
    if unit == "week":
        return iso_week(pub + dt.timedelta(weeks=offset))
    if unit == "weekend":
        return iso_week(pub + dt.timedelta(weeks=offset)) + "-WE"
    if unit == "month":
        year, month = shift_month(pub.year, pub.month, offset)
        return f"{year}-{month:02d}"
    if unit == "quarter":
        index = pub.year * 4 + quarter_of(pub) - 1 + offset
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "year":
        return str(pub.year + offset)
    if unit == "decade":
        return str(pub.year // 10 + offset)
    if unit == "century":
        return str(pub.year // 100 + offset)
    return season_of(pub, SEASONS[unit], offset)


def latest_season(pub: dt.date, season: str) -> tuple[int, bool]:
    """The year the latest season of a kind began by publication, and whether it is still on."""
    start = _SEASON_START[season]
    year = pub.year if pub.month >= start else pub.year - 1
    return year, pub < dt.date(year, start, 1) + dt.timedelta(days=92)


def season_of(pub: dt.date, season: str, offset: int) -> str:
    """This (0), last (-1) or next (1) season of a kind, seen from the publication date."""
    latest, ongoing = latest_season(pub, season)
    if offset == 0:
        return f"{latest if ongoing else pub.year}-{season}"
    if offset < 0:
        return f"{latest - 1 if ongoing else latest}-{season}"
    return f"{latest + 1}-{season}"


def ago(pub: dt.date, count: int, unit: str) -> str:
    """The date `count` units before publication, at the granularity of the unit."""
    unit = unit.lower().rstrip("s").replace("centurie", "century")
    if unit in ("second", "minute", "hour"):
        return pub.isoformat()
    if unit in ("day", "night"):
        return (pub - dt.timedelta(days=count)).isoformat()
    if unit in ("week", "fortnight"):
        return iso_week(pub - dt.timedelta(weeks=count * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        year, month = shift_month(pub.year, pub.month, -count)
        return f"{year}-{month:02d}"
    if unit == "quarter":
        return resolve_unit(pub, "quarter", -count)
    return str(pub.year - count * {"year": 1, "decade": 10, "century": 100}[unit])


def _g(m: re.Match[str], name: str | int) -> str | None:
    value = m.group(name)
    return " ".join(value.lower().split()) if value else None


def month_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    if not is_capitalised(m["month"]) and not m["year"]:
        return None
    month, day = month_number(m["month"]), int(re.sub(r"\D", "", m["day"]))
    if m["year"]:
        try:
            return dt.date(int(m["year"]), month, day).isoformat(), "DATE"
        except ValueError:  # "31 February 2016"
            return None
    value = resolve_day(ctx, month, day, m.start(), m.end())
    return (value, "DATE") if value else None


def day_range(m: re.Match[str], ctx: Context) -> list[Found] | None:
    """'1-5 November' and 'November 3-4': each day its own expression, the month read once."""
    if not is_capitalised(m["month"]):
        return None
    month = month_number(m["month"])
    days = [int(re.sub(r"\D", "", m[g])) for g in ("d1", "d2")]
    if not days[0] < days[1]:
        return None
    spans = [(m.start(), m.end("d1")), (m.start("d2"), m.end())]  # "November 3" + "4", "1" + "5 November"
    found: list[Found] = []
    for (start, end), day in zip(spans, days, strict=True):
        if m["year"]:
            try:
                value = dt.date(int(m["year"]), month, day).isoformat()
            except ValueError:
                return None
        else:
            value = resolve_day(ctx, month, day, m.start(), m.end())
        found.append((start, end, value, "DATE"))
    return found


def week_of_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    if not is_capitalised(m["month"]):
        return None
    month = month_number(m["month"])
    if m["year"]:
        year = int(m["year"])
    elif ctx.published is None:
        return "", "DATE"
    else:
        year = int(resolve_month(ctx, month, None, m.start(), m.end())[:4])
    ordinal = (_g(m, "ord") or "first").replace("final", "last")
    if ordinal == "last":
        day = dt.date(*shift_month(year, month, 1), 1) - dt.timedelta(days=4)
    else:
        day = dt.date(year, month, 1) + dt.timedelta(days=7 * (ORDINALS[ordinal] - 1) + 3)
    return iso_week(day), "DATE"


def numeric_date(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ISO dates and day-first numeric dates (the usage of the Middle East and Europe).

    A numeric date is read month-first only when it cannot be day-first ("11/23/2016").
    """
    month, day_of_month = int(m["month"]), int(m["day"])
    if month > 12 >= day_of_month:
        month, day_of_month = day_of_month, month
    try:
        day = dt.date(int(m["year"]), month, day_of_month)
    except ValueError:
        return None
    return day.isoformat(), "DATE"


def month(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m["month"]
    lower = word.lower().rstrip(".")
    if not is_capitalised(word):
        return None
    if lower == "may" and not (
        m["year"] or m["rel"] or m["point"] or _preceded_by_preposition(ctx.text, m.start())
    ):
        return None  # "May" alone is mostly the verb
    if lower in MONTH_ABBREVIATIONS and not m["year"]:
        return None  # "Mar", "Dec" alone are names more often than months
    number = month_number(word)
    if m["year"]:
        return f"{m['year']}-{number:02d}", "DATE"
    pub = ctx.published
    if m["yrel"]:
        if pub is None:
            return "", "DATE"
        return (
            f"{pub.year + {'last': -1, 'this': 0, 'next': 1}[_g(m, 'yrel') or 'this']}-{number:02d}",
            "DATE",
        )
    return resolve_month(ctx, number, _g(m, "rel"), m.start(), m.end()), "DATE"


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|since|of|until|till|by|from|during|last|early|late|mid|before|after|through)\s+$", re.I
)


def _preceded_by_preposition(text: str, start: int) -> bool:
    return bool(_PREPOSITION_BEFORE.search(text, max(0, start - 12), start))


def year(m: re.Match[str], ctx: Context) -> Resolved | None:
    text = ctx.text
    before = text[max(0, m.start() - 2) : m.start()]
    if before.endswith(("$", "#", "£", "€")) or re.search(r"\d[,.]?\s?$", before):
        return None
    after = text[m.end() : m.end() + 25]
    label = ctx.entity_labels.get(m.start("year"))
    if label in _NOT_DATE_LABELS:
        return None
    if label is None and not (m["point"] or m["fiscal"] or m["decade"]) and _YEAR_NOT_DATE.match(after):
        return None
    digits = m["year"]
    if m["decade"]:
        return digits[:3], "DATE"
    if ctx.last_quarter and _PERIOD_AFTER.match(after):  # "the 1988 period": that year's quarter in question
        return f"{digits}-Q{ctx.last_quarter}", "DATE"
    return digits, "DATE"


_PERIOD_AFTER = re.compile(r"\s+(?:period|quarter)\b", re.IGNORECASE)


# spaCy's word on a four-digit number, when a parse is given, outranks the noun heuristic below.
_NOT_DATE_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "PRODUCT"}

# A four-digit number followed by a counted noun or a unit is a quantity ("2000 people").
_YEAR_NOT_DATE = re.compile(
    r"\s*(?:[a-z]+s\b(?<!\bwas)(?<!\bhas)(?<!\bis)(?<!\bthis)(?<!\bits)(?<!\bas)|km|kilomet|met(?:er|re)|feet|miles?|tons?|kg|mm|dollars|euros|pounds|troops|people|members|men|fighters|civilians|soldiers|rebels|families|homes|residents|refugees|hectares|barrels|shares)",
)


def short_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """Two digits name the latest such year or decade that is not after publication."""
    this_year = (ctx.published or dt.date.today()).year
    digits = m["decade"] or m["yy"]
    century = this_year // 100 * 100
    year = century + int(digits) if century + int(digits) <= this_year else century - 100 + int(digits)
    return (str(year)[:3] if m["decade"] else str(year)), "DATE"


def weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    if not is_capitalised(m["wd"]):
        return None
    number = WEEKDAYS[m["wd"].lower()]
    # "Friday night" keeps the day's value, as TimeBank mostly codes it: the day is what events need.
    return resolve_weekday(ctx, number, _g(m, "rel"), m.start(), m.end()), "DATE"


def deictic(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    word = _g(m, "word") or ""
    if pub is None:
        return "", "DATE"
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    offset += {"before": -1, "after": 1, None: 0}[_g(m, "around")]
    value = (pub + dt.timedelta(days=offset)).isoformat()
    if m["part"]:
        return f"{value}T{PARTS_OF_DAY[_g(m, 'part') or 'morning']}", "TIME"
    return value, "DATE"


def part_of_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    if pub is None:
        return "", "TIME"
    rel = _g(m, "rel") or ""
    offset = -1 if rel.endswith(("last", "yesterday")) else 1 if rel == "tomorrow" else 0
    return (
        f"{(pub + dt.timedelta(days=offset)).isoformat()}T{PARTS_OF_DAY[_g(m, 'part') or 'morning']}",
        "TIME",
    )


def relative(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    rel, unit = _g(m, "rel") or "", _g(m, "unit") or ""
    if pub is None:
        return "", "DATE"
    if rel.startswith("the") and unit == "decade":
        return "P10Y", "DURATION"
    offset = {"next": 1, "coming": 1, "the coming": 1, "the next": 1}.get(rel, 0)
    if rel in ("last", "the last", "past", "the past", "previous", "the previous"):
        offset = -1
    if unit in SEASONS:
        return season_of(pub, SEASONS[unit], offset), "DATE"
    if unit == "quarter":
        ctx.last_quarter = int(resolve_unit(pub, "quarter", offset)[-1])
    return resolve_unit(pub, unit, offset), "DATE"


def season(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m["year"]:
        return f"{m['year']}-{SEASONS[_g(m, 'season') or 'summer']}", "DATE"
    if ctx.published is None:
        return "", "DATE"
    kind = SEASONS[_g(m, "bare") or "summer"]
    latest, ongoing = latest_season(ctx.published, kind)
    # A bare season is the latest one begun, unless the sentence looks ahead to one not yet begun.
    if ctx.future(m.start(), m.end()) and not ongoing:
        latest += 1
    return f"{latest}-{kind}", "DATE"


def quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    number = ORDINALS.get(_g(m, "ord") or "", 0) or int((m["ord"] or "Q0")[-1])
    explicit = m["year"] or m.groupdict().get("y1")
    pub = ctx.published
    ctx.last_quarter = number
    if m.groupdict().get("yrel") and pub is not None:
        explicit = str(pub.year + {"last": -1, "this": 0, "next": 1}[_g(m, "yrel") or "this"])
    if explicit:
        return f"{explicit}-Q{number}", "DATE"
    if pub is None:
        return f"XXXX-Q{number}", "DATE"
    year = pub.year
    if number > quarter_of(pub) and ctx.tense(m.start(), m.end()) < 0:
        year -= 1
    return f"{year}-Q{number}", "DATE"


def same_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'a year earlier', 'the year-ago period', 'the quarter': earnings-report anaphora.

    They point to the quarter last named; with none named, a year back is the previous year.
    """
    pub = ctx.published
    phrase = _g(m, 0) or ""
    if pub is None:
        return None
    year_back = "year" in phrase
    if ctx.last_quarter is None:
        if year_back:
            return str(pub.year - 1), "DATE"
        # "the latest quarter" with none named yet: the last one completed before publication
        return resolve_unit(pub, "quarter", -1), "DATE"
    year = pub.year - year_back - (ctx.last_quarter > quarter_of(pub))
    return f"{year}-Q{ctx.last_quarter}", "DATE"


def weekend(m: re.Match[str], ctx: Context) -> Resolved | None:
    """'the weekend' in news: the one just past, or the coming one in a future sentence."""
    pub = ctx.published
    if pub is None:
        return "", "DATE"
    saturday = pub - dt.timedelta(days=(pub.isoweekday() - 6) % 7)
    if ctx.future(m.start(), m.end()) and pub.isoweekday() < 6:
        saturday += dt.timedelta(days=7)
    return iso_week(saturday) + "-WE", "DATE"


def holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    name = _g(m, "name") or ""
    if name.startswith("thanksgiving"):
        month, day = 11, 0
    elif name.startswith("new year"):
        month, day = (12, 31) if name.endswith("eve") else (1, 1)
    else:
        month, day = 12, 24 if name.endswith("eve") else 25
    pub = ctx.published
    if m["year"]:
        year = int(m["year"])
    elif pub is None:
        return (f"XXXX-{month:02d}-{day:02d}" if day else ""), "DATE"
    else:
        rel = _g(m, "rel")
        year = pub.year + {"last": -1, "next": 1}.get(rel or "", 0)
        if rel is None and (month, day or 28) > (pub.month, pub.day) and not ctx.future(m.start(), m.end()):
            year -= 1
    if not day:  # the fourth Thursday of November
        first = dt.date(year, 11, 1)
        day = 1 + (4 - first.isoweekday()) % 7 + 21
    return f"{year}-{month:02d}-{day:02d}", "DATE"


def ago_phrase(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    count = number_value(m["num"]) if m["num"] else None
    direction = _g(m, "dir") or ""
    if count is None:
        return ("FUTURE_REF" if direction == "from now" else "PAST_REF"), "DATE"
    if pub is None:
        return "", "DATE"
    if direction == "from now":
        return ago(pub, -count, m["unit"]), "DATE"
    if direction == "earlier" and (m["unit"].lower().startswith("year")) and ctx.last_quarter and count == 1:
        return f"{pub.year - 1 - (ctx.last_quarter > quarter_of(pub))}-Q{ctx.last_quarter}", "DATE"
    return ago(pub, count, m["unit"]), "DATE"


# "$55 a night", "358,000 a month", "twice a week": a rate, not a time expression.
_RATE_BEFORE = re.compile(r"(?:\d\S*|once|twice|times)\s+$", re.IGNORECASE)


def duration_phrase(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = m["unit"].lower()
    number = m["num"].lower()
    if number in ("a", "an") and _RATE_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()):
        return None
    if number in ("a", "an", "some", "many") and unit.endswith("s") and unit != "centuries":
        return None  # "a days" is no phrase; "some years" is left to the vague rule
    if unit.startswith("second") and number in ("a", "one"):
        return None  # "a second attack"
    return duration(number_value(m["num"]), unit), "DURATION"


def vague_duration(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = (_g(m, "unit") or "").split()[0]
    return duration(None, unit), "DURATION"


_SET_ADVERBS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def set_phrase(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m["adverb"]:
        return _SET_ADVERBS[m["adverb"].lower()], "SET"
    unit = m["unit"].lower()
    if unit in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS[unit]}", "SET"
    if unit.rstrip(".") in MONTHS or unit.rstrip(".") in MONTH_ABBREVIATIONS:
        return f"XXXX-{month_number(unit):02d}", "SET"
    return duration(1, unit), "SET"


def reference(m: re.Match[str], ctx: Context) -> Resolved | None:
    return REFERENCES.get(_g(m, 0) or "", "FUTURE_REF"), "DATE"  # the one word not listed is "(in) future"


def clock(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    if m["word"]:
        hour, minute = (0, 0) if m["word"].lower() == "midnight" else (12, 0)
    elif m["hour24"]:
        hour, minute = int(m["hour24"]), int(m["minute24"])
        has_colon = ":" in m.group(0)
        suffixed = m.group(0).lower().endswith(("hrs", "hours", "gmt", "utc", "time", "z"))
        if not (suffixed or (has_colon and _preceded_by_at(ctx.text, m.start()))):
            # "3:1" scores and ratios: a 24-hour time needs "at" before it, or a zone after ("0800 GMT")
            return None
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if hour > 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    day = pub.isoformat() if pub else "XXXX-XX-XX"
    zone = "Z" if (m["zone"] or m["zone24"] or "").upper() in ("GMT", "UTC", "Z") else ""
    return f"{day}T{hour:02d}:{minute:02d}{zone}", "TIME"


def _preceded_by_at(text: str, start: int) -> bool:
    return text[max(0, start - 3) : start].lower() == "at "


def fiscal_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.text.startswith(" end", m.end()):
        return "P1Y", "DURATION"
    return (str(ctx.published.year), "DATE") if ctx.published else ("", "DATE")


def anaphora(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel, unit = _g(m, "rel") or "", _g(m, "unit") or ""
    shift = 1 if rel in ("the following", "the next") else -1 if rel == "the previous" else 0
    last = ctx.last_date
    if unit == "year":
        return (str(int(last[:4]) + shift), "DATE") if re.match(r"\d{4}", last) else None
    if not re.match(r"\d{4}-\d\d-\d\d", last):
        return None
    day = dt.date.fromisoformat(last[:10]) + dt.timedelta(days=shift)
    return day.isoformat(), "DATE"


def period_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    pub = ctx.published
    if pub is None:
        return "", "DATE"
    if _g(m, "unit") == "month":
        return f"{pub.year}-{pub.month:02d}", "DATE"
    return str(pub.year), "DATE"


_SPOKEN = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "one": 1, "two": 2, "three": 3, "four": 4,
           "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}  # fmt: skip


def spoken_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m["century"]:
        century = 1900 if m["century"].lower() == "nineteen" else 2000
        return str(century + _SPOKEN[m["tens"].lower()] + _SPOKEN.get((m["unit"] or "").lower(), 0)), "DATE"
    return str(2000 + _SPOKEN.get((m["unit2"] or "").lower(), 0)), "DATE"


def century(m: re.Match[str], ctx: Context) -> Resolved | None:
    return f"{int(m['n']) - 1:02d}", "DATE"


# Rules whose one match holds several expressions.
SPLITTING_HANDLERS = {"day_range": day_range, "month_range": day_range}

HANDLERS = {
    "week_of_month": week_of_month,
    "month_day": month_day,
    "day_month": month_day,
    "iso_date": numeric_date,
    "numeric_date": numeric_date,
    "month": month,
    "year": year,
    "short_year": short_year,
    "weekday": weekday,
    "deictic": deictic,
    "part_of_day": part_of_day,
    "relative": relative,
    "season": season,
    "quarter": quarter,
    "quarter_code": quarter,
    "same_quarter": same_quarter,
    "weekend": weekend,
    "holiday": holiday,
    "ago": ago_phrase,
    "duration": duration_phrase,
    "duration_adjective": duration_phrase,
    "vague_duration": vague_duration,
    "vague_adjective": vague_duration,
    "set": set_phrase,
    "reference": reference,
    "clock": clock,
    "fiscal_year": fiscal_year,
    "anaphora": anaphora,
    "period_end": period_end,
    "spoken_year": spoken_year,
    "century": century,
}
