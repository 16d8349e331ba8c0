"""ACLED's event taxonomy: 6 event types, 25 sub-event types, and the derived columns.

Names follow the ACLED codebook; `CASE_NAMES` maps the CASE 2021 task 2 labels onto them
(the same table as shared/eval/score_case.py).
"""

from __future__ import annotations

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

EVENT_TYPES: tuple[str, ...] = (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS, PROTESTS, RIOTS, STRATEGIC)

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VIOLENCE_AGAINST_CIVILIANS: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_TYPE_OF: dict[str, str] = {sub: event for event, subs in SUB_EVENT_TYPES.items() for sub in subs}
ALL_SUB_EVENT_TYPES: tuple[str, ...] = tuple(EVENT_TYPE_OF)

CASE_NAMES: dict[str, str] = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
# CASE's labels for snippets that are not ACLED events: a system answers them with no event.
CASE_NON_EVENTS: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

# ACLED codes state violence against demonstrators as both kinds of disorder.
_DISORDER_OF_SUB: dict[str, str] = {
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Violent demonstration": DEMONSTRATIONS,
    "Mob violence": POLITICAL_VIOLENCE,
}
_DISORDER_OF_EVENT: dict[str, str] = {
    BATTLES: POLITICAL_VIOLENCE,
    EXPLOSIONS: POLITICAL_VIOLENCE,
    VIOLENCE_AGAINST_CIVILIANS: POLITICAL_VIOLENCE,
    PROTESTS: DEMONSTRATIONS,
    RIOTS: POLITICAL_VIOLENCE,
    STRATEGIC: STRATEGIC_DEVELOPMENTS,
}

CIVILIANS_INTER = 7
ARMED = frozenset({1, 2, 3, 4, 8})  # ACLED actor types that bear arms: not civilians, rioters or protesters
LOOTING = "Looting/property destruction"
CLASH = "Armed clash"


def event_type_of(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to; KeyError for names outside the taxonomy."""
    return EVENT_TYPE_OF[sub_event_type]


def disorder_type(event_type: str, sub_event_type: str | None = None) -> str:
    """ACLED's disorder type: Political violence, Demonstrations, Strategic developments, or both of the first two.

    Riots split by sub-event type: violent demonstrations are Demonstrations, mob violence is
    Political violence; excessive force against protesters is both.
    """
    if sub_event_type in _DISORDER_OF_SUB:
        return _DISORDER_OF_SUB[sub_event_type]
    if event_type not in _DISORDER_OF_EVENT:
        raise KeyError(f"not an ACLED event type: {event_type!r}")
    return _DISORDER_OF_EVENT[event_type]


def interaction_code(inter1: int | None, inter2: int | None) -> int:
    """ACLED's interaction: both actor codes, lower digit first (1 & 2 -> 12); one actor alone -> 10 * code."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return 0
    if len(codes) == 1:
        return 10 * codes[0]
    return 10 * codes[0] + codes[1]


def civilian_targeting(sub_event_type: str | None, inter2: int | None) -> str:
    """'Civilian targeting' for political violence whose target (actor 2) is civilians, else ''."""
    if not sub_event_type or sub_event_type not in EVENT_TYPE_OF or inter2 != CIVILIANS_INTER:
        return ""
    disorder = disorder_type(EVENT_TYPE_OF[sub_event_type], sub_event_type)
    return "Civilian targeting" if POLITICAL_VIOLENCE in disorder else ""


# sub-event types that tellings of one happening disagree on, for want of seeing it
COMPATIBLE_SUB_TYPES = frozenset(
    {
        frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),  # what fell from the sky
        frozenset({"Suicide bomb", "Remote explosive/landmine/IED"}),  # who set off the car bomb
        frozenset({"Peaceful protest", "Protest with intervention"}),  # whether police stepped in
        frozenset({"Chemical weapon", "Air/drone strike"}),  # the gas came from the raid
        frozenset({"Chemical weapon", "Shelling/artillery/missile attack"}),  # or from the shells
        frozenset({"Armed clash", "Non-state actor overtakes territory"}),  # the fight and what it won
        frozenset({"Armed clash", "Government regains territory"}),
    }
)
GENERIC_SUB_TYPES = frozenset({"Other"})  # agrees with any sub-event type of its event type
# of a compatible pair, these name the happening as ACLED codes it: the gas, the ground won
PREVAILING_SUB_TYPES = frozenset(
    {"Chemical weapon", "Non-state actor overtakes territory", "Government regains territory"}
)


def sub_types_agree(a: str | None, b: str | None) -> bool:
    """Two tellings of one happening may name these sub-event types: the same, a compatible pair,
    or a generic one."""
    pair = frozenset({a, b})
    return a == b or pair in COMPATIBLE_SUB_TYPES or bool(pair & GENERIC_SUB_TYPES)
