"""Fatality counts as ACLED codes them, read from the sentence an event rests on.

ACLED's rules: the number reported killed, in words or digits ("seven", "at least 12"); vague
quantities get fixed values (several/many -> 10, dozens -> 12, hundreds -> 100); 0 when the
text reports none; injured people are not fatalities.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitrep.events.cues import load_cues
from sitrep.times.lexicon import number_value as spelled_number

# ACLED's conventions for vague counts
VAGUE = {
    "several": 10, "many": 10, "numerous": 10, "scores": 12, "dozens": 12, "a dozen": 12, "dozen": 12,
    "hundreds": 100, "a hundred": 100, "a number": 10, "some": 10,
    # magnitudes no single event reaches: "a war which has killed hundreds of thousands" is no toll of 100
    "thousands": 1000, "tens of thousands": 10_000, "hundreds of thousands": 100_000,
}  # fmt: skip

NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+"
    r"|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|hundreds of thousands|tens of thousands|thousands|a hundred|hundreds|dozens"
    r"|a dozen|scores|several|many|numerous)"
)
QUALIFIER = (
    r"(?:at least |more than |over |about |around |nearly |almost |up to |some |an estimated |approximately "
    r"|between |a total of |a confirmed |a reported )?"  # "between 2-3": the lower figure, ACLED's lowest credible one
)
DEATH = (
    r"(?:killed|dead|died|deaths?|fatality|fatalities|lives|bodies|slain|executed|massacred|perished"
    r"|murdered|assassinated|beheaded|shot dead|shot and killed|shot to death|\w+ed to death|lynched)"
)
KILL_VERB = (
    r"(?:killed|killing|kills|kill|left|leaving|claimed|claiming|slaying|slew|murdered|murdering"
    r"|assassinated|assassinating|executed|executing|beheaded|beheading|shot dead)"
)
PERSON = (
    r"(?:man|woman|boy|girl|child|person|civilian|soldier|officer|policeman|driver|farmer|teacher|"
    r"journalist|student|resident|villager|worker|engineer|leader|member|militant|fighter|victim|"
    r"commander|guard|operator|trader|merchant|herder|doctor|nurse|priest|imam|activist|official|"
    r"son|daughter|brother|sister|father|mother|husband|wife|wives|relative|nephew|niece|cousin|"
    r"chief|head|director|mayor|governor|judge|lawyer|businessman|businesswoman|politician|councillor|"
    r"councilor|candidate|suspect|robber|thief|inmate|prisoner|detainee|hostage|pilot|cadre|agent|"
    r"gunman|attacker|assailant|rebel|insurgent|jihadist|policewoman|gendarme|ranger|chairman|elder|"
    r"sheikh|cleric|pastor|monk|youth|teenager|teen|infant|baby|toddler|citizen|national|owner|"
    r"shopkeeper|vendor|fisherman|miner|employee|staff member|volunteer|aid worker|health worker|"
    r"trafficker|dealer|smuggler|personnel|idp|refugee|figure|individual|male|female|lieutenant|captain|"
    r"colonel|sergeant|brigadier|corporal)"
)
# a person in the singular: "killing a woman", "a man was shot dead", "the victim died"
ONE_PERSON = rf"(?:a|an|one|the)\s+(?:[\w'-]+\s+){{0,3}}?{PERSON}"
# two people: "killing a woman and her son", "a farmer and his brother were killed"
TWO_PEOPLE = rf"{ONE_PERSON}\s+and\s+(?:his|her|their|a|an|one|another)\s+(?:[\w'-]+\s+){{0,2}}?{PERSON}"
# "killed seven Jordanian soldiers", "killing at least 12 people"
AFTER_VERB = re.compile(
    rf"\b{KILL_VERB}\s+(?:of\s+)?{QUALIFIER}(?P<n>{NUMBER})\b(?!\s*(?:km|kilomet|mile|percent|%|years?|days?|hours?))"
    r"(?P<tail>[^.;:]{0,40})",
    re.IGNORECASE,
)
# "killing 1 woman and 2 children": the people after the first count, and a second count of people
PEOPLE = rf"(?:{PERSON}s?|children|people|persons|men|women)"
AND_MORE = re.compile(
    rf"^\s+(?:[\w'-]+\s+){{0,2}}?{PEOPLE}\s+and\s+{QUALIFIER}(?P<n>{NUMBER})\s+(?:[\w'-]+\s+){{0,2}}?{PEOPLE}\b",
    re.IGNORECASE,
)
# "35 ISIS militants were killed", "13 soldiers were reportedly killed", "seven people died",
# "3 QSD and/or YPG fighters killed"
BEFORE_DEATH = re.compile(
    rf"\b{QUALIFIER}(?P<n>{NUMBER})\s+(?:[\w'/-]+\s+){{0,4}}?(?:(?:were|was|have been|had been|are|got)\s+)?"
    rf"(?:\w+ly\s+)?{DEATH}\b",
    re.IGNORECASE,
)


# who the people are, between them and their death: "a civilian from Deir-ez-Zor died", "the
# director of Al Shami hospital in Ariha city died"
WHO_THEY_ARE = r"(?:\s+(?:of|from)\s+(?:[\w'-]+\s+){0,5}?[\w'-]+)?"


def _deaths_of(people: str, auxiliaries: str) -> re.Pattern[str]:
    """ "killing <people>" or "<people> were killed", for a pattern naming the people."""
    return re.compile(
        rf"\b(?:{KILL_VERB}\s+{people}\b|{people}{WHO_THEY_ARE}\s+(?:(?:{auxiliaries})\s+)?(?:\w+ly\s+)?"
        rf"(?:{DEATH}|found dead)\b)",
        re.IGNORECASE,
    )


# "killing a woman", "shot and killed a taxi bike driver", "A man was killed", "the victim died"
SINGLE_DEATH = _deaths_of(ONE_PERSON, "was|has been|had been")
PAIR_DEATH = _deaths_of(TWO_PEOPLE, "were|have been|had been")
# "the body of a regime fighter was found", "the decapitated body of an Iranian fighter was found"
BODY_FOUND = re.compile(rf"\bbody\s+of\s+{ONE_PERSON}\b[^.;]{{0,80}}?\bfound\b", re.IGNORECASE)
# "a death toll of 112", "the toll rose to 112", "claimed the lives of 9"
TOLL = re.compile(
    rf"\b(?:toll\b[^.]{{0,120}}?\b(?:of|to|at|reached|hit)|lives of)\s+{QUALIFIER}(?P<n>{NUMBER})\b",
    re.IGNORECASE,
)
DEATH_WORD = re.compile(DEATH, re.IGNORECASE)
INJURY = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:injured|wounded|hurt)\b", re.IGNORECASE)
# the number after a killing verb counts the injured: "Two children killed 5 others injured"
INJURED_NEXT = re.compile(r"^\s*(?:(?!and\b)[\w-]+\s+)?(?:injured|wounded|hurt)\b", re.IGNORECASE)


# A coder's own figure, as ACLED's notes state it: "Several fatalities coded as 3", "Total
# fatalities coded to 10", "Total fatalities 18".
CODED = re.compile(
    r"\bfatalit(?:y|ies)\b[^.;]{0,60}?\bcoded (?:as|to) (?P<n>\d+)|\btotal fatalities:? (?P<total>\d+)\b",
    re.IGNORECASE,
)
# "Fatalities split between 2 events", "coded across 2 events", "spread between 2 locations"
SPLIT = re.compile(
    rf"\b(?:split|coded|spread|divided)\s+(?:equally\s+)?(?:across|between|among)\s+(?P<n>{NUMBER})\s+"
    r"(?:events|locations|days|incidents)\b",
    re.IGNORECASE,
)


# a coder's share for each of the events a total is split across: "with 8 coded to each event",
# "split, 5 each, between the two locations", "19 fatalities coded to each"
EACH = re.compile(r"\b(?P<n>\d+)\s+(?:fatalit(?:y|ies)\s+)?(?:coded\s+)?(?:to\s+)?each\b", re.IGNORECASE)
CODING_WORD = re.compile(r"\b(?:coded|split|spread)\b", re.IGNORECASE)


# a coder's share of a total at each place: "with 12 coded to Jabal al-Akrad, 11 to Tallat al Ballut",
# "split over 31 locations as follows: 3 Yaqed Eladas 2 Kafr Basin", "19 coded to fighting in the Manajir area"
PLACE_SHARE = re.compile(
    r"(?<![\w.,])(?P<n>\d+)\s*(?:fatalit(?:y|ies)\s+)?(?:(?:were\s+)?coded\s+)?(?:(?:to|in|at)\s+)?"
    r"(?:fighting\s+in\s+)?(?:the\s+)?(?:(?:village|town|city|area)\s+of\s+)?"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"(?P<place>[A-Z](?:[^\W\d_]|['’-])*(?:\s+(?:al|el|as|ad|ar|ash|at|az|an)?[\s-]*[A-Z](?:[^\W\d_]|['’-])*){0,4})"
)
SHARES_TOLD = re.compile(r"\b(?:coded|split|as follows)\b", re.IGNORECASE)


def coded_at_places(sentence: str) -> list[tuple[str, int]]:
    """The shares of a coder's total told place by place, as (place name, fatalities); [] when the
    sentence tells none."""
    if not SHARES_TOLD.search(sentence):
        return []
    return [(match.group("place"), int(match.group("n"))) for match in PLACE_SHARE.finditer(sentence)]


# a sentence that is a coder's statement of the toll, no report of a happening: "Unknown fatalities
# coded to 10 and split between the two events", "3 fatalities split between the three events"
CODERS_STATEMENT = re.compile(
    r"^\W*(?:(?:total|unknown|several|the)\s+)?(?:number\s+of\s+)?(?:\d+\s+)?fatalit(?:y|ies)\b[^.;]*?"
    r"\b(?:coded|split|spread)\b",
    re.IGNORECASE,
)


def coders_statement(sentence: str) -> bool:
    """Whether the sentence is a coder's statement of the toll rather than a report."""
    return bool(CODERS_STATEMENT.match(sentence))


def _share_of_each(sentence: str) -> int | None:
    """The share a coder gives each event of a split total ("with 8 coded to each event"), else None."""
    each = EACH.search(sentence)
    return int(each.group("n")) if each and CODING_WORD.search(sentence) else None


def coded_fatalities(sentence: str) -> int | None:
    """The figure a coder states for the event ("Unknown fatalities coded as 10", or its share "with
    8 coded to each event"), else None."""
    each = _share_of_each(sentence)
    if each is not None:
        return each
    match = CODED.search(sentence)
    return int(match.group("n") or match.group("total")) if match else None


def split_across(sentence: str) -> int | None:
    """Into how many events a stated total is split ("Fatalities split between 2 events"), else None;
    None too when the share of each is stated."""
    if _share_of_each(sentence) is not None:
        return None
    match = SPLIT.search(sentence)
    value = number_value(match.group("n")) if match else None
    return value if value and value > 1 else None


def number_value(text: str) -> int | None:
    """The value of a number written in digits, words or as a vague quantity."""
    text = text.strip().lower()
    return VAGUE[text] if text in VAGUE else spelled_number(text)


# a month's name or abbreviation; "May" only capitalised ("five may have died" names no month)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Numbers that are no count of people: dates ("23-04-2016", "28.04.2017", "2016", "Feb 26",
# "26 February", "the 3rd of March"), clock times ("17:30", "1730 GMT"), ages ("a 12-year-old
# boy", "aged 12") and units' numbers ("21 Brigade", "the 4th Division"). They are blanked before
# counting.
NOT_A_COUNT = re.compile(
    r"\b[0-3]?\d[-/.][01]?\d[-/.](?:19|20)?\d\d\b|\b(?:19|20)\d\d\b(?!,\d)|\b\d{1,2}:\d\d\b"
    rf"|\b{MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?\b|\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?!\w)"
    r"|\b\d{3,4}\s*(?:GMT|UTC|hrs|local time)\b|\b\d+[- ]years?[- ]old\b|\baged \d+\b"
    r"|\b\d+(?:st|nd|rd|th)?\s+(?:brigade|division|regiment|battalion|corps|squadron)\b",
    re.IGNORECASE,
)
# "since 2011", "since March 2011", "since it began": a toll counted over a period, not one event's
SINCE_A_START = re.compile(
    r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:\w+\s+)?(?:19|20)\d\d\b|\bsince\s+(?:it|they|the\s+\w+)\s+(?:began|started|erupted|broke out)",
    re.IGNORECASE,
)


def cumulative_toll(sentence: str) -> bool:
    """ "More than 330,000 people have been killed since the conflict began": a toll summed over a
    war or a period, never the fatalities of one event (ACLED)."""
    text = sentence.lower()
    return bool(SINCE_A_START.search(sentence)) or any(
        phrase in text for phrase in load_cues().cumulative_phrases
    )


# Remembered for the last sentences: an event's own sentence is counted when it is coded and again
# when the sentences after it are searched for its toll (a twentieth of event extraction's time).
@lru_cache(maxsize=256)
def count_fatalities(sentence: str) -> int | None:
    """The largest number the sentence reports killed for one event, or None when it reports no
    deaths, or only a cumulative toll, or a figure no single event reaches."""
    coded = coded_fatalities(sentence)
    if coded is not None:
        return coded
    if cumulative_toll(sentence):
        return None
    found = _counts(NOT_A_COUNT.sub(lambda m: " " * len(m.group(0)), sentence))
    credible = [n for n in found if n <= load_cues().max_event_fatalities]
    return max(credible) if credible else None


def _counts(sentence: str) -> list[int]:
    found: list[int] = []
    for match in AFTER_VERB.finditer(sentence):
        verb = match.group(0).split()[0].lower()
        tail = match.group("tail") or ""
        if verb in ("left", "leaving", "claimed", "claiming") and (
            INJURY.match(tail) or not DEATH_WORD.search(tail)
        ):
            continue  # "left 3 injured"; "left 3 dead" counts
        if INJURED_NEXT.match(tail):
            continue
        value = number_value(match.group("n"))
        more = AND_MORE.match(tail)
        if value is not None and more is not None:
            value += number_value(more.group("n")) or 0  # "killing 1 woman and 2 children": 3
        if value is not None:
            found.append(value)
    for pattern in (BEFORE_DEATH, TOLL):
        for match in pattern.finditer(sentence):
            value = number_value(match.group("n"))
            if value is not None:
                found.append(value)
    if not found and PAIR_DEATH.search(sentence):
        found.append(2)
    if not found and (SINGLE_DEATH.search(sentence) or BODY_FOUND.search(sentence)):
        found.append(1)
    return found
