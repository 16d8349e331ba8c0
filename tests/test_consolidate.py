"""One event per happening: reports of the same attack merge across documents, others stay apart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.model import Document, Event
from sitrep.store import EventFilter, Store
from tests.conftest import sentence

MAARAT = (35.6433, 36.6714)  # Maarat al-Numan
MAARAT_EAST = (35.66, 36.72)  # about 5 km east of the town centre
KHAN_SHAYKHUN = (35.4417, 36.6511)  # about 22 km south
SARAQIB = (35.8624, 36.8006)  # about 27 km north-east
FORTY_KM_SOUTH = (35.2836, 36.6714)  # near Morek

REUTERS = (
    "BEIRUT (Reuters) - Warplanes struck a crowded market in the rebel-held town of Maarat al-Numan "
    "on Friday, killing at least 12 civilians, the Syrian Observatory for Human Rights said. "
    "Rescue workers were still pulling bodies from the rubble late on Friday."
)
SYRIA_DIRECT = (
    "An air raid hit the vegetable market of Maarat al-Numan in Idlib province early on Friday. "
    "Nine people were killed and dozens wounded, local activists told Syria Direct, blaming "
    "government aircraft."
)


def report(
    document_id: str,
    text: str,
    source: str,
    *events: Event,
    published: dt.date = dt.date(2016, 11, 5),
) -> tuple[Document, list[Event]]:
    # reports are told apart by their texts: each closes with its own sign-off, after the evidence
    signed = f"{text}\n{source} report {document_id}"
    return Document(document_id, signed, published, title=text[:40], source=source), list(events)


def airstrike(
    document_id: str,
    event_id: str,
    text: str,
    where: tuple[float, float] = MAARAT,
    day: dt.date = dt.date(2016, 11, 4),
    **fields: object,
) -> Event:
    values: dict[str, object] = dict(
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", event_date=day,
        time_precision=1, actor1="Military Forces of Syria", inter1=1, actor2="Civilians (Syria)",
        inter2=7, interaction=17, country="Syria", iso=760, admin1="Idlib", location="Maarat al-Numan",
        latitude=where[0], longitude=where[1], geo_precision=1, notes=f"On 4 November 2016, {text}",
        evidence=[sentence(text)],
    )  # fmt: skip
    values.update(fields)
    return Event(document_id=document_id, event_id=event_id, **values)  # type: ignore[arg-type]


@pytest.fixture()
def store(store_url: str) -> Store:
    return Store(store_url)


def two_reports_of_one_airstrike(store: Store) -> None:
    store.add(
        *report("reuters-1", REUTERS, "Reuters", airstrike("reuters-1", "SRA1", REUTERS, fatalities=12))
    )
    store.add(
        *report(
            "syria-direct-1", SYRIA_DIRECT, "Syria Direct",
            airstrike("syria-direct-1", "SRB1", SYRIA_DIRECT, MAARAT_EAST, actor1="", inter1=None, fatalities=9),
        )
    )  # fmt: skip


def test_two_reports_of_one_attack_are_one_happening(store: Store):
    two_reports_of_one_airstrike(store)
    [happening] = store.happenings(EventFilter())
    assert happening["n_sources"] == 2 and happening["n_outlets"] == 2
    assert happening["source"] == "Reuters; Syria Direct"
    assert happening["document_ids"] == "reuters-1; syria-direct-1"
    assert happening["fatalities"] == 9  # the most conservative figure, not 12, not 21
    assert (
        sentence(REUTERS).text in happening["evidence"]
        and sentence(SYRIA_DIRECT).text in happening["evidence"]
    )
    assert happening["actor1"] == "Military Forces of Syria"  # the named actor over the unnamed one
    assert happening["location"] == "Maarat al-Numan" and happening["event_date"] == "2016-11-04"
    assert store.count_events(EventFilter()) == 2  # the per-document events stay


def test_explain_names_both_documents_and_why(store: Store):
    two_reports_of_one_airstrike(store)
    explained = store.explain("SRB1")  # an event's id leads to its happening
    assert explained is not None and explained == store.explain(explained["happening"]["event_id"])
    first, second = explained["events"]
    assert (first["document_id"], second["document_id"]) == ("reuters-1", "syria-direct-1")
    assert first["reason"] == {"founded": True}
    reason = second["reason"]
    assert 4 < reason["distance_km"] < 6 and reason["date_gap_days"] == 0
    assert reason["type"] == "same" and reason["actor2"] == "same"
    assert reason["actor1"] == "Military Forces of Syria / none: one unnamed"
    assert store.explain("no-such-id") is None


def test_per_document_events_are_unchanged_by_merging(store: Store):
    store.add(
        *report("reuters-1", REUTERS, "Reuters", airstrike("reuters-1", "SRA1", REUTERS, fatalities=12))
    )
    before = store.query_events(EventFilter())
    two_reports_of_one_airstrike(store)  # reuters-1 again: stored already, nothing added
    assert store.query_events(EventFilter(document_id="reuters-1")) == before
    second = store.get_event("SRB1")
    assert second is not None and second["actor1"] == "" and second["fatalities"] == 9


def test_reingesting_a_document_adds_nothing(store: Store):
    two_reports_of_one_airstrike(store)
    document, events = report(
        "syria-direct-1", SYRIA_DIRECT, "Syria Direct", airstrike("syria-direct-1", "SRB1", SYRIA_DIRECT)
    )
    assert not store.add(document, events)
    assert store.count_happenings(EventFilter()) == 1 and store.count_events(EventFilter()) == 2
    assert store.happenings(EventFilter())[0]["n_sources"] == 2


CLASHES = (
    "Fighters of Hayat Tahrir al-Sham clashed with government forces on the edge of Maarat al-Numan "
    "on Friday. Elsewhere in the town, Islamic State fighters clashed with the Free Syrian Army."
)
CAPTURE = (
    "Hayat Tahrir al-Sham fighters seized the army checkpoint at the entrance of Maarat al-Numan on Friday."
)


def clash(
    document_id: str, event_id: str, text: str, index: int, actor1: str, actor2: str, **fields: object
) -> Event:
    coded: dict[str, object] = dict(
        event_type="Battles", sub_event_type="Armed clash", actor1=actor1, actor2=actor2, inter1=2,
        inter2=1, evidence=[sentence(text, index)],
    )  # fmt: skip
    return airstrike(document_id, event_id, text, **{**coded, **fields})


def test_different_actors_or_types_on_one_day_in_one_town_stay_apart(store: Store):
    store.add(
        *report("sana-1", CLASHES, "SANA", clash("sana-1", "SRC1", CLASHES, 0, "Hayat Tahrir al-Sham", "Military Forces of Syria"))
    )  # fmt: skip
    store.add(
        *report("enab-1", CLASHES, "Enab Baladi", clash("enab-1", "SRC2", CLASHES, 1, "Islamic State", "Free Syrian Army"))
    )  # fmt: skip
    handed_over = clash(
        "smart-1", "SRC3", CAPTURE, 0, "Hayat Tahrir al-Sham", "Military Forces of Syria",
        event_type="Strategic developments", sub_event_type="Non-violent transfer of territory",
    )  # fmt: skip
    store.add(*report("smart-1", CAPTURE, "SMART News", handed_over))
    happenings = store.happenings(EventFilter())
    assert len(happenings) == 3 and all(h["n_sources"] == 1 for h in happenings)


def test_a_clash_and_the_capture_it_won_are_one_happening(store: Store):
    """ACLED codes a fight that takes ground once, as the capture; one report may tell only the fight."""
    store.add(
        *report("sana-1", CLASHES, "SANA", clash("sana-1", "SRC1", CLASHES, 0, "Hayat Tahrir al-Sham", "Military Forces of Syria"))
    )  # fmt: skip
    captured = clash(
        "smart-1", "SRC3", CAPTURE, 0, "Hayat Tahrir al-Sham", "Military Forces of Syria",
        sub_event_type="Non-state actor overtakes territory",
    )  # fmt: skip
    store.add(*report("smart-1", CAPTURE, "SMART News", captured))
    [happening] = store.happenings(EventFilter())
    assert happening["n_sources"] == 2


def test_a_strike_40_km_away_is_another_happening(store: Store):
    store.add(
        *report("reuters-1", REUTERS, "Reuters", airstrike("reuters-1", "SRA1", REUTERS, fatalities=12))
    )
    south = airstrike("afp-1", "SRD1", REUTERS, FORTY_KM_SOUTH, location="Morek")
    saraqib = airstrike("afp-2", "SRD2", REUTERS, SARAQIB, location="Saraqib")
    store.add(*report("afp-1", REUTERS, "AFP", south))
    store.add(*report("afp-2", REUTERS, "AFP", saraqib))
    assert store.count_happenings(EventFilter()) == 3
    assert store.explain("SRD1")["events"][0]["reason"] == {"founded": True}  # type: ignore[index]


WEEKLY = (
    "Government and Russian aircraft carried out dozens of strikes on southern Idlib this week, "
    "hitting the market of Khan Shaykhun, the Syrian Network for Human Rights said in its weekly report."
)


def test_a_week_precise_report_merges_inside_its_week(store: Store):
    monday = dt.date(2016, 10, 31)  # "this week", published on Saturday 5 November: week 44
    week = airstrike(
        "snhr-1", "SRE1", WEEKLY, KHAN_SHAYKHUN, monday, time_precision=2, location="Khan Shaykhun",
        geo_precision=2, fatalities=0, notes=f"Around 31 October 2016 (week of), {WEEKLY}",
    )  # fmt: skip
    store.add(*report("snhr-1", WEEKLY, "SNHR", week))
    day = airstrike(
        "reuters-2", "SRE2", REUTERS, KHAN_SHAYKHUN, dt.date(2016, 11, 3), location="Khan Shaykhun",
        fatalities=4, notes=f"On 3 November 2016, {REUTERS}",
    )  # fmt: skip
    store.add(*report("reuters-2", REUTERS, "Reuters", day))
    next_week = airstrike(
        "reuters-3", "SRE3", REUTERS, KHAN_SHAYKHUN, dt.date(2016, 11, 8), location="Khan Shaykhun"
    )
    store.add(*report("reuters-3", REUTERS, "Reuters", next_week, published=dt.date(2016, 11, 9)))
    first, second = store.happenings(EventFilter())
    assert first["n_sources"] == 2 and second["n_sources"] == 1
    # the day-precise report dates the happening; a report with no figure does not count as zero
    assert first["event_date"] == "2016-11-03" and first["time_precision"] == 1 and first["fatalities"] == 4
    assert first["notes"].startswith("On 3 November 2016")  # the notes come with the date
    reason = store.explain("SRE2")["events"][1]["reason"]  # type: ignore[index]
    assert reason["date_gap_days"] == 0 and reason["dates"] == "2016-10-31 (week) / 2016-11-03 (day)"


def test_shelling_and_airstrike_reports_of_one_attack_merge(store: Store):
    store.add(
        *report("reuters-1", REUTERS, "Reuters", airstrike("reuters-1", "SRA1", REUTERS, fatalities=12))
    )
    shelling = airstrike(
        "sohr-1", "SRF1", SYRIA_DIRECT, sub_event_type="Shelling/artillery/missile attack", fatalities=15
    )
    store.add(*report("sohr-1", SYRIA_DIRECT, "SOHR", shelling))
    [happening] = store.happenings(EventFilter(document_id="sohr-1"))
    assert happening["sub_event_type"] == "Air/drone strike" and happening["fatalities"] == 12
    reason = store.explain("SRF1")["events"][1]["reason"]  # type: ignore[index]
    assert reason["type"] == "Air/drone strike / Shelling/artillery/missile attack: compatible"


# Two reports of the Khan Sheikhoun attack of 4 April 2017 (FA-KES): one says gas, one an air strike
GAS = (
    "A suspected gas attack believed to be by Syrian government jets killed at least 58 people including "
    "11 children in the northwestern province of Idlib on Tuesday a war monitor said."
)
RAID = (
    "At least 72 people including nine children were killed in an airstrike that released toxic gas on the "
    "rebel-held Syrian town of Khan Sheikhun on Tuesday a monitor said."
)
IDLIB_SEAT = (35.9306, 36.6339)  # Idlib city, where a province-level event is placed


def test_a_gas_attack_and_the_air_strike_that_carried_it_merge_within_the_province(store: Store):
    day = dt.date(2017, 4, 4)
    gas = airstrike(
        "afp-1", "SRG1", GAS, IDLIB_SEAT, day, sub_event_type="Chemical weapon", geo_precision=3,
        location="Idlib", fatalities=58,
    )  # fmt: skip
    raid = airstrike("alaraby-1", "SRG2", RAID, KHAN_SHAYKHUN, day, location="Khan Shaykhun", fatalities=72)
    store.add(*report("afp-1", GAS, "AFP", gas, published=day))
    store.add(*report("alaraby-1", RAID, "Al-Araby", raid, published=day))
    [happening] = store.happenings(EventFilter())
    assert happening["n_sources"] == 2 and happening["fatalities"] == 58
    assert happening["location"] == "Khan Shaykhun"  # the finer place wins
    reason = store.explain("SRG2")["events"][1]["reason"]  # type: ignore[index]
    assert reason["type"] == "Chemical weapon / Air/drone strike: compatible"
    assert reason["place"] == "admin1 Idlib holds Khan Shaykhun" and reason["distance_km"] > 25


# Reuters and Asharq Al-Awsat (FA-KES) on 4 April 2017: a later strike near Idlib (placed here at Binnish,
# 8 km off), and the gas attack "in Idlib province"
STRIKE_NEAR_IDLIB = (
    "Warplanes later struck near a medical point where victims of the attack were being treated the "
    "Observatory said and civil defence workers said."
)
GAS_IN_IDLIB = (
    "Dozens of people have been killed in Syrias northern Idlib province on Tuesday in a suspected "
    "chemical attack that has been described as among the worst in the countrys six-year war."
)
BINNISH = (35.9572, 36.7139)


def test_a_gas_attack_joins_the_gas_attack_not_the_nearer_air_strike(store: Store):
    day = dt.date(2017, 4, 4)
    strike = airstrike(
        "reuters-1", "SRS1", STRIKE_NEAR_IDLIB, BINNISH, day, location="Binnish", admin2="Idlib"
    )
    raid = airstrike(
        "alaraby-1", "SRG2", RAID, KHAN_SHAYKHUN, day, sub_event_type="Chemical weapon", location="Khan Shaykhun",
        admin2="Maarrat al-Numan",
    )  # fmt: skip
    gas = airstrike(
        "asharq-1", "SRG3", GAS_IN_IDLIB, IDLIB_SEAT, day, sub_event_type="Chemical weapon", location="Idlib",
        admin2="Idlib", geo_precision=2,
    )  # fmt: skip
    store.add(*report("reuters-1", STRIKE_NEAR_IDLIB, "Reuters", strike, published=day))
    store.add(*report("alaraby-1", RAID, "Al-Araby", raid, published=day))
    store.add(*report("asharq-1", GAS_IN_IDLIB, "Asharq Al-Awsat", gas, published=day))
    [joined] = store.happenings(EventFilter(document_id="asharq-1"))
    assert joined["n_sources"] == 2 and joined["location"] == "Khan Shaykhun"
    assert store.count_happenings(EventFilter()) == 2


def test_a_province_level_report_does_not_hold_a_town_of_another_province(store: Store):
    day = dt.date(2017, 4, 4)
    gas = airstrike(
        "afp-1", "SRG1", GAS, IDLIB_SEAT, day, sub_event_type="Chemical weapon", geo_precision=3,
        location="Idlib", admin1="Hama",
    )  # fmt: skip
    raid = airstrike("alaraby-1", "SRG2", RAID, KHAN_SHAYKHUN, day, location="Khan Shaykhun")
    store.add(*report("afp-1", GAS, "AFP", gas, published=day))
    store.add(*report("alaraby-1", RAID, "Al-Araby", raid, published=day))
    assert store.count_happenings(EventFilter()) == 2


def test_one_document_never_merges_its_own_events(store: Store):
    twin = airstrike("reuters-1", "SRA2", REUTERS, MAARAT_EAST, evidence=[sentence(REUTERS, 1)])
    store.add(*report("reuters-1", REUTERS, "Reuters", airstrike("reuters-1", "SRA1", REUTERS), twin))
    assert store.count_happenings(EventFilter()) == 2


def test_events_stored_before_happenings_existed_are_merged_on_open(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    two_reports_of_one_airstrike(Store(url))
    old = Store(url)
    with old.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM happening_events")
        connection.exec_driver_sql("DELETE FROM happenings")
    [happening] = Store(url).happenings(EventFilter())
    assert happening["n_sources"] == 2 and happening["fatalities"] == 9


def test_cli_events_merged_and_explain(tmp_path: Path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    two_reports_of_one_airstrike(Store(db))
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2  # document events by default
    assert main(["events", "--db", db, "--merged", "--format", "jsonl"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    merged = json.loads(line)
    assert merged["document_id"] == "reuters-1; syria-direct-1" and merged["fatalities"] == 9
    assert main(["events", "--db", db, "--explain", "SRA1"]) == 0
    out = capsys.readouterr().out
    assert "happening HSRA1" in out and "2 report(s) from Reuters; Syria Direct" in out
    assert "document reuters-1" in out and "document syria-direct-1" in out
    assert "founded the happening" in out and "km apart; dates 0 day(s) apart" in out
    assert main(["events", "--db", db, "--explain", "nothing"]) == 2
    assert "no happening or event 'nothing'" in capsys.readouterr().err
