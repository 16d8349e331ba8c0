"""One event per happening within a report: the merge rules that recognise a retelling naming its
place or toll differently (events/merge.py), each on passages of real reports from different
outlets, with the rule on and switched off."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.events.merge import namesake_seat
from sitrep.model import Document
from tests.conftest import needs_shared


def _events(pipeline, text: str, published: dt.date):
    (analysis,) = list(pipeline.analyze([Document("t", text, published)]))
    assert analysis.error is None
    return analysis.events


# an event known by its country or province, and the same happening at a place inside it
HELD_PLACE = [
    (  # AFP via a gold report: the strike told at its town, then the aircraft unknown "in Syria"
        "An airstrike on a hospital in northwestern Syria on Saturday killed 10 people including children the "
        "Syrian Observatory for Human Rights said The hospital in the town of Meles is about 15 km from Idlib "
        "city in rebel-held Idlib province. Syrian regime and allied Russian military planes operate in Syria "
        "but it is not known which aircraft carried out the strike the Observatory said.",
        dt.date(2016, 8, 6),
    ),
    (  # SANA via Al-Manar: the attack in Hama countryside, then at al-Zara
        "The Syrian army foiled on Saturday an attack by terrorist organizations on many military posts in Hama "
        "countryside killing large number of them. A military source told SANA that units of the army and the "
        "armed forces broke the siege imposed on al-Zara power plant in a special operation. The Syrian army "
        "foiled on Saturday an attack by terrorist organizations on many military posts in Hama countryside "
        "killing large number of them.",
        dt.date(2016, 5, 21),
    ),
]


@pytest.mark.parametrize(("text", "published"), HELD_PLACE)
def test_a_place_and_the_province_or_country_that_holds_it_tell_one_happening(
    pipeline, merge_off, rules_off, text: str, published: dt.date
):
    rules_off("country_aside")  # that reportedness rule drops an event placed at the country alone
    told = _events(pipeline, text, published)
    assert len([e for e in told if e.event_type != "Strategic developments"]) == 1
    merge_off("held_place")
    assert len(_events(pipeline, text, published)) > len(told)


SAME_TOLL = [
    (  # Press TV: the headline's suburb and the body's town, one car bomb of 60 dead
        "Fri Sep 27 2013 Bomb blast kills 60 in Damascus suburb . At least 60 people have been killed and more "
        "than 100 others injured in a car bomb explosion in the Syrian town of al-Rankus north of the capital "
        "Damscus.",
        dt.date(2013, 9, 27),
    ),
    (  # SANA via Al-Manar: eight dead in Damascus, told again from where the mortars were fired
        "Eight people were killed Wednesday in terrorist mortar attacks by the Jaish al-Islam terror "
        "organization which targeted a number of residential neighborhoods in Damascus city. A source at "
        "Damascus Police Command told SANA that terrorists based in Eastern Ghouta fired mortar shells at "
        "residential neighborhoods in the city which resulted in killing eight people injuring 25 and causing "
        "material damage to properties.",
        dt.date(2016, 1, 6),
    ),
]


@pytest.mark.parametrize(("text", "published"), SAME_TOLL)
def test_one_days_toll_told_twice_is_one_happening(pipeline, merge_off, text: str, published: dt.date):
    (event,) = _events(pipeline, text, published)
    assert len(event.evidence) == 2
    merge_off("same_toll")
    assert len(_events(pipeline, text, published)) == 2


NAMESAKE_PROVINCE = [
    (  # Al-Manar/SANA: the village told, then the massacre "in Hama", the province named like its seat
        "Syria Terrorists Commit Massacre in Hama Village 14 Civilians Killed. Syria insurgents killed at least "
        "14 civilians in the village of Khatab in central Hama province overnight. Official news agency said the "
        "terrorists out a massacre against 14 civilians including women and children.",
        dt.date(2014, 5, 13),
        False,  # "Hama province" is read as the governorate Khatab lies in (places/provinces.py): one event without the rule
    ),
    (  # SANA: a blast "in Sweida", then the village where the device went off
        "Civilian killed other injured in terrorist explosive device blast in Sweida A civilian was killed and "
        "his son was injured on Friday in a terrorist explosive device blast in al-Lojat area in the northwest "
        "countryside of Sweida. A source at Sweida Police Command told SANA reporter that an explosive device "
        "that was planted earlier by terrorists near Sadcob Fuel tanks on al-Haj Road which connects between "
        "Arika town and Sweida exploded in a car that was headed for Arika killing the driver.",
        dt.date(2016, 10, 7),
        True,
    ),
]


KHAN_SHEIKHOUN_LEAD = (  # Reuters (FA-KES): the headline's "Idlib", the town named after the toll's sentence
    "Tuesday 4 Apr 2017 Suspected gas attack on Syrias rebel-held Idlib kills at least 58 Observatory Reuters A "
    "suspected gas attack believed to be by Syrian government jets killed at least 58 people including 11 "
    "children under the age of eight in the northwestern province of Idlib on Tuesday a war monitor and medical "
    "workers in the rebel-held area said. A Syrian military source strongly denied the army had used any such "
    "weapons. The attack caused many people to choke or faint and some had foam coming out of their mouths the "
    "Syrian Observatory for Human Rights said citing medical sources who described it as a sign of a gas "
    "attack. The air strikes on the town of Khan Sheikhoun in the south of rebel-held Idlib also wounded more "
    "than 60 people said the Observatory a British-based war monitoring group."
)


def test_a_province_named_like_its_seat_holds_a_town_borrowed_from_the_next_sentence(pipeline, merge_off):
    def gas_attacks():
        told = _events(pipeline, KHAN_SHEIKHOUN_LEAD, dt.date(2017, 4, 4))
        return [e for e in told if e.sub_event_type == "Chemical weapon"]

    (attack,) = gas_attacks()
    assert attack.location == "Khān Shaykhūn"
    merge_off("namesake_province")
    assert len(gas_attacks()) == 2


@pytest.mark.parametrize(("text", "published", "rule_earns"), NAMESAKE_PROVINCE)
def test_a_province_named_like_its_seat_holds_the_village_told(
    pipeline, merge_off, text: str, published: dt.date, rule_earns: bool
):
    told = _events(pipeline, text, published)
    assert len(told) == 1 and told[0].geo_precision == 1 and told[0].admin1
    assert not namesake_seat(told[0])  # the village named wins over the seat
    assert told[0].fatalities > 0  # a village and the province it lies in sum up nothing (sums_up)
    merge_off("namesake_province")
    assert len(_events(pipeline, text, published)) == (2 if rule_earns else 1)


def test_distinct_events_of_one_province_stay_apart(pipeline):
    """SANA: one shelling in Aleppo city and one on Nubbul and al-Zahraa, both named at their towns."""
    text = (
        "SANAs correspondent said that terrorists located in the eastern neighborhoods of Aleppo city fired "
        "rocket shells on Maisaloun neighborhood injuring 13 people. The correspondent said that terrorists "
        "affiliated with Jabhat al-Nusra fired 8 rocket shells at the towns of Nubbul and al-Zahraa causing "
        "material damage only."
    )
    assert len(_events(pipeline, text, dt.date(2016, 11, 23))) == 2


VICTIMS_RETOLD = [
    (  # AFP via Jordan Times: regime shelling on Mesraba, then the dead at a morgue
        "On Tuesday regime shelling on the Mesraba area also in Eastern Ghouta killed three civilians including "
        "one child the observatory said. An AFP journalist at a morgue saw rescue volunteers and young men slip "
        "the bodies of a father and his son into white plastic bags.",
        dt.date(2017, 11, 1),
    ),
    (  # Asharq Al-Awsat: MSF on the Latamneh hospital, one of the two dead named, then the bomb
        "MSF reported that the regime targeted Latamneh hospital in the northern Hama governorate killing two "
        "people and causing severe respiratory symptoms among patients and staff. The hospitals orthopedic "
        "surgeon Dr. Darwish was one of two people killed. Thirteen people were transferred to other facilities "
        "for treatment. It reported that at around 600 pm on March 25 the Latamneh hospital was targeted by a "
        "bomb dropped by a helicopter which hit the entrance of the building.",
        dt.date(2017, 3, 25),
    ),
    (  # Press TV: a car bomb in Damascus, then its dead "in the attack"
        "Thu Sep 5 2013 Car bomb kills four in Damascus. According to SANA the car bomb caused big flames and "
        "damaged surrounding buildings. Four people were killed and 6 were wounded in the attack which happened "
        "near the Research and Tests Center affiliated to the Syrian Ministry of Industry.",
        dt.date(2013, 9, 5),
    ),
]


@pytest.mark.parametrize(("text", "published"), VICTIMS_RETOLD)
def test_the_dead_of_a_strike_counted_again_are_no_attack_of_their_own(
    pipeline, merge_off, text: str, published: dt.date
):
    assert {e.event_type for e in _events(pipeline, text, published)} == {"Explosions/Remote violence"}
    merge_off("victims_retold")
    assert "Violence against civilians" in {e.event_type for e in _events(pipeline, text, published)}


def test_an_execution_by_named_forces_stays_beside_the_bombing(pipeline):
    """SNHR via Asharq Al-Awsat: barrel bombs on Idlib, and detainees shot by the forces leaving it."""
    text = (
        "Most bombing was carried out by air forces raining barrel bombs and missiles some containing toxic "
        "gasses on the city and its surroundings. In less than two weeks the Idlib province has been shelled "
        "with about 47 barrel bombs and a minimum of 100 missiles. Before government forces left Idlib they "
        "executed 15 detainees by shooting the report added."
    )
    told = _events(pipeline, text, dt.date(2015, 4, 11))
    assert "Violence against civilians" in {e.event_type for e in told}


EQUIPMENT_RETOLD = [
    (  # SANA via Al-Manar: the siege of al-Zara broken, then vehicles destroyed near Harbanafseh
        "The Syrian army foiled on Saturday an attack by terrorist organizations on many military posts in Hama "
        "countryside killing large number of them. A military source told SANA that units of the army and the "
        "armed forces broke the siege imposed on al-Zara power plant in a special operation forcing the "
        "terrorist groups which are affiliated to Al-Nusra Front and Ahrar al-Sham Islamic Movement to withdraw "
        "to Harbanafseh town in the southern countryside. The source added that units of the army established "
        "control over all the important positions to the north and the east of the town after killing about 100 "
        "terrorists and destroying 10 of their machinegun-equipped vehicles.",
        dt.date(2016, 5, 21),
    ),
    (  # Sputnik: a clash with IS, then what "the military and self-defense forces destroyed"
        "A representative of the Syrian Armed Forces told SANA that government forces clashed with terrorists "
        "from the Islamic State (IS) terrorist organization (banned in Russia) in 15 kilometers to the east of "
        'the city. "The attack of terrorists was repelled. The military and self-defense forces destroyed over '
        "60 terrorists.",
        dt.date(2016, 8, 7),
    ),
]


@pytest.mark.parametrize(("text", "published"), EQUIPMENT_RETOLD)
def test_what_one_side_destroys_of_the_others_in_a_fight_is_no_looting(
    pipeline, merge_off, text: str, published: dt.date
):
    assert [e.sub_event_type for e in _events(pipeline, text, published)] == ["Armed clash"]
    merge_off("equipment_retold")
    assert "Looting/property destruction" in {e.sub_event_type for e in _events(pipeline, text, published)}


@needs_shared
def test_an_undated_retelling_is_the_dated_happening(pipeline, merge_off, shared):
    """AFP via FA-KES 1923102866: "The OPCW said last week that ... sarin gas ... had been used in Khan
    Sheikhun" tells again the attack "In early April"; it took the report's date, having none of its own."""
    import csv

    csv.field_size_limit(10**8)
    with (shared / "data" / "fakes" / "fakes_dev.csv").open(encoding="utf-8", newline="") as stream:
        (article,) = [row for row in csv.DictReader(stream) if row["unit_id"] == "1923102866"]

    def chemical() -> list:
        told = _events(pipeline, article["article_content"], dt.date(2017, 4, 25))
        return [e for e in told if e.sub_event_type == "Chemical weapon"]

    (attack,) = chemical()
    assert len(attack.evidence) == 2 and attack.event_date is not None and attack.event_date.day < 11
    merge_off("undated_retelling")
    assert len(chemical()) == 2


# ACLED notes (tuned rows SYR75620, SYR67895, SYR69566): a clash and another telling of it, its sides in the
# other order
EITHER_SIDE_FIRST = [
    ("On 10 February 2020 regime and pro-regime militia forces captured Khirbat Jazraya in Aleppo after clashes "
     "with opposition rebels and Islamist factions. During the clashes in Kafr Noran Kafr Aleppo Qanater and "
     "Khirbat Jazraya 19 regime and pro-regime militia fighters were killed while 18 opposition and Islamist "
     "fatalities were reported.", dt.date(2020, 2, 10)),
    ("As reported on 04 October 2019, over the past 48 hours, clashes took place between IS fighters and regime "
     "forces, supported by pro-regime militias, in Ash Shula desert in Deir-ez-Zor following an attack by IS on "
     "regime forces. Clashes were accompanied by airstrikes by regime warplanes. Clashes in Ash Shula and Sokhneh "
     "desert resulted in the killing of 11 IS fighters and 7 regime and pro-regime militias and the wounding of "
     "several fighters from both sides.", dt.date(2019, 10, 4)),
    ("On 27 October 2019, clashes took place between pro-Turkey rebel factions, operating under Operation Peace "
     "Spring, and QSD forces in villages in the countryside of Ras Al Ain in Al-Hasakeh. QSD forces managed to "
     "abort an infiltration attempt by opposition fighters, which resulted in the killing of an unknown number "
     "of fighters.", dt.date(2019, 10, 27)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published"), EITHER_SIDE_FIRST)
def test_a_clash_told_with_its_sides_the_other_way_round_is_one_happening(
    pipeline, merge_off, text: str, published: dt.date
):
    """Rule `either_side_first`: a clash has no attacker."""
    (event,) = _events(pipeline, text, published)
    assert len(event.evidence) >= 2
    merge_off("either_side_first")
    assert len(_events(pipeline, text, published)) == 2
