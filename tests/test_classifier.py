"""Event classifier: lexicon matching, lexicon-only mode, and a model trained on a slice of ACLED."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sitrep.config import acled_files, shared_path
from sitrep.events import classifier as clf
from sitrep.events.classifier import NONE_LABEL, EventClassifier, compile_pattern, decide, normalise_note
from sitrep.events.taxonomy import ALL_SUB_EVENT_TYPES, EVENT_TYPE_OF

# Sentences quoted from the real reports in shared/gold/*/article.txt.
GOLD_SENTENCES = {
    "The Syrian Observatory for Human Rights said air strikes killed at least 22 people in a village in "
    "Syrias rebel-held Idlib province on Wednesday seven of them children.": "Air/drone strike",
    "The correspondent said that terrorists affiliated with Jabhat al-Nusra fired 8 rocket shells at the towns "
    "of Nubbul and al-Zahraa causing material damage only.": "Shelling/artillery/missile attack",
    "The death toll in a suicide car bomb attack on buses carrying Syrians evacuated from two besieged "
    "government-held towns has risen to at least 112 a monitoring group said Sunday.": "Suicide bomb",
    "US-backed rebels captured portions of a strategic highway from the Islamic State (IS) in the mountains "
    "northeast of Damascus this week": "Non-state actor overtakes territory",
}
NO_EVENT = [
    "A magnitude 6.1 earthquake struck eastern Turkey on Monday, killing 12 people and destroying dozens of homes.",
    "Malaysian share prices dipped 1.1 percent by midday Tuesday, with the market barometer falling below the "
    "1,200 support level for the first time in three months.",
]


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("take control", "Rebels took control of the town.", True),
        ("take control", "the army has taken control", True),
        ("set up * base", "Turkish troops set up a new military base near Idlib", True),
        ("kidnap", "two aid workers were kidnapped", True),
        ("cease-fire", "a ceasefire was agreed", True),
        ("cease-fire", "the cease fire held", True),
        ("mine=", "gold mines reopened", False),
        ("set up * base", "They set up a committee. The base was quiet.", False),  # not across sentences
        ("shell", "eggshells", False),  # whole words only
    ],
)
def test_pattern_matching(pattern, text, matches):
    assert bool(compile_pattern(pattern).search(text)) is matches


def test_lexicon_covers_every_sub_event_type():
    lexicon = clf.default_lexicon()
    assert set(lexicon.types) == set(EVENT_TYPE_OF)
    assert all(entry.cues for entry in lexicon.types.values())


def test_normalise_note_strips_acled_boilerplate():
    note = (
        "On 9 May 2020, medical interns protested in Bat Galim Square of Haifa city, demanding shorter shifts "
        "and better working conditions. [size=no report]"
    )
    assert normalise_note(note) == (
        "medical interns protested in Bat Galim Square of Haifa city, demanding shorter shifts and better "
        "working conditions."
    )
    note = "Around 9 May 2020 (as reported), a man was found dead on a road. 1 fatality."
    assert normalise_note(note) == "a man was found dead on a road."


@pytest.fixture
def no_shared(tmp_path, monkeypatch):
    """A machine without shared data and with an empty data directory."""
    monkeypatch.setenv("SITREP_SHARED", str(tmp_path / "absent"))
    monkeypatch.setenv("SITREP_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # the default ../shared must not be found either


def test_lexicon_only_mode_without_shared_data(no_shared):
    assert clf.negative_texts() == []
    assert acled_files() == []
    classifier = clf.load_default(train_if_missing=True)
    assert classifier.model is None
    predictions = classifier.predict([*GOLD_SENTENCES, *NO_EVENT, "The committee will meet on Tuesday."])
    assert [p.sub_event_type for p in predictions[: len(GOLD_SENTENCES)]] == list(GOLD_SENTENCES.values())
    assert all(p.event_type is None and p.sub_event_type is None for p in predictions[len(GOLD_SENTENCES) :])
    with pytest.raises(ValueError):
        classifier.save(Path("unused.npz"))


def test_territory_side_follows_the_actor():
    classifier = EventClassifier()
    army, rebels = classifier.predict(
        [
            "Government forces recaptured the town of Kafr Nabl on Monday.",
            "Rebels recaptured the town of Kafr Nabl.",
        ]
    )
    assert army.sub_event_type == "Government regains territory"
    assert rebels.sub_event_type == "Non-state actor overtakes territory"


def test_specific_protest_types_refine_plain_protest():
    classifier = EventClassifier()
    dispersed, violent = classifier.predict(
        [
            "Police fired tear gas to disperse hundreds of protesters demanding the release of detained students.",
            "Protesters threw stones at police and set a car on fire during the demonstration.",
        ]
    )
    assert dispersed.sub_event_type == "Protest with intervention"
    assert violent.sub_event_type == "Violent demonstration"


def _slice(source: Path, target: Path, rows: int) -> Path:
    with source.open(encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.DictReader(f)
        selected = [row for _, row in zip(range(rows), reader, strict=False)]
        fields = reader.fieldnames or []
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(selected)
    return target


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> EventClassifier:
    world = shared_path("data", "acled", "acled_2020_world_except_syria_iraq.csv")
    afghanistan = shared_path("data", "acled", "dkoban_acled.csv")
    if world is None or afghanistan is None:
        pytest.skip("shared ACLED exports not present")
    folder = tmp_path_factory.mktemp("acled")
    return EventClassifier.train([_slice(world, folder / "world.csv", 1500), afghanistan])


def test_trained_classifier_on_real_report_sentences(trained):
    assert trained.model is not None
    predictions = trained.predict(list(GOLD_SENTENCES))
    assert [p.sub_event_type for p in predictions] == list(GOLD_SENTENCES.values())
    assert [p.event_type for p in predictions] == [EVENT_TYPE_OF[t] for t in GOLD_SENTENCES.values()]
    assert all(0.0 < p.score <= 1.0 for p in predictions)


def test_trained_classifier_answers_no_event(trained):
    assert [p.sub_event_type for p in trained.predict(NO_EVENT)] == [None, None]


def test_a_prediction_ranks_the_types_and_weighs_event_against_none(trained):
    """`ranked` lists the event types best first, the winner first; `event_share` is their support
    together, so a text typed an event is surer of being one than of its type."""
    for prediction in trained.predict([*GOLD_SENTENCES, *NO_EVENT]):
        shares = [share for _, share in prediction.ranked]
        assert shares == sorted(shares, reverse=True)
        assert 0.0 <= prediction.event_share <= 1.0
        if prediction.sub_event_type is not None:
            assert prediction.ranked[0] == (prediction.sub_event_type, prediction.score)
            assert prediction.event_share >= prediction.score
        else:
            assert prediction.event_share <= 1.0 - prediction.score + 1e-4


def test_trained_classifier_learns_from_notes(trained):
    # No lexicon cue decides these: the model's reading of the wording does.
    texts = [
        "Taliban militants and Afghan soldiers traded fire for two hours near Kunduz city.",
        "Teachers gathered outside the education ministry demanding unpaid salaries.",
    ]
    assert [p.sub_event_type for p in EventClassifier().predict(texts)] == [None, None]
    assert [p.sub_event_type for p in trained.predict(texts)] == ["Armed clash", "Peaceful protest"]


def test_save_and_load_round_trip(trained, tmp_path):
    path = tmp_path / "model.npz"
    trained.save(path)
    loaded = EventClassifier.load(path)
    texts = [*GOLD_SENTENCES, *NO_EVENT]
    assert loaded.predict(texts) == trained.predict(texts)


def test_counts_are_those_of_sklearns_count_vectorizers():
    """The model counts n-grams itself (a word's character n-grams once per word); the matrix must
    be exactly the one sklearn's vectorizers, with which the vocabulary was learnt, give."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import CountVectorizer

    texts = [clf._model_text(t) for t in [*GOLD_SENTENCES, *NO_EVENT]] + ["a", "", "Rebels  RETOOK it a-b"]
    # a vocabulary learnt from some of the texts: the others' n-grams are partly outside it
    words = CountVectorizer(**clf._WORD_PARAMS).fit(texts[:3])
    chars = CountVectorizer(**clf._CHAR_PARAMS).fit(texts[:3])
    vocab = [f"w:{t}" for t in words.get_feature_names_out()] + [
        f"c:{t}" for t in chars.get_feature_names_out()
    ]
    model = clf._LinearModel(
        vocab, np.ones(len(vocab)), np.zeros((1, len(vocab))), np.zeros(1), [clf.NONE_LABEL]
    )
    for _ in range(2):  # the second time from the words' remembered columns
        counts = model.counts(texts)
        expected = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
        assert counts.shape == expected.shape
        assert counts.indptr.tolist() == expected.indptr.tolist()
        assert counts.indices.tolist() == expected.indices.tolist()
        assert counts.data.tolist() == expected.data.tolist()
        assert counts.dtype == expected.dtype


def test_negative_texts_have_no_conflict_cues():
    if shared_path("data", "corpus", "te3-silver-newswire") is None:
        pytest.skip("shared newswire not present")
    sentences = clf.negative_texts(limit=200)
    assert len(sentences) == 200
    lexicon = clf.default_lexicon()
    assert not any(lexicon.has_conflict_cue(s) for s in sentences)


def test_a_grenade_launcher_is_shelling_a_thrown_grenade_a_grenade():
    classifier = EventClassifier()  # the lexicon alone decides here
    launcher, thrown = classifier.predict(
        [
            "The rebel forces fired 82mm mortars and grenade launchers at the governmental positions near Pavlopil.",
            "Unidentified men threw a grenade at a police station in Srinagar.",
        ]
    )
    assert launcher.sub_event_type == "Shelling/artillery/missile attack"
    assert thrown.sub_event_type == "Grenade"
    assert compile_pattern("grenade !launcher").search("hand grenades were thrown")
    assert not compile_pattern("grenade !launcher").search("fired grenade launchers")


def test_small_arms_fire_makes_shelling_a_clash():
    classifier = EventClassifier()  # the lexicon alone decides here
    with_small_arms, heavy_only = classifier.predict(
        [
            "The Ukrainian Forces fired mortars, grenade launchers, heavy machine guns and small arms at the "
            "positions of the Donbass People's Militia in the area of Sakhanka.",
            "The Ukrainian Forces fired mortars and grenade launchers at the positions of the Donbass People's "
            "Militia in the area of Sakhanka.",
        ]
    )
    assert with_small_arms.sub_event_type == "Armed clash"
    assert heavy_only.sub_event_type == "Shelling/artillery/missile attack"


def test_a_stone_throwing_crowd_is_a_mob_unless_it_demonstrates():
    classifier = EventClassifier()
    mob, demonstration = classifier.predict(
        [
            "Two communities clashed and pelted stones at each other in Roorkee over loudspeakers at a temple.",
            "Thousands of migrant workers took to the streets and pelted stones at police, demanding trains home.",
        ]
    )
    assert mob.sub_event_type == "Mob violence"
    assert demonstration.sub_event_type == "Violent demonstration"


def test_a_killing_during_a_robbery_is_no_mere_crime(trained):
    killing = (
        "Unknown attackers killed a man and wounded two others in the Abu Kershola area, and robbed 600 "
        "head of cattle."
    )
    robbery = "Thieves robbed a jewellery shop in the city centre and escaped with gold worth 10,000 dollars."
    lexicon = clf.default_lexicon()
    assert lexicon.no_event_score(robbery)[1] == ["crime"]
    assert lexicon.no_event_score(killing)[1] == []
    assert trained.predict([killing])[0].sub_event_type == "Attack"


# ACLED Syria notes (tuned on): movements of forces are changes to a group's activity; an aid convoy is not
MOVEMENTS_OF_FORCES = [
    "Movement of forces: On 18 February 2020 a Turkish military convoy of roughly 90 vehicles entered Syria via "
    "Kafr Lusin border crossing in Idleb.",
    "Movement of forces: On 17 February 2020 a Russian military convoy left Quamishli city and headed to Tal Tamer "
    "in Al-Hasakeh province.",
    "Movement of forces: On 14 February 2020 Russian and Turkish forces carried out a joint patrol where they "
    "roamed several villages in the countryside of Abu Rasin.",
]


def test_a_movement_of_forces_is_a_change_to_group_activity():
    lexicon_only = EventClassifier()
    predictions = lexicon_only.predict(MOVEMENTS_OF_FORCES)
    assert [p.sub_event_type for p in predictions] == ["Change to group/activity"] * len(MOVEMENTS_OF_FORCES)
    aid = "An aid convoy of 30 trucks entered the besieged town of Madaya on Monday."
    assert lexicon_only.predict([aid])[0].sub_event_type is None


def test_an_event_when_the_types_together_outweigh_none():
    """Support a month-fold model gave an ACLED note ("opposition rebels have targeted regime forces
    in Khan Tuman village in Aleppo countryside with ATGM"): 'none' beats each type alone, not the
    types together; the note is an event, of its best type."""
    spread = {
        "Armed clash": 0.224,
        "Change to group/activity": 0.091,
        "Air/drone strike": 0.062,
        "Shelling/artillery/missile attack": 0.05,
        NONE_LABEL: 0.23,
    }
    assert decide(spread) == "Armed clash"
    assert decide({**spread, NONE_LABEL: 0.6}) == NONE_LABEL
    assert (
        decide(dict.fromkeys(ALL_SUB_EVENT_TYPES, 0.0) | {NONE_LABEL: 0.5}) == NONE_LABEL
    )  # no cue, no model
