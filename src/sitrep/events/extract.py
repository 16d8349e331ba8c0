"""Event coding: from an analysed document to ACLED-style events with their evidence.

For each sentence the classifier names an ACLED sub-event type (or none). The trigger word of
that type is located, and statements that are not events (background, habitual, hypothetical,
negated, intended) are dropped. The event then takes its actors from the trigger's clause, its
place nearest the trigger (else the paragraph's), its date from its own sentence (else the lead,
anchored on the publication date), its fatalities and claim status from the text around it.
Retellings of one event (same type, actors, place and day) are merged into one.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.actors import unidentified_perpetrator
from sitrep.config import switched_off
from sitrep.events.claims import claim_status
from sitrep.events.classifier import Prediction
from sitrep.events.cues import load_cues
from sitrep.events.dates import date_of_event, lead_time
from sitrep.events.fatalities import (
    coded_at_places,
    coded_fatalities,
    coders_statement,
    count_fatalities,
    split_across,
)
from sitrep.events.happening import RULES_OFF_VARIABLE, anaphoric, reports_happening, retells_by_subject
from sitrep.events.location import LEAD_SENTENCES, event_place, locate
from sitrep.events.merge import fold_headlines, is_headline, merge_retellings, sums_up
from sitrep.events.notes import acled_notes, leading_date_end
from sitrep.events.reportedness import (
    Region,
    alternative_types,
    lends_nothing,
    not_news,
    place_of_news,
    report_region,
    sure_of_an_event,
    without_asides,
)
from sitrep.events.roles import Roles, actor_role, assign_roles, included_in_toll, subject_of_clause
from sitrep.events.taxonomy import (
    ARMED,
    BATTLES,
    EVENT_TYPE_OF,
    EXPLOSIONS,
    LOOTING,
    PROTESTS,
    RIOTS,
    VIOLENCE_AGAINST_CIVILIANS,
    civilian_targeting,
    disorder_type,
    interaction_code,
)
from sitrep.events.triggers import refined_trigger, sets_the_scene, trigger_candidates
from sitrep.model import ActorMention, Document, Event, PlaceMention, Span, TimeMention
from sitrep.nlp import doc_text
from sitrep.places.normalize import name_key

if TYPE_CHECKING:
    from sitrep.events.classifier import EventClassifier

# a teaser cut short ("... from […]") repeats the lead it stands for
TRUNCATED = re.compile(r"(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*$")
# rapidfuzz ratio of name keys at which a coder's place is the event's (Jabal al-Akrad, Jabal Akrad)
SAME_PLACE_NAME = 85


def extract_events(
    document: Document,
    sdoc: Doc,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    classifier: EventClassifier,
) -> list[Event]:
    sentences = [s for s in sdoc.sents if s.text.strip()]
    if not sentences:
        return []
    texts = [s.text for s in sentences]  # spaCy joins a span's text from its tokens on each access
    predictions = _escalated_protests(classifier.predict(texts), texts, classifier)
    lead = lead_time(sentences, times, document.published)
    region = report_region(places, sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end_char)
    events: list[Event] = []
    summaries: set[str] = set()
    coded: dict[str, int] = {}  # event id -> index of its sentence
    retold: set[str] = set()  # events told with a definite noun: "the attack"
    continued: set[str] = set()  # more of the event told before: "The attack also caused damage"
    headlines: set[str] = set()
    background: set[int] = set()  # sentences of other happenings, which lend no place or toll
    told: dict[str, tuple[Token, str, float]] = {}  # event id -> its trigger, type and type's share
    doubted: _Told | None = None  # the first event sure to be one but unsure of its type
    rules_off = switched_off(RULES_OFF_VARIABLE)
    for index, (sentence, prediction) in enumerate(zip(sentences, predictions, strict=True)):
        sub_event_type = prediction.sub_event_type
        if sub_event_type is None or TRUNCATED.search(texts[index]):
            continue
        if coders_statement(texts[index]) and "coders_statement" not in rules_off:
            continue  # "Unknown fatalities coded to 10 and split between the two events": settles a toll
        share = prediction.score
        trigger = _trigger(sentence, sub_event_type, actors)
        refined = (
            refined_trigger(sentence, sub_event_type) if trigger is None or sets_the_scene(trigger) else None
        )
        if refined is not None:
            sub_event_type, trigger = refined
        runner_up = None
        if trigger is None and doubted is None and sure_of_an_event(prediction):
            runner_up = _runner_up_trigger(sentence, prediction, actors)
            if runner_up is not None:
                sub_event_type, trigger, share = runner_up
        if trigger is None or (events and _casualties_only(sentence, trigger, actors, places)):
            continue  # "One man died and another was injured.": the toll of the event just told
        if events and "accompanying" not in rules_off and _accompanying(trigger):
            continue  # "Clashes were accompanied by airstrikes": part of the event just told
        event = _code_event(
            document, sentences, index, trigger, sub_event_type, share,
            actors, places, times, lead, region,
        )  # fmt: skip
        if event is None:
            continue
        verdict = not_news(event, sentence, trigger, document.published, times=times)
        if lends_nothing(verdict):
            background.add(index)
        if runner_up or verdict == "uncertain":
            sure = (
                doubted is None
                and sure_of_an_event(prediction)
                and _tells_a_happening(sentence, sub_event_type, trigger)
            )
            # `uncertain` is judged first: any other verdict stands with the doubt waived
            if sure and (
                verdict is None
                or (
                    verdict == "uncertain"
                    and not_news(event, sentence, trigger, document.published, doubt=True, times=times)
                    is None
                )
            ):
                doubted = _Told(event, index, trigger, sub_event_type, share)
            continue
        if verdict is None:
            events.append(event)
            coded[event.event_id] = index
            told[event.event_id] = (trigger, sub_event_type, share)
            if anaphoric(trigger):
                retold.add(event.event_id)
            if retells_by_subject(trigger):
                continued.add(event.event_id)
            if is_headline(sentences, index):
                headlines.add(event.event_id)
            if sums_up(sentence, places):
                summaries.add(event.event_id)
    if not events and doubted is not None:  # rule `sure_of_an_event`
        events.append(doubted.event)
        coded[doubted.event.event_id] = doubted.index
        told[doubted.event.event_id] = (doubted.trigger, doubted.sub_event_type, doubted.share)
    if background:
        starts = [s.start_char for s in sentences]
        kept = [p for p in places if _sentence_index(starts, p.span.start) not in background]
        for position, event in enumerate(events):
            where = event.field_spans.get("location")
            if where is not None and _sentence_index(starts, where.start) in background:
                trigger, told_type, share = told[event.event_id]
                events[position] = _code_event(
                    document, sentences, coded[event.event_id], trigger, told_type, share,
                    actors, kept, times, lead, region,
                ) or event  # fmt: skip
    settled = _fatalities_told_after(
        events, coded, texts, background, document.text, _paragraphs(document.text, sentences), rules_off
    )
    summaries -= settled  # a coder's figure is the event's own, whatever the sentence sums up
    return without_asides(merge_retellings(fold_headlines(events, headlines), summaries, retold, continued))


# What a protest turns into when the sentences right after it tell of police action or violence
ESCALATION_OF = {
    "Protest with intervention": "Protest with intervention",
    "Excessive force against protesters": "Excessive force against protesters",
    "Violent demonstration": "Violent demonstration",
    "Mob violence": "Violent demonstration",
    "Armed clash": "Violent demonstration",  # "They clashed with police."
}


def _escalated_protests(
    predictions: list[Prediction], texts: list[str], classifier: EventClassifier
) -> list[Prediction]:
    """ "Workers staged a demonstration. Police fired tear gas to disperse them.": ACLED codes the
    whole happening once, as what the protest became. The next two sentences' strong cues raise a
    protest's type, and those sentences no longer count as events of their own."""
    lexicon = classifier.lexicon
    predictions = list(predictions)
    for index, prediction in enumerate(predictions):
        if prediction.event_type != PROTESTS:
            continue
        raised = prediction.sub_event_type
        assert raised is not None
        for following in range(index + 1, min(index + 3, len(texts))):
            hits = lexicon.hits(texts[following])
            escalations = [
                ESCALATION_OF[name] for name, hit in hits.items() if hit.strong and name in ESCALATION_OF
            ]
            if "Arrests" in hits and hits["Arrests"].strong and "Protest with intervention" in hits:
                escalations.append("Protest with intervention")  # "15 people were arrested by the police"
            if not escalations:
                told = predictions[following].event_type
                if told is not None and told != PROTESTS:
                    break  # another happening
                continue
            raised = max([raised, *escalations], key=lambda name: lexicon.types[name].priority)
            predictions[following] = Prediction(None, None, predictions[following].score)
        if raised != prediction.sub_event_type:
            predictions[index] = Prediction(EVENT_TYPE_OF[raised], raised, prediction.score)
    return predictions


def _casualties_only(
    sentence: SpacySpan, trigger: Token, actors: Sequence[ActorMention], places: Sequence[PlaceMention]
) -> bool:
    """A sentence that only counts the dead or hurt ("Two men died", "25 terrorists were killed"),
    naming no place and no actor but the victims."""
    start, end = sentence.start_char, sentence.end_char
    return (
        trigger.lemma_.lower() in load_cues().casualty_words
        and not any(start <= a.span.start < end and not _victim(a, trigger) for a in actors)
        and not any(start <= p.span.start < end for p in places)
    )


def _accompanying(trigger: Token) -> bool:
    """The rule `accompanying`: the trigger names what went with another happening, as the agent of
    "accompanied by", "aided by", "backed by" ("Clashes were accompanied by airstrikes and shelling")."""
    token = trigger
    while token.dep_ in ("conj", "compound", "amod") and token.head.i != token.i:
        token = token.head  # "airstrikes by Russian warplanes and shelling": the first of the list
    by = token.head
    return (
        token.dep_ == "pobj"
        and by.lower_ == "by"
        and by.dep_ in ("agent", "prep")
        and by.head.lemma_.lower() in load_cues().accompanying_verbs
        and by.head.tag_ == "VBN"
    )


def _victim(actor: ActorMention, trigger: Token) -> bool:
    """Civilians, or whoever the casualty word befalls ("25 terrorists were killed", and with the
    rule `victims_included` "12 people were killed including two rebel fighters")."""
    if actor.inter == 7:
        return True
    span = trigger.doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root  # "A number of terrorists ... were killed": climb to the trigger's argument
    for _ in range(4):
        if included_in_toll(token, trigger):
            return True
        if token.head.i == trigger.i:
            return token.dep_ == "nsubjpass" or (token.dep_ == "nsubj" and trigger.lemma_.lower() == "die")
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _sentence_index(starts: list[int], offset: int) -> int:
    """The index of the sentence that holds a character offset (`starts`: the sentences' first characters)."""
    return bisect.bisect_right(starts, offset) - 1


def _paragraphs(text: str, sentences: Sequence[SpacySpan]) -> list[int]:
    """Each sentence's paragraph number (paragraphs end at a blank line)."""
    numbers, paragraph, searched = [], 0, 0
    for sentence in sentences:
        paragraph += text.count("\n\n", searched, sentence.start_char)
        searched = max(searched, sentence.start_char)
        numbers.append(paragraph)
    return numbers


def _fatalities_told_after(
    events: list[Event],
    sentence_of: dict[str, int],
    texts: list[str],
    background: set[int],
    text: str,
    paragraph_of: list[int],
    rules_off: frozenset[str],
) -> set[str]:
    """ "Gunmen attacked the village. Three residents were killed.": deaths told in the sentences
    right after the event's own, before any other event or a background sentence is told, are the
    event's; then a coder's statements settle theirs (`_settle_coders_figures`). Returns the ids of
    the events whose toll a coder settled."""
    lead_toll = "lead_event_toll" not in rules_off
    event_sentences = set(sentence_of.values())
    for event in events:
        index = sentence_of[event.event_id]
        if count_fatalities(texts[index]) is not None:
            continue
        for following in range(index + 1, min(index + 3, len(texts))):
            if following in event_sentences or following in background:
                break
            if lead_toll and coded_fatalities(texts[following]) is not None:
                break  # the coder's figure is the lead event's, settled below
            deaths = count_fatalities(texts[following])
            if deaths is not None:
                event.fatalities = deaths
                break
    return _settle_coders_figures(
        events, sentence_of, texts, text, paragraph_of, lead_toll, "coded_place_shares" not in rules_off
    )


def _settle_coders_figures(
    events: list[Event],
    sentence_of: dict[str, int],
    texts: list[str],
    text: str,
    paragraph_of: list[int],
    lead_toll: bool,
    place_shares: bool,
) -> set[str]:
    """A coder's statement ("Several fatalities coded as 3", "split across 2 events", "Total
    fatalities 18") settles the count of the event its paragraph leads with, as a coder's note is
    one event whatever else it tells of, and the figure counts the rest of the note's deaths
    (`lead_event_toll`; else the event told last before it). A share the coder gives a place ("with
    12 coded to Jabal al-Akrad, 11 to Tallat al Ballut") is the toll of the first event placed there
    (`coded_place_shares`). Returns the ids of the events settled so."""
    settled: set[str] = set()
    for index, sentence in enumerate(texts):
        stated, shares = coded_fatalities(sentence), split_across(sentence)
        if stated is None and shares is None:
            continue
        if lead_toll:
            told_before = [
                e for e in events
                if sentence_of[e.event_id] <= index and paragraph_of[sentence_of[e.event_id]] == paragraph_of[index]
            ]  # fmt: skip
        else:
            told_before = [e for e in events if index - 3 < sentence_of[e.event_id] <= index]
        if not told_before:
            continue
        pick = min if lead_toll else max
        event = pick(told_before, key=lambda e: sentence_of[e.event_id])
        if stated is not None and sentence_of[event.event_id] < index:
            event.fatalities = stated
            settled.add(event.event_id)
            for other in told_before if lead_toll else []:
                if other is not event:
                    other.fatalities = 0  # counted in the coder's figure: not again when merged or mapped
        if shares:
            event.fatalities //= shares
        at_places = coded_at_places(sentence) if place_shares else []
        for placed in sorted(told_before, key=lambda e: sentence_of[e.event_id]) if at_places else []:
            where = placed.field_spans.get("location")
            share = _share_at(at_places, text[where.start : where.end]) if where is not None else None
            if share is not None:  # the first event placed there takes the place's share, once
                placed.fatalities = at_places.pop(share)[1]
                settled.add(placed.event_id)
    return settled


def _share_at(shares: list[tuple[str, int]], place: str) -> int | None:
    """The index of the share a coder gave this place, by its name as the text spells it, else None."""
    key = name_key(place)
    for index, (name, _) in enumerate(shares):
        other = name_key(name)
        if key and other and (key == other or fuzz.ratio(key, other) >= SAME_PLACE_NAME):
            return index
    return None


# --- the trigger and whether it reports a happening ------------------------------------------


@dataclass(frozen=True)
class _Told:
    """An event with the sentence, trigger, type and type's share it was coded from."""

    event: Event
    index: int
    trigger: Token
    sub_event_type: str
    share: float


def _tells_a_happening(sentence: SpacySpan, sub_event_type: str, trigger: Token) -> bool:
    """The trigger is a word of the type's lexicon, or a main verb in the simple past that is not
    one of speech: not a verb standing in for a type the classifier named without a word ("The
    Kremlin said that a moratorium on air strikes remained in place", "the toll from strikes has
    prompted criticism")."""
    if any(token.i == trigger.i for token in trigger_candidates(sentence, sub_event_type)):
        return True
    return trigger.tag_ == "VBD" and trigger.lemma_.lower() not in load_cues().speech_verbs


def _runner_up_trigger(
    sentence: SpacySpan, prediction: Prediction, actors: Sequence[ActorMention]
) -> tuple[str, Token, float] | None:
    """Rule `sure_of_an_event`: the best runner-up type whose word the sentence has, with its trigger
    and share, when the winning type's word is missing; else None."""
    for label, share in alternative_types(prediction):
        trigger = _trigger(sentence, label, actors)
        if trigger is not None:
            return label, trigger, share
    return None


def _trigger(sentence: SpacySpan, sub_event_type: str, actors: Sequence[ActorMention]) -> Token | None:
    """The first token that triggers `sub_event_type` and reports a happening, else None.

    Trigger words of the predicted type come first; when the statistical model named the type
    without a lexicon word, the sentence's main verb stands for it. A word inside an actor's
    name ("Turkish military", "Air Force") names who acts, not what happened.
    """
    candidates = [
        token for token in trigger_candidates(sentence, sub_event_type)
        if token.pos_ == "VERB" or not any(_names(a, token) for a in actors)
    ]  # fmt: skip
    if not candidates:
        candidates = [sentence.root]
    expressive = EVENT_TYPE_OF[sub_event_type] in (PROTESTS, RIOTS)
    for token in candidates:
        if reports_happening(token, expressive=expressive):
            return token
    if _done_with_an_instrument(candidates, sentence.root) and reports_happening(
        sentence.root, expressive=expressive
    ):
        return sentence.root
    return None


# "blocked a bridge using burning tires", "targeted regime forces with Grad rockets": what the act was done with
INSTRUMENT_WORDS = frozenset({"with", "using", "by"})


def _instrument(token: Token, root: Token) -> bool:
    """The token hangs from the main verb through "with", "using" or "by", whatever the phrase the
    parser attached that to, and through no other verb: tires <- using <- blocked; rockets <- with <-
    countryside <- in <- forces <- targeted ("targeted regime forces in Idlib countryside with rockets")."""
    through_instrument = False
    step = token
    for _ in range(8):
        if step.head.i == step.i:
            return False
        if step.head.i == root.i:
            return through_instrument or step.lower_ in INSTRUMENT_WORDS
        step = step.head
        if step.lower_ in INSTRUMENT_WORDS:
            through_instrument = True
        elif step.pos_ in ("VERB", "AUX"):
            return False  # "positions of militants armed with rockets": the rockets are theirs
    return False


def _done_with_an_instrument(candidates: Sequence[Token], root: Token) -> bool:
    """Rule `instrument_of_the_act`: a word of the type that names only what the sentence's main
    verb was done with ("demonstrators blocked a major bridge using burning tires") leaves that
    verb, told in the simple past and not one of speech or denial, to tell the happening."""
    if "instrument_of_the_act" in switched_off(RULES_OFF_VARIABLE) or root.tag_ != "VBD":
        return False
    cues = load_cues()
    if root.lemma_.lower() in cues.speech_verbs | cues.denial_verbs:
        return False  # "denied using chemical weapons": the denial is no act done with weapons
    return any(_instrument(token, root) for token in candidates)


def _names(actor: ActorMention, token: Token) -> bool:
    """The token is part of the actor's name; crowds named by their protest are not names."""
    return actor.inter not in (5, 6) and actor.span.start <= token.idx < actor.span.end


# --- coding one event ----------------------------------------------------------------------


def _code_event(
    document: Document,
    sentences: list[SpacySpan],
    index: int,
    trigger: Token,
    sub_event_type: str,
    score: float,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    lead: TimeMention | None,
    region: Region,
) -> Event | None:
    sentence = sentences[index]
    start, end = sentence.start_char, sentence.end_char
    in_sentence = [a for a in actors if start <= a.span.start < end]
    roles = assign_roles(sentence, trigger, in_sentence)
    place = place_of_news(event_place(sentences, index, trigger, places), trigger, places, region)
    sub_event_type = _territory_side(sub_event_type, roles, place.country_code if place else region.focus)
    sub_event_type = _by_perpetrator(_by_target(sub_event_type, roles, trigger), roles, trigger)
    event_type = EVENT_TYPE_OF[sub_event_type]
    when, precision, time_span = date_of_event(sentence, trigger, times, lead, document.published)
    deaths = count_fatalities(sentence.text)
    status, tags = claim_status(sentences, index, trigger)
    evidence = Span(start, end, sentence.text)
    country = place.country_code if place else None
    if event_type in CROWD_ACTORS:
        _crowd_acts(roles, in_sentence, event_type, country)
    if event_type in (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS) and (
        roles.actor1 is None or roles.actor1.inter in (5, 7)
    ):
        # ACLED never makes civilians the perpetrators of armed violence, and rioters act only in riots:
        # "four men" who kill are unidentified
        if roles.actor1 is not None and roles.actor2 is None and not _acts(roles.actor1, trigger):
            # the victim stood in for a missing perpetrator: "people" are civilians, not rioters, here
            roles.actor2 = roles.agent or roles.actor1
        roles.actor1 = unidentified_perpetrator(doc_text(sentence.doc), start, country)
    actor2, assoc2 = _target_side(roles, sub_event_type, country, in_sentence)
    if actor2 is not None and roles.actor1 is not None and actor2.name == roles.actor1.name:
        actor2, assoc2 = None, []  # "a suicide bomber attacked police": not police fighting police
    inter1 = roles.actor1.inter if roles.actor1 else None
    inter2 = actor2.inter if actor2 else None
    event = Event(
        document_id=document.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        evidence=[evidence],
        event_date=when,
        time_precision=precision,
        disorder_type=disorder_type(event_type, sub_event_type),
        actor1=roles.actor1.name if roles.actor1 else "",
        assoc_actor_1=_joined(roles.assoc1, roles.actor1),
        inter1=inter1,
        actor2=actor2.name if actor2 else "",
        assoc_actor_2=_joined(assoc2, actor2),
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting=civilian_targeting(sub_event_type, inter2),
        fatalities=deaths or 0,
        claim_status=status,
        tags=tags,
        source=document.source or "",
        score=round(score, 4),
    )
    locate(event, place)
    event.field_spans = {"trigger": Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text)}
    for key, mention in (("actor1", roles.actor1), ("actor2", actor2), ("location", place)):
        if mention is not None and mention.span.start >= 0:
            event.field_spans[key] = mention.span
    if time_span is not None:
        event.field_spans["event_date"] = time_span
    event.notes = acled_notes(event, sentence.text[leading_date_end(sentence, time_span) :])
    event.event_id = _event_id(document.id, evidence, sub_event_type)
    return event


TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")


def _territory_side(sub_event_type: str, roles: Roles, country: str | None) -> str:
    """Who took the ground decides the territorial type: the state forces of the country where it
    lies regain; others overtake, foreign state forces among them (ACLED: "a non-state actor or a
    foreign state actor captures territory"; "Turkish forces captured the villages" in Syria)."""
    if sub_event_type not in TERRITORIAL or roles.actor1 is None:
        return sub_event_type
    actor = roles.actor1
    own_state = actor.inter == 1 and (country is None or actor.country is None or actor.country == country)
    return TERRITORIAL[0] if own_state else TERRITORIAL[1]


def _by_target(sub_event_type: str, roles: Roles, trigger: Token) -> str:
    """ACLED's line between an attack and a clash is the target: civilians are attacked, armed
    actors (soldiers, police, militias) fight back; the word "attacked" does not decide. Forces
    that exchange fire clash, whoever is hurt."""
    target = roles.actor2
    if target is None or roles.actor1 is None or roles.actor1.inter not in ARMED:
        return sub_event_type
    if sub_event_type == "Attack" and target.inter in ARMED:
        return "Armed clash"
    if (
        sub_event_type == "Armed clash"
        and target.inter == 7
        and trigger.lemma_.lower() not in load_cues().mutual_words
    ):
        return "Attack"
    return sub_event_type


def _by_perpetrator(sub_event_type: str, roles: Roles, trigger: Token) -> str:
    """Violence by an unorganised crowd or by civilians is mob violence in ACLED's codebook ("a group
    of people attacked a media office", "villagers clashed over land"): nobody armed and organised acts."""
    actor = roles.actor1
    if sub_event_type == "Armed clash" and roles.actor2 is not None and _unarmed_crowd(roles.actor2, trigger):
        return "Mob violence"  # "a clash erupted between police and shopkeepers": one side fights unarmed
    if actor is None or not _unarmed_crowd(actor, trigger) or not _acts(actor, trigger):
        return sub_event_type  # "two men shot at people": gunmen, not a crowd
    if EVENT_TYPE_OF[sub_event_type] in (BATTLES, VIOLENCE_AGAINST_CIVILIANS) or sub_event_type == LOOTING:
        return "Mob violence"
    return sub_event_type


def _unarmed_crowd(actor: ActorMention, trigger: Token) -> bool:
    return actor.inter in (5, 7) and _crowd(actor, trigger)


def _crowd(actor: ActorMention, trigger: Token) -> bool:
    """Civilians named as a crowd: "a group of people", "community members", "villagers"."""
    doc = trigger.doc
    span = doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if span is None:
        return False
    words = {t.lower_ for t in doc[max(span.start - 3, trigger.sent.start) : span.end]}
    return not words.isdisjoint(load_cues().crowd_words)


def _acts(actor: ActorMention, trigger: Token) -> bool:
    """The mention is the agent of the trigger's own clause, not a victim standing in for a missing
    one, nor the subject of another verb ("residents lost their lives after gunmen attacked")."""
    span = trigger.doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if span is None or actor_role(span.root, trigger) != "agent":
        return False
    return subject_of_clause(trigger.doc, actor, trigger) or span.root.head.i == trigger.i  # "IS bombing"


def _generic(country: str | None, label: str, inter: int, kind: str) -> ActorMention:
    """An ACLED generic actor of the event's country: "Unidentified Armed Group (Syria)"."""
    from sitrep.actors import country_name

    name = f"{label} ({country_name(country)})" if country else label
    return ActorMention(
        span=Span(-1, -1, ""), name=name, inter=inter, kind=kind, country=country, known=False
    )


# ACLED codes the crowd as actor1 of every protest and riot, whoever else the sentence names first
CROWD_ACTORS = {PROTESTS: ("Protesters", 6, "protesters"), RIOTS: ("Rioters", 5, "rioters")}


def _crowd_acts(roles: Roles, mentions: list[ActorMention], event_type: str, country: str | None) -> None:
    label, inter, kind = CROWD_ACTORS[event_type]
    crowd = next((m for m in mentions if m.inter == inter), None) or _generic(country, label, inter, kind)
    others = [m for m in (roles.actor1, roles.actor2) if m is not None and m.inter not in (inter, 7)]
    roles.actor1, roles.assoc1 = crowd, []
    roles.actor2 = next((m for m in others if m.inter in (1, 2, 3, 4, 8)), None)
    roles.assoc2 = []


def _target_side(
    roles: Roles, sub_event_type: str, country: str | None, in_sentence: Sequence[ActorMention]
) -> tuple[ActorMention | None, list[ActorMention]]:
    """actor2, with civilians as the target of violence against civilians when none is named, and
    of remote violence that the sentence says hurt civilians ("shells fell on the market, killing
    14 people")."""
    event_type = EVENT_TYPE_OF[sub_event_type]
    if roles.actor2 is not None or event_type not in (VIOLENCE_AGAINST_CIVILIANS, EXPLOSIONS):
        return roles.actor2, roles.assoc2
    if event_type == EXPLOSIONS and not any(m.inter == 7 for m in in_sentence):
        return None, roles.assoc2
    from sitrep.actors import country_name

    name = f"Civilians ({country_name(country)})" if country else "Civilians"
    civilians = ActorMention(span=Span(-1, -1, ""), name=name, inter=7, kind="civilians", country=country)
    return civilians, []


def _joined(mentions: Sequence[ActorMention], main: ActorMention | None) -> str:
    """Associated actors: the named ones, then the main actor's umbrella groups, ACLED-style."""
    names: list[str] = [m.name for m in mentions]
    if main is not None:
        names += [u for u in main.umbrella[:1]]
    seen: list[str] = []
    for name in names:
        if name and name not in seen and (main is None or name != main.name):
            seen.append(name)
    return "; ".join(seen)


# --- notes, ids and merging ----------------------------------------------------------------


def _event_id(document_id: str, evidence: Span, sub_event_type: str) -> str:
    digest = hashlib.sha1(f"{document_id}\x1f{evidence.start}\x1f{sub_event_type}".encode()).hexdigest()
    return f"SR{digest[:12].upper()}"
