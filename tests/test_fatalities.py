"""Fatality counts follow ACLED's rules on real report sentences."""

from __future__ import annotations

import pytest

from sitrep.events.fatalities import coded_at_places, coded_fatalities, count_fatalities, split_across


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
        # a coder's total, however the note words it (ACLED Syria notes, 2019-2020)
        (
            "Clashes resulted in the killing of 10 regime and pro-regime militias and 8 Islamist fighters. Total fatalities 18.",
            18,
        ),
        ("The attack killed 6 Turkish soldiers and wounded 7 others. Total fatalities coded to 10.", 10),
        # "the killing of N"; "between 2-3" is its lower figure
        ("Clashes resulted in the killing of 3 JWS fighters and the wounding of 5 others.", 3),
        ("Airstrikes resulted in the killing of 1 woman and the wounding of several others.", 1),
        (
            "Russian warplanes carried out airstrikes on Termanin in Idleb killing between 2-3 civilians and wounding 9 others.",
            2,
        ),
        ("On Feb 3 1 police personnel was killed in an unidentified armed attack using IEDs.", 1),
        # one person told in the singular, and two counts of people summed (ACLED Syria notes tuned on, and
        # FA-KES 1924058095)
        (
            "On 02 February 2020 unknown gunmen shot dead a former opposition fighter factions in Ash-Shajara town.",
            1,
        ),
        (
            "On 2 October 2019, a QSD fighter was shot and killed by Islamic State fighters in the Tell Abiad area.",
            1,
        ),
        (
            "Russian warplanes carried out airstrikes on Daret Azza amid regime shelling on the city killing an IDP.",
            1,
        ),
        (
            "On 08 February 2020 unidentified gunmen assassinated a prominent figure largely credited with the reconciliation.",
            1,
        ),
        (
            "Russian warplanes carried out airstrikes on the Armenian Association in Bala impacting a kindergarten "
            "and killing 1 woman and 2 children.",
            3,
        ),
        (
            "Air strikes on Syrias opposition-held Idlib province hit a school and the surrounding area on Wednesday "
            "killing 22 children and six teachers the UN childrens agency UNICEF said Wednesday.",
            28,
        ),
        # ACLED Syria notes (tuned on): one person, who they are told between them and their death
        (
            "On 08 February 2020 a civilian from Deir-ez-Zor died as a result of torture at an unidentified "
            "regime prison in Damascus after 3 years imprisonment.",
            1,
        ),
        (
            "On 01 February 2020 the director of Al Shami hospital in Ariha city died from injuries sustained "
            "by a Russian airstrike that directly targeted the hospital two days ago.",
            1,
        ),
        # ... a body found
        (
            "On 15 October 2019, the body of a regime fighter who dealt hashish was found near the town of Tall Al Samn.",
            1,
        ),
        (
            "On 1 October 2019, the decapitated body of an Iranian Islamic Revolutionary Guard fighter was found "
            "in the al-Marjaj area south of the city of Al Mayadin.",
            1,
        ),
        # ... and the killed of two sides at once
        (
            "On 14 October 2019, Ahrar al Sharqiyah forces operating as part of Operation Peace Spring clashed "
            "with QSD and YPG forces in the Ein Issa area across the M4 highway with 3 QSD and/or YPG fighters killed.",
            3,
        ),
        # ACLED Syria notes: ranks and unnamed individuals
        (
            "On 8 October, 2019, clashes took place between regime forces and opposition rebels in the Kirkat area "
            "of Hama. During the exchange, a regime lieutenant was killed.",
            1,
        ),
        (
            "On 18 October, 2019, unidentified gunmen shot and killed an individual affiliated with the regime's "
            "4th Division in Da'el in Dar'a province.",
            1,
        ),
        (
            "On 09 February 2020 the body of a young male was found behind his house in As-Sanamyn in Dar'a.",
            1,
        ),
        ("A member of the council of elders was wounded.", None),
        # FA-KES development article 1962495709: a qualifier with its article
        (
            "According to official Syrian military spokesperson the Syrian Armed Forces killed a confirmed 33 "
            "militants on Sunday including 10 foreign members of Jabhat Fateh Al-Sham.",
            33,
        ),
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
    ("sentence", "each"),
    [  # ACLED Syria notes (2019-2020) that state each event's share of a split total
        ("Total fatalities coded to 32 and split between the four events with 8 coded to each event.", 8),
        (
            "Unknown fatalities coded to 10 and split between the two events with 5 fatalities coded to each location.",
            5,
        ),
        ("Unknown fatalities coded as 10 and split, 5 each, between the two locations.", 5),
        ("3 fatalities split between the three events with 1 fatality coded to each.", 1),
        ("Fatalities spread evenly across the three events, with 23 coded to each.", 23),
    ],
)
def test_a_coders_share_for_each_event_is_the_toll(sentence: str, each: int) -> None:
    assert coded_fatalities(sentence) == each
    assert split_across(sentence) is None  # the share is stated: nothing left to divide


def test_a_coders_shares_place_by_place() -> None:
    assert coded_at_places(
        "Total fatalities coded to 34 and split between the three events with 12 coded to Jabal al-Akrad, "
        "11 to Tallat al Ballut, and 11 Beit al Asim."
    ) == [("Jabal al-Akrad", 12), ("Tallat al Ballut", 11), ("Beit al Asim", 11)]
    assert coded_at_places(
        "Total fatalities coded to 37 and split between the four events with 10 coded to Kafr Noran 9 coded to "
        "Kafr Aleppo 9 coded to Qanater and 9 coded to Khirbat Jazraya."
    ) == [("Kafr Noran", 10), ("Kafr Aleppo", 9), ("Qanater", 9), ("Khirbat Jazraya", 9)]
    assert coded_at_places(
        "Total fatalities coded to 58 with 18 fatalities coded to fighting in Ras al Ain and in the Tell Abiad "
        "area with 19 coded to fighting in the Manajir area and 3 in the village of Abu Serra."
    ) == [("Ras al Ain", 18), ("Manajir", 19), ("Abu Serra", 3)]
    # a date is no share, and a sentence that codes nothing tells none
    assert coded_at_places("On 16 October 2019 fatalities were split as follows: 4 Manajir 4 Lilan") == [
        ("Manajir", 4), ("Lilan", 4)
    ]  # fmt: skip
    assert coded_at_places("On 16 October 2019 clashes killed 12 pro-Turkey rebels in Manajir.") == []


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
        # the day of a date written with its month is no count (ACLED notes, news datelines)
        ("On Feb 26 a Turkish airstrike killed one civilian in Sidan village in Amedi district.", 1),
        (
            "On Feb 15 Counter-Terrorism Forces killed 10 IS militants in Hamrin area in an air-drop operation.",
            10,
        ),
        (
            "On Feb 17 a soldier was killed in an IS attack on a security checkpoint in Jalawla northeast Baqubah.",
            1,
        ),
        (
            "On Feb 24 unidentified armed men killed a police traffic officer and a civilian in eastern Baghdad.",
            2,
        ),
        (
            "On 23 November 2016 2 killed others injured in terrorist attacks with shells and mortars in Aleppo.",
            2,
        ),
        # a headline's injured after its dead
        ("On 13 October 2016 Two children killed 5 others injured in terrorist rocket attack in Aleppo.", 2),
        ("The shelling killed 5 people and injured 12 others.", 5),
        # "may" is a month only when capitalised
        ("Five may have died in the blast, the monitor said.", 5),
        # a unit's number is no count
        (
            "On Feb 8 the PMF's Badr organization 21 Brigade killed 6 IS militants by rocket fire in al Eith area.",
            6,
        ),
    ],
)
def test_numbers_that_are_no_toll_of_the_event(sentence: str, expected: int | None):
    assert count_fatalities(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [  # FA-KES (Reuters 1923848146, 1924058065): magnitudes no single event reaches are no toll of 100
        "Damascus has repeatedly denied using such weapons during the six-year war which has killed hundreds of "
        "thousands and created the worlds worst refugee crisis.",
        "Syrias six-year-old civil war has killed hundreds of thousands of people and forced millions to flee "
        "in the worst refugee crisis since World War II.",
    ],
)
def test_hundreds_of_thousands_is_no_toll_of_a_hundred(sentence: str) -> None:
    assert count_fatalities(sentence) is None
