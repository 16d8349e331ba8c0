"""Only news is an event: background, cumulative tolls, old events without their own date and
places of speakers abroad are not coded (events/reportedness.py). Sentences from FA-KES articles
and the seed report."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.events.reportedness import load_settings
from sitrep.model import Document
from tests.conftest import fakes_article, needs_shared


def _events(pipeline, text: str, published: dt.date):
    (analysis,) = list(pipeline.analyze([Document("t", text, published)]))
    assert analysis.error is None
    return analysis.events


WAR_TOLLS = [
    (
        "More than 330000 people have been killed in Syria since the countrys conflict began in March "
        "2011 with anti-government protests.",
        dt.date(2017, 10, 16),
    ),
    (
        "At least 280000 people have been killed and millions displaced from their homes since the war "
        "started with the brutal repression of anti-regime protests in 2011.",
        dt.date(2016, 6, 3),
    ),
    (
        "Syria has been gripped by violence since the regime launched a violent crackdown in response to "
        "anti-government protests in March 2011 triggering a conflict that has left at least 210000 people "
        "dead and displaced almost half of the population.",
        dt.date(2015, 2, 23),
    ),
]


@pytest.mark.parametrize(("text", "published"), WAR_TOLLS)
def test_a_war_toll_is_no_event(pipeline, text: str, published: dt.date):
    assert _events(pipeline, text, published) == []


def test_the_cumulative_rule_earns_its_keep(pipeline, rules_off):
    text, published = WAR_TOLLS[0]
    rules_off("cumulative", "stale")
    assert _events(pipeline, text, published), "without the rules the boilerplate was coded"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "An earlier attack by IS fighters on Shaer in July left 270 people dead including soldiers and "
            "pro-regime fighters.",
            dt.date(2014, 10, 3),
        ),
        (
            "Last month bombings claimed by the Islamic State group in the nearby seaside cities of Jableh and "
            "Tartus killed at least 170 people.",
            dt.date(2016, 6, 3),
        ),
        (
            "And in January another attack claimed by the outlawed group killed 70 people.",
            dt.date(2016, 6, 12),
        ),
        (
            "Following the 2013 Ghouta attack the Syrian government joined the international Chemical Weapons "
            "Convention under a U.S.-Russian deal.",
            dt.date(2017, 4, 4),
        ),
    ],
)
def test_an_old_event_without_its_own_date_is_background(pipeline, text: str, published: dt.date):
    assert _events(pipeline, text, published) == []


def test_an_old_event_dated_in_its_own_main_clause_is_kept(pipeline):
    text = (
        "In April, the Islamic State claimed it shot down a Syrian Air Force plane flying over Bir al-Qasab, "
        "roughly 75km east of Damascus."
    )
    (event,) = _events(pipeline, text, dt.date(2016, 11, 10))
    assert event.event_date == dt.date(2016, 4, 1)
    assert event.time_precision == 3


def test_the_stale_rule_can_be_switched_off(pipeline, rules_off):
    text = "Last month bombings claimed by the Islamic State group in the nearby seaside cities of Jableh and Tartus killed at least 170 people."
    rules_off("uncertain")  # the bombing is typed with little support too
    assert not _events(pipeline, text, dt.date(2016, 6, 3))
    rules_off("uncertain", "stale")
    assert _events(pipeline, text, dt.date(2016, 6, 3))


SPEAKERS_ABROAD = (
    "At least 15 people were killed in fresh air strikes and artillery fire on rebel-held areas of Aleppo "
    "in Syria on Wednesday a monitor said. Washington said Russia and the Syrian government bear the "
    "blame for the air strikes on Aleppo. The Pentagon said the strikes killed at least 15 civilians."
)


def test_an_event_is_not_placed_where_its_speaker_sits(pipeline):
    events = _events(pipeline, SPEAKERS_ABROAD, dt.date(2016, 10, 6))
    assert events
    assert all(e.country in ("Syria", "") for e in events), [(e.location, e.country) for e in events]


def test_an_event_abroad_told_in_its_own_clause_keeps_its_place(pipeline):
    text = (
        "Rebels shelled government-held districts of Aleppo in Syria on Monday. "
        "In Turkey, a rocket fired from Syria hit a house in the border town of Kilis on Monday, killing two people."
    )
    events = _events(pipeline, text, dt.date(2016, 4, 26))
    assert any(e.country == "Turkey" for e in events), [(e.location, e.country) for e in events]


# Sentences of development reports that tell no happening (a policy, the criticism a toll
# prompted), which the classifier types with too little support
COMMENTARY = [
    (
        "The Kremlin said on Wednesday that a moratorium on Russian air strikes against targets in Aleppo "
        "remained in place for the time being.",
        dt.date(2016, 11, 16),
    ),
    (
        "The high death toll from strikes by the Syrian military and Russian air force in rebel-held areas "
        "has prompted criticism from Western countries and international human rights groups.",
        dt.date(2016, 10, 26),
    ),
]


@pytest.mark.parametrize(("text", "published"), COMMENTARY)
def test_a_sentence_typed_with_little_support_is_no_event(pipeline, rules_off, text: str, published: dt.date):
    assert _events(pipeline, text, published) == []
    rules_off("uncertain")
    assert _events(pipeline, text, published) != []  # the rule, not another, keeps it out


def test_news_told_plainly_passes_the_uncertain_rule(pipeline):
    text = (
        "At least eight Syrian civil defence workers were killed when an air strike hit their centre in "
        "Kafr Zeita in Hama province on Saturday."
    )
    (event,) = _events(pipeline, text, dt.date(2017, 4, 30))
    assert event.sub_event_type == "Air/drone strike"
    assert event.score is not None and event.score >= load_settings().min_type_share


# FA-KES development articles: what a side denies doing is no happening ...
DENIALS = [
    "The Syrian military source on Tuesday denied allegations that government forces had used chemical "
    "weapons dismissing the accounts as rebel propaganda.",
    "Meanwhile Syrian authorities denied charges that the army used chemical weapons in the attacks.",
    "The government denies the use of chemical weapons and has in turn accused rebels of using banned weapons.",
]
# ... but a denial that is negated, or a side's own account inside a denial, tells one
NOT_DENIALS = [
    "The ISIS run Amaq news agency said that 160 civilians were killed in raids on the Manbij countryside "
    "whilst an international coalition source did not deny that airstrikes had been carried out in Manbij "
    "recently.",
    "But the regime has denied any responsibility saying its air strikes hit a rebel depot containing "
    "chemical materials.",
]


@pytest.mark.parametrize("text", DENIALS)
def test_what_a_side_denies_doing_is_not_an_event(pipeline, rules_off, text):
    assert _events(pipeline, text, dt.date(2017, 4, 4)) == []
    rules_off("denied")
    assert _events(pipeline, text, dt.date(2017, 4, 4)) != []


@pytest.mark.parametrize("text", NOT_DENIALS)
def test_a_negated_denial_or_an_account_inside_one_stays_an_event(pipeline, text):
    assert _events(pipeline, text, dt.date(2017, 4, 4)) != []


# Anadolu (the war's background), AFP via Al-Alam (the US-led raids in Iraq and Syria) and Anadolu
# (protests called for in London): development FA-KES articles whose news is placed in towns
ASIDES = ["1924058176", "1962495643", "1924058193"]


@needs_shared
@pytest.mark.parametrize("unit_id", ASIDES)
def test_an_event_placed_at_a_whole_country_beside_placed_news_is_an_aside(
    pipeline, rules_off, shared, unit_id: str
):
    import csv

    csv.field_size_limit(10**8)
    with (shared / "data" / "fakes" / "fakes_dev.csv").open(encoding="utf-8", newline="") as stream:
        (article,) = [row for row in csv.DictReader(stream) if row["unit_id"] == unit_id]
    published = dt.datetime.strptime(article["date"], "%m/%d/%y").date()
    text = article["article_content"]
    told = _events(pipeline, text, published)
    assert told and all(e.location != e.country for e in told)
    rules_off("country_aside")
    assert any(e.location == e.country for e in _events(pipeline, text, published))


# FA-KES: a standing truce or deal recalled, an aside, told without a date of its own
UNDATED_DEVELOPMENTS = [
    (
        "Turkish President Tayyip Erdogan and Russian President Vladimir Putin discussed the suspected attack "
        "Turkish presidential sources said. They said the two leaders had also emphasised the importance of "
        "maintaining the ceasefire.",
        dt.date(2017, 4, 4),
        "Agreement",
    ),
    (
        "The deal excludes al-Nusra Front and Daesh. Damascus and militant groups involved in the ceasefire "
        "have been trading accusations of truce violation.",
        dt.date(2016, 4, 24),
        "Agreement",
    ),
    (  # Sputnik, a gold report: the aside after the news of the day
        "According to the Firat news agency the liberated neighborhoods are Nebabile Zahra and al-Wahab. The "
        "Kurdish fighters also reportedly discovered a tunnel operated by Daesh militants.",
        dt.date(2017, 4, 28),
        "Disrupted weapons use",
    ),
]


@pytest.mark.parametrize(("text", "published", "sub_event_type"), UNDATED_DEVELOPMENTS)
def test_a_development_told_without_its_own_date_is_no_event(
    pipeline, rules_off, text, published, sub_event_type
):
    assert sub_event_type not in [e.sub_event_type for e in _events(pipeline, text, published)]
    rules_off("undated_development")
    assert sub_event_type in [e.sub_event_type for e in _events(pipeline, text, published)]


def test_an_agreement_dated_in_its_own_sentence_stays(pipeline):
    """FA-KES (Al-Araby): the ultimatum of "On Thursday" is told as news."""
    text = (
        "On Thursday Syrian President Bashar al-Assad issued an ultimatum to rebels in East Aleppo stating that "
        'unless they agreed to a "reconciliation" deal pro-regime forces would continue the fight with the '
        "rebels until they leave Aleppo."
    )
    assert [e.sub_event_type for e in _events(pipeline, text, dt.date(2016, 10, 7))] == ["Agreement"]


# FA-KES development articles (1918150030, 1926479318): a pronoun's copula
# ranks the event just told among others
SIZED_UP = [
    ("It was the third claim of a chemical attack in just over a week in Syria.", dt.date(2017, 4, 5)),
    (
        "It was the Syrian armys last foothold in an area otherwise controlled by Islamic State which has seized "
        "large areas of Syria and Iraq.",
        dt.date(2014, 8, 24),
    ),
]


@pytest.mark.parametrize(("text", "published"), SIZED_UP)
def test_a_pronoun_sizing_up_the_event_before_tells_none(pipeline, rules_off, text, published):
    assert _events(pipeline, text, published) == []
    rules_off("sized_up")
    assert _events(pipeline, text, published)


@needs_shared
def test_a_background_sentence_lends_no_place_or_toll(pipeline, rules_off, shared):
    """FA-KES 1923848146 (Reuters): the strike on a civil defence centre ("jets struck one of its centres
    in the area") is not in Ghouta, where the 2013 attack the next sentence recalls killed hundreds."""
    import csv

    csv.field_size_limit(10**8)
    with (shared / "data" / "fakes" / "fakes_dev.csv").open(encoding="utf-8", newline="") as stream:
        (article,) = [row for row in csv.DictReader(stream) if row["unit_id"] == "1923848146"]
    text, published = article["article_content"], dt.date(2017, 4, 4)

    def strike_on_the_centre():
        told = [e for e in _events(pipeline, text, published) if any("centres" in s.text for s in e.evidence)]
        return [(e.location, e.fatalities) for e in told]

    assert strike_on_the_centre()
    assert all("Ghouta" not in place and deaths != 100 for place, deaths in strike_on_the_centre())
    rules_off("background_lends_nothing")
    assert strike_on_the_centre() == [("Eastern Ghouta", 100)]


# Rule `sure_of_an_event`: a report with no event otherwise keeps its first sentence sure to tell
# one, though the classifier splits its type. Leads of FA-KES development articles.
DOUBTFUL_TYPE = [
    (
        "According to official Syrian military spokesperson the Syrian Armed Forces killed a confirmed 33 "
        "militants on Sunday including 10 foreign members of Jabhat Fateh Al-Sham.",
        dt.date(2016, 10, 17),
    ),
    (
        "The Syrian army killed a terrorist commander as well as five of his entourage as they were trying "
        "infiltrate towards Filita in Qalamoun in Damascus countryside.",
        dt.date(2014, 11, 10),
    ),
    (
        "According to media reports Kurdish Democratic Union Partys military wing dubbed Peoples Protection "
        "Units killed 17 Turkish servicemen.",
        dt.date(2017, 4, 28),
    ),
]


@pytest.mark.parametrize(("text", "published"), DOUBTFUL_TYPE)
def test_a_report_sure_of_an_event_keeps_one(pipeline, rules_off, text: str, published: dt.date):
    (event,) = _events(pipeline, text, published)
    assert event.event_type == "Battles" or event.sub_event_type == "Attack"
    assert event.score is not None and event.score < load_settings().min_type_share
    rules_off("sure_of_an_event")
    assert _events(pipeline, text, published) == []


def test_a_doubtful_sentence_beside_clear_news_stays_out(pipeline):
    """The rule codes a doubtful sentence only where a report has no event at all."""
    clear = (
        "At least eight Syrian civil defence workers were killed when an air strike hit their centre in "
        "Kafr Zeita in Hama province on Saturday."
    )
    doubtful, _ = DOUBTFUL_TYPE[1]
    (event,) = _events(pipeline, f"{clear} {doubtful}", dt.date(2017, 4, 30))
    assert event.sub_event_type == "Air/drone strike"


@needs_shared
def test_a_runner_up_type_with_its_word_stands_in_for_a_winner_without_one(pipeline, rules_off, shared):
    """ACLED note SYR75624 (tuned on): typed an air strike for its barrel bombs, which tell no strike
    of their own; the capture, second in the classifier's ranking, is the event."""
    from tests.conftest import acled_notes

    (note,) = acled_notes(shared, "SYR75624").values()
    (event,) = _events(pipeline, note, dt.date(2020, 2, 9))
    assert event.sub_event_type == "Government regains territory"
    assert event.actor1.startswith("Military Forces of Syria")
    rules_off("sure_of_an_event")
    assert _events(pipeline, note, dt.date(2020, 2, 9)) == []


# Rule `stale_narrative`: FA-KES development articles. A sentence with no date of its own after one
# dated long before the report goes on with that old story: the 2011 protests of a timeline, the
# July massacre an October report recalls, al-Nusra's advance since November, 2013's gas attacks.
STALE_NARRATIVES = [
    ("1923102872", "The regime repressed demonstrations"),
    ("1923848214", "Most were reportedly executed at gunpoint"),
    ("1915433675", "Al-Nusra has since seized control"),
    ("1926479221", "members in the Turkish Parliament revealed"),
]


@needs_shared
@pytest.mark.parametrize(("unit_id", "sentence"), STALE_NARRATIVES)
def test_an_undated_sentence_after_an_old_date_tells_that_old_story(
    pipeline, rules_off, shared, unit_id, sentence
):
    article = fakes_article(shared, unit_id)

    def told_there() -> list[str]:
        events = _events(pipeline, article.text, article.published)
        return [e.sub_event_type for e in events if any(sentence in s.text for s in e.evidence)]

    assert told_there() == []
    rules_off("stale_narrative")
    assert told_there()
