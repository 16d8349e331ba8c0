"""Whether a coded event is news of its report, or background the report recalls.

A war report tells its news (today's strike, this week's capture) among background: the toll of
the war since 2011, a massacre of 1982, last month's attack "that this one resembles", what
Washington believes. ACLED codes only the news. Each judgement here is a named rule with its
thresholds in `reportedness.yaml`; a rule can be switched off there or with
`SITREP_REPORTEDNESS_OFF=stale,abroad` to measure what it earns.

- `stale`: an event dated long before the report needs an explicit date in its own clause ("In
  April, IS claimed it shot down a plane"), and may then be at most `max_age_days_explicit` old.
- `cumulative`: a toll summed over a war or a period is no event.
- `abroad`: an event placed outside the report's country and its neighbours needs that place in
  its own clause, as where it happened ("in Geneva, the envoy said" and "the Pentagon said" place
  a speaker, not the event); otherwise it takes the report's nearest place at home, or none.
- `country_aside`: an event the report places no finer than a whole country, in a report that places
  other events in towns or provinces, is an aside, not its news ("Syria has been locked in a vicious
  civil war since early 2011", "the United States and its allies have launched nearly 2000 air
  raids against ISIS in both Iraq and Syria", "called for protests ... outside Russian embassies").
- `stale_narrative`: a sentence with no date of its own goes on telling the time of the sentences
  before it: after one dated long before the report (up to `narrative_reach` undated sentences back),
  it tells that old story, not the news ("March 15 2011 Unprecedented protests demand civil liberties.
  The regime repressed demonstrations using brutal force in Damascus").
- `undated_development`: a strategic development (the types of `development_sub_types`: an agreement,
  a withdrawal, an arrest, a find of weapons) told without a date in its own sentence is a standing
  state or an aside the report recalls, not its news.
- `background_lends_nothing`: a sentence told as background (`stale`) tells another happening: the
  events beside it take neither its place nor its toll ("jets struck one of its centres in the area.
  It would mark the deadliest chemical attack since sarin gas killed hundreds of civilians in Ghouta
  in August 2013": the strike is not in Ghouta).
- `sized_up`: "It was the deadliest attack in the city since 2015", "It was the third claim of a chemical
  attack in just over a week": a pronoun's copula sizes up the event told before; no happening of its own.
- `uncertain`: a sentence whose event type wins less than `min_type_share` of the classifier's
  support (against the other types and "no event") tells of no event clearly enough to code;
  such sentences are commentary ("the high toll from strikes has prompted criticism") more often
  than news. The share was chosen on the development gold reports (docs/EVALUATION.md).
- `sure_of_an_event`: a report that tells some happening has at least one event. When no sentence
  gives one, the first sentence sure to tell an event (`min_event_share` of the support for all
  event types together) but unsure of its type is coded all the same (`events/extract.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.config import enabled_rules
from sitrep.events.classifier import Prediction
from sitrep.events.cues import load_cues
from sitrep.events.dates import times_in
from sitrep.events.fatalities import DEATH_WORD, cumulative_toll
from sitrep.events.happening import clause_head
from sitrep.events.merge import country_only
from sitrep.model import Event, PlaceMention, Span, TimeMention
from sitrep.nlp import doc_text
from sitrep.places.gazetteer import neighbours

CONFIG_FILE = Path(__file__).with_name("reportedness.yaml")


@dataclass(frozen=True)
class Settings:
    enabled: frozenset[str]
    max_age_days: int
    max_age_days_explicit: int
    explicit_precision: int
    recall_words: frozenset[str]
    lead_weight: float
    country_weight: float
    locative_prepositions: frozenset[str]
    min_type_share: float
    min_event_share: float
    alternative_types: int
    min_alternative_share: float
    development_sub_types: frozenset[str]
    sizing_verbs: frozenset[str]
    sizing_subjects: frozenset[str]
    narrative_reach: int


@cache
def load_settings(path: Path = CONFIG_FILE) -> Settings:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Settings(
        enabled=enabled_rules(data["rules"], "SITREP_REPORTEDNESS_OFF"),
        max_age_days=int(data["max_age_days"]),
        max_age_days_explicit=int(data["max_age_days_explicit"]),
        explicit_precision=int(data["explicit_precision"]),
        recall_words=frozenset(data["recall_words"]),
        lead_weight=float(data["region"]["lead_weight"]),
        country_weight=float(data["region"]["country_weight"]),
        locative_prepositions=frozenset(data["locative_prepositions"]),
        min_type_share=float(data["min_type_share"]),
        min_event_share=float(data["min_event_share"]),
        alternative_types=int(data["alternative_types"]),
        min_alternative_share=float(data["min_alternative_share"]),
        development_sub_types=frozenset(data["development_sub_types"]),
        sizing_verbs=frozenset(data["sizing_verbs"]),
        sizing_subjects=frozenset(data["sizing_subjects"]),
        narrative_reach=int(data["narrative_reach"]),
    )


@dataclass(frozen=True)
class Region:
    """The country a report is about and its neighbours: where its events are expected."""

    focus: str | None
    countries: frozenset[str]

    def holds(self, country_code: str | None) -> bool:
        return self.focus is None or country_code is None or country_code in self.countries


def report_region(places: Sequence[PlaceMention], lead_end: int) -> Region:
    """The country the report's places point to, with its neighbours (GeoNames). A report names
    its news's country in its lead, and names other countries as actors ("Russia faces",
    "British FM"): places of the lead weigh `lead_weight` times, country names `country_weight`."""
    settings = load_settings()
    weights: dict[str, float] = {}
    for place in places:
        if place.resolved and place.role == "location" and place.country_code:
            weight = settings.lead_weight if place.span.start < lead_end else 1.0
            weight *= settings.country_weight if place.feature_kind == "country" else 1.0
            weights[place.country_code] = weights.get(place.country_code, 0.0) + weight
    if not weights:
        return Region(None, frozenset())
    focus = max(weights, key=lambda code: weights[code])  # the first named among equals
    return Region(focus, frozenset({focus, *neighbours(focus)}))


def sure_of_an_event(prediction: Prediction) -> bool:
    """Rule `sure_of_an_event`: the classifier's event types together win `min_event_share` of its
    support, whichever of them wins."""
    settings = load_settings()
    return "sure_of_an_event" in settings.enabled and prediction.event_share >= settings.min_event_share


def alternative_types(prediction: Prediction) -> list[tuple[str, float]]:
    """The runners-up to the winning type, with their shares, that `sure_of_an_event` may code."""
    settings = load_settings()
    runners_up = prediction.ranked[1 : 1 + settings.alternative_types]
    return [(label, share) for label, share in runners_up if share >= settings.min_alternative_share]


def not_news(
    event: Event,
    sentence: SpacySpan,
    trigger: Token,
    published: dt.date | None,
    doubt: bool = False,
    times: Sequence[TimeMention] = (),
) -> str | None:
    """The rule by which the event is background, not news of the report; None when it is news.
    `doubt`: the event's type may be doubtful (`sure_of_an_event`): the `uncertain` rule is waived.
    `times`: the report's time expressions, for `stale_narrative`."""
    settings = load_settings()
    if (
        "uncertain" in settings.enabled
        and not doubt
        and event.score is not None
        and event.score < settings.min_type_share
    ):
        return "uncertain"
    if "cumulative" in settings.enabled and _cumulative(sentence, trigger):
        return "cumulative"
    if "denied" in settings.enabled and _denied(trigger):
        return "denied"
    if "sized_up" in settings.enabled and _sized_up(trigger, settings):
        return "sized_up"
    if "stale" in settings.enabled and _stale(event, trigger, published, settings):
        return "stale"
    if "stale_narrative" in settings.enabled and _stale_narrative(sentence, times, published, settings):
        return "stale_narrative"
    if "undated_development" in settings.enabled and _undated_development(event, sentence, settings):
        return "undated_development"
    return None


# the verdicts of `not_news` by which a sentence tells another happening. Not `cumulative`: the toll of a
# week's fight ("killed since Tuesday in the fight over Tabqa base") may name the place of today's news.
OTHER_HAPPENING = frozenset({"stale"})


def lends_nothing(verdict: str | None) -> bool:
    """`background_lends_nothing`: whether a sentence judged so may lend no place or toll to its neighbours."""
    return verdict in OTHER_HAPPENING and "background_lends_nothing" in load_settings().enabled


def _sized_up(trigger: Token, settings: Settings) -> bool:
    """ "It was the third claim of a chemical attack in just over a week", "It was the Syrian army's last
    foothold in an area otherwise controlled by Islamic State": a pronoun's copula sizes up the event or
    place told before it (its rank, its toll among others), and tells no happening of its own."""
    token = trigger
    while token.dep_ in ("pobj", "prep", "compound", "amod") and token.head.i != token.i:
        token = token.head  # "claim of a chemical attack": up the noun phrase
    verb = token.head if token.dep_ in ("attr", "dobj") else token  # or the copula itself stood for the type
    return verb.lemma_.lower() in settings.sizing_verbs and any(
        child.dep_ == "nsubj" and child.lower_ in settings.sizing_subjects for child in verb.children
    )


def _undated_development(event: Event, sentence: SpacySpan, settings: Settings) -> bool:
    """A strategic development told without a date in its own sentence is a standing state or an
    aside ("the two leaders emphasised the importance of maintaining the ceasefire", "the Kurdish
    fighters also reportedly discovered a tunnel"), not the news of one ("On Thursday the sides agreed")."""
    if event.sub_event_type not in settings.development_sub_types:
        return False
    told = event.field_spans.get("event_date")
    return told is None or not (sentence.start_char <= told.start < sentence.end_char)


# the clauses that carry what a denial verb denies: "denied (that) the army had used", "denied using",
# "denied allegations that forces used", "denied its jets were involved"
DENIED_CLAUSES = frozenset({"xcomp", "ccomp", "pcomp", "acl", "relcl"})


def without_asides(events: list[Event]) -> list[Event]:
    """`country_aside`: the events placed no finer than a country are dropped when the report places
    any of its events more precisely; a report that names no finer place keeps them."""
    if "country_aside" not in load_settings().enabled:
        return events
    placed = [e for e in events if not country_only(e)]
    return placed or events


def _denied(trigger: Token) -> bool:
    """ "The army denied using chemical weapons": what a side denies doing is no happening the report
    tells. "did not deny that airstrikes had been carried out" tells one; a claim that another side
    then denies keeps its own clause ("accused Belgium of killing six civilians ... denied by Brussels")."""
    cues = load_cues()
    for head in trigger.ancestors:
        lemma = head.lemma_.lower()
        if lemma in cues.denial_verbs:
            return not any(child.dep_ == "neg" for child in head.children)
        if head.pos_ == "VERB" and (head.dep_ not in DENIED_CLAUSES or lemma in cues.speech_verbs):
            return False  # the trigger's own clause, or a side's own account ("saying its air strikes hit"), is not what is denied
    return False


def _cumulative(sentence: SpacySpan, trigger: Token) -> bool:
    """ "More than 330,000 people have been killed since the conflict began"."""
    if not cumulative_toll(sentence.text):
        return False
    return trigger.lemma_.lower() in load_cues().casualty_words or bool(DEATH_WORD.search(sentence.text))


def _stale(event: Event, trigger: Token, published: dt.date | None, settings: Settings) -> bool:
    if event.event_date is None or published is None:
        return False
    age = (published - event.event_date).days
    if age <= settings.max_age_days:
        return False
    told = event.field_spans.get("event_date")
    return not (
        told is not None
        and age <= settings.max_age_days_explicit
        and (event.time_precision or 3) <= settings.explicit_precision
        and CALENDAR_DATE.search(told.text) is not None
        and _told_as_news(told, trigger, settings)
    )


def _stale_narrative(
    sentence: SpacySpan, times: Sequence[TimeMention], published: dt.date | None, settings: Settings
) -> bool:
    """The sentence has no time of its own, and the nearest dated sentence before it (at most
    `narrative_reach` back) names a calendar date over `max_age_days` before the report."""
    if published is None or times_in(sentence, times):
        return False
    before = sentence
    for _ in range(settings.narrative_reach):
        if before.start == 0:
            return False
        before = sentence.doc[before.start - 1].sent
        told = times_in(before, times)
        ends = [
            t.date_to for t in told
            if t.date_to is not None and CALENDAR_DATE.search(t.span.text) and not _within_since(before, t)
        ]  # fmt: skip
        if ends:
            return all((published - end).days > settings.max_age_days for end in ends)
        if told:
            return False  # "on Tuesday", "this week": the story came back to the news
    return False


def _within_since(sentence: SpacySpan, mention: TimeMention) -> bool:
    """ "since 2012", "Since the beginning of the crisis in March 2011": a time up to the present,
    not the time of a story told ("since" anywhere before it in the sentence; dates.py's test of an
    event's own date looks only right before it)."""
    return SINCE.search(doc_text(sentence.doc), sentence.start_char, mention.span.start) is not None


SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


# "April", "Feb 22", "2016": a date named on the calendar, not one told relative to another
# ("last month", "earlier this year")
CALENDAR_DATE = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


def _told_as_news(told: Span, trigger: Token, settings: Settings) -> bool:
    """ "In April, IS claimed it shot down a plane": the date stands in the main clause that tells the
    event (or in the claim or report that governs it), and no word recalls it as an earlier one
    ("another attack", "an earlier attack", "a ceasefire that Turkey brokered in December")."""
    clauses = _telling_clauses(trigger)
    main = clauses[-1]
    if main.dep_ not in ("ROOT", "conj") or (main.dep_ == "conj" and main.head.dep_ != "ROOT"):
        return False
    if any(t.lower_ in settings.recall_words for t in trigger.sent):
        return False
    dated = trigger.doc.char_span(told.start, told.end, alignment_mode="expand")
    return dated is not None and clause_head(dated.root).i in {c.i for c in clauses}


def _telling_clauses(trigger: Token) -> list[Token]:
    """The clauses that tell the event: the trigger's own, then the claim or report verbs over it."""
    clauses = [clause_head(trigger)]
    while clauses[-1].dep_ in ("ccomp", "xcomp") and clauses[-1].head.i != clauses[-1].i:
        clauses.append(clause_head(clauses[-1].head))
    return clauses


def place_of_news(
    place: PlaceMention | None, trigger: Token, places: Sequence[PlaceMention], region: Region
) -> PlaceMention | None:
    """The event's place, unless it lies abroad and is not where the trigger's clause says the
    event happened: then the nearest place of the report's own region, else none."""
    if place is None or "abroad" not in load_settings().enabled or region.holds(place.country_code):
        return place
    if _locative_of(place.span, trigger):
        return place
    at_home = [
        p for p in places
        if p.resolved and p.role == "location" and region.holds(p.country_code) and p.country_code
    ]  # fmt: skip
    if not at_home:
        return None
    return min(at_home, key=lambda p: abs(p.span.start - trigger.idx))


def _locative_of(span: Span, trigger: Token) -> bool:
    """The place is where the trigger's clause says the event happened: after a locative
    preposition of that clause ("in Geneva"), or the object the trigger hit ("struck Sanaa")."""
    doc = trigger.doc
    named = doc.char_span(span.start, span.end, alignment_mode="expand")
    if named is None:
        return False
    head = clause_head(trigger)
    token = named.root
    for _ in range(6):
        if (
            token.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "amod", "npadvmod")
            and token.head.i != trigger.i
        ):
            return False  # "the Pentagon said", "US-led strikes", "Washington's allies"
        parent = token.head
        if parent.i == token.i:
            return False
        if token.dep_ == "pobj" and parent.lower_ in load_settings().locative_prepositions:
            return clause_head(parent).i == head.i or parent.head.i == trigger.i
        if token.dep_ in ("dobj", "obj") and parent.i in (trigger.i, head.i):
            return True
        token = parent
    return False
