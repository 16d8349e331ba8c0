"""Fatality counts follow ACLED's rules on real report sentences."""

from __future__ import annotations

import pytest

from sitrep.events.fatalities import count_fatalities, split_across


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("the site of at least one recent IS suicide bombing that killed seven Jordanian soldiers.", 7),
        ("At least 35 ISIS militants were killed in air strikes by the US-led coalition overnight", 35),
        ("The clashes resulted in more than 20 pro-Houthi elements killed, including prominent leaders.", 20),
        ("Death toll in bomb attack on Syria evacuees rises to 112", 112),
        ("Dozens of people were killed when the market was shelled.", 12),
        ("Several soldiers were killed in the ambush.", 10),
        ("Hundreds of civilians died in the siege.", 100),
        ("An air strike killed twenty-three civilians and wounded 40.", 23),
        ("Thirteen LNA soldiers were reportedly killed and five LNA military vehicles destroyed.", 13),
        (
            "Pro-Houthi forces fired BMP shells at An Najar village, hitting a civilian house and killing a woman.",
            1,
        ),
        (
            "On 8 May 2020, in Belem, Para, a woman was shot to death in Guama neighborhood by an armed man.",
            1,
        ),
        ("On 6 May 2020, unknown gunmen assassinated an economic operator in Timbuktu.", 1),
        ("The victim died. 1 fatality.", 1),
        (
            "forces opened fire on civilians in Qaryat ar Rahbah, killing a woman and her son, and injuring her husband.",
            2,
        ),
        (
            "On 9 May 2020, a sugarcane farmer and his brother were killed in a clash between two farmer groups.",
            2,
        ),
        (
            "The rebels claimed to have killed a commander and several soldiers. Several fatalities coded as 3.",
            3,
        ),
        ("Fatalities coded as 0 (Taliban reported 1).", 0),
        ("A man was arrested in Kabul on charges of smuggling.", None),
        ("The attack left 3 injured.", None),
        ("No fatalities nor injuries reported.", None),
        ("Bir al-Qasab, roughly 75km east of Damascus.", None),
        ("announced the capture of three military positions from the Islamic State", None),
    ],
)
def test_fatalities(sentence: str, expected: int | None):
    assert count_fatalities(sentence) == expected


def test_a_total_split_across_events():
    assert (
        split_across("Two members were killed across two days of clashes. Fatalities coded across 2 events.")
        == 2
    )
    assert split_across("Unclear fatalities coded as 10 and spread between 2 locations.") == 2
    assert split_across("Fatalities coded as 3.") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a date or a year is no count of the dead (FA-KES datelines)
        ("06-01-2016 8 Civilians Killed in Terrorist Attacks in Damascus Aleppo.", 8),
        ("3 Oct 2016 At least 20 people were killed and 55 wounded during a suicide bombing", 20),
        # an age is no count either
        ("A 12-year-old boy was killed when a shell hit the market.", 1),
        # a toll summed over the war is no event's toll
        (
            "More than 330000 people have been killed in Syria since the countrys conflict began in March 2011.",
            None,
        ),
        ("The war has killed more than 280,000 people.", None),
        ("At least 300 civilians were killed last year in the province.", None),
    ],
)
def test_numbers_that_are_no_toll_of_the_event(sentence: str, expected: int | None):
    assert count_fatalities(sentence) == expected
