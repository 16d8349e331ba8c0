"""ACLED taxonomy: names, CASE mapping, disorder types, interaction codes, civilian targeting."""

from __future__ import annotations

import ast

import pytest

from sitrep.config import shared_path
from sitrep.events.taxonomy import (
    ALL_SUB_EVENT_TYPES,
    CASE_NAMES,
    EVENT_TYPE_OF,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    civilian_targeting,
    disorder_type,
    interaction_code,
)


def test_six_event_types_and_twenty_five_sub_event_types():
    assert len(EVENT_TYPES) == 6
    assert len(ALL_SUB_EVENT_TYPES) == 25
    assert set(EVENT_TYPE_OF.values()) == set(EVENT_TYPES)
    assert EVENT_TYPE_OF["Suicide bomb"] == "Explosions/Remote violence"
    assert EVENT_TYPE_OF["Mob violence"] == "Riots"
    assert EVENT_TYPE_OF["Arrests"] == "Strategic developments"
    assert EVENT_TYPE_OF["Government regains territory"] == "Battles"
    assert sum(len(subs) for subs in SUB_EVENT_TYPES.values()) == 25


def test_every_case_label_maps_to_an_acled_sub_event_type():
    assert len(CASE_NAMES) == 25
    assert set(CASE_NAMES.values()) == set(ALL_SUB_EVENT_TYPES)


def test_case_names_agree_with_the_shared_scorer():
    scorer = shared_path("eval", "score_case.py")
    if scorer is None:
        pytest.skip("shared data not present")
    tree = ast.parse(scorer.read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ACLED"
    )
    assert ast.literal_eval(table) == CASE_NAMES


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [
        (1, 2, 12),
        (2, 1, 12),
        (2, None, 20),
        (None, 2, 20),
        (3, 7, 37),
        (7, 3, 37),
        (1, 1, 11),
        (6, None, 60),
        (None, None, 0),
    ],
)
def test_interaction_code(inter1, inter2, code):
    assert interaction_code(inter1, inter2) == code


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "disorder"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Protest with intervention", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Agreement", "Strategic developments"),
    ],
)
def test_disorder_type(event_type, sub_event_type, disorder):
    assert disorder_type(event_type, sub_event_type) == disorder


def test_disorder_type_rejects_unknown_event_types():
    with pytest.raises(KeyError):
        disorder_type("Skirmishes", "Armed clash")


def test_civilian_targeting():
    assert civilian_targeting("Attack", 7) == "Civilian targeting"
    assert civilian_targeting("Air/drone strike", 7) == "Civilian targeting"
    assert civilian_targeting("Armed clash", 2) == ""
    assert civilian_targeting("Peaceful protest", 7) == ""  # not political violence
    assert civilian_targeting("Looting/property destruction", 7) == ""
    assert civilian_targeting(None, 7) == ""
