"""Whether a trigger word reports a happening, or background, habit, aim, hypothesis or negation.

"have clashed since 2012", "smuggle weapons and launch attacks", "to capture the highway",
"could attack at any moment" and "we can't say we've broken the siege" are not events.
Read off the dependency parse around the trigger, with the cue words of `cues.yaml`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.config import switched_off
from sitrep.events.cues import load_cues
from sitrep.times.grammar import MONTH

# what `SITREP_EVENT_RULES_OFF=refined_trigger,describing_participle` switches off (to measure what a rule earns)
RULES_OFF_VARIABLE = "SITREP_EVENT_RULES_OFF"


def reports_happening(trigger: Token, expressive: bool = False) -> bool:
    """False for background, habitual, hypothetical, intended or negated statements.

    `expressive`: the event is done by a crowd in the open (a protest, a riot), so "blocked the road
    to protest" and "used tear gas to disperse violent demonstrations" report one, where "launched an
    offensive to capture the highway" only aims at a capture.
    """
    cues = load_cues()
    sentence = trigger.sent
    clause = clause_head(trigger)
    if _aim(trigger, clause, cues.intent_verbs) and not (expressive and _purpose_of_a_past_act(clause)):
        return False
    for token in (clause, *clause.children):
        if token.lower_ in cues.modal_words and token.dep_ == "aux" and token.head.i == clause.i:
            return False
        if token.dep_ == "neg" or (token.lower_ in cues.negations and token.dep_ in ("neg", "det")):
            return False
        if token.dep_ in ("nsubj", "nsubjpass") and any(
            c.lower_ in cues.negations and c.dep_ in ("det", "preconj", "neg") for c in token.children
        ):
            return False  # "Neither fatalities nor injuries were reported", "no one was hurt"
        if token.lemma_.lower() in cues.habitual_words:
            return False
    if _quoted_first_person(sentence, trigger):
        return False
    if trigger.pos_ == "NOUN":
        # "a bombing that killed seven": a noun told in the past is a happening
        if any(c.dep_ == "relcl" and c.tag_ in ("VBD", "VBN") for c in trigger.children):
            return True
        if trigger.tag_ == "NNS" and not _counted(trigger) and _verb(clause) and not _past(clause):
            return False  # "launch suicide attacks", "a launching ground for attacks": attacks in general
    text = sentence.text.lower()
    perfect = _present_perfect(clause)
    if perfect and any(phrase in text for phrase in cues.background_phrases):
        return False  # "has changed hands over the past four years"
    if perfect and any(t.lower_ in cues.background_prepositions for t in sentence):
        return False  # "have clashed ... since 2012"
    if _describing_participle(trigger):  # "supports rebels fighting against Assad": who the rebels are
        clause = clause_head(trigger.head)
        perfect = _present_perfect(clause)
    tense_verb = _conjunct_head(clause)
    if _progressive_state(tense_verb):  # "the regime is fighting IS", "has been providing air support"
        return False
    if trigger.pos_ in ("VERB", "AUX") and tense_verb.tag_ in ("VBZ", "VBP"):
        return perfect or _has_past_auxiliary(tense_verb)  # simple present: a habit or a state
    return True


def _describing_participle(trigger: Token) -> bool:
    """Rule `describing_participle` (SITREP_EVENT_RULES_OFF): a participle after a noun ("rebels
    fighting against Assad") tells who the noun is, in the tense of the clause that names it: under a
    simple present ("Saudi Arabia, which supports rebels fighting against Assad") it is a state."""
    return (
        trigger.dep_ == "acl"
        and trigger.tag_ == "VBG"
        and trigger.head.i != trigger.i
        and "describing_participle" not in switched_off(RULES_OFF_VARIABLE)
    )


def _progressive_state(verb: Token) -> bool:
    """Rule `progressive_state` (SITREP_EVENT_RULES_OFF): a verb in the present progressive, simple or
    perfect ("areas where the regime is fighting IS", "the coalition has been providing air support",
    "a tribe it has been battling"), tells what is going on, a state of the war, not a happening."""
    if verb.tag_ != "VBG" or "progressive_state" in switched_off(RULES_OFF_VARIABLE):
        return False
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    present_be = any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in auxiliaries)
    perfect_been = any(c.lower_ == "been" for c in auxiliaries) and _present_perfect(verb)
    return present_be or perfect_been


def _aim(trigger: Token, clause: Token, intent_verbs: frozenset[str]) -> bool:
    """ "to capture the highway", "plan and launch attacks", "vowed to retake": an aim, not a happening.
    A perfect infinitive tells of a past act ("claimed to have ambushed a convoy")."""
    for token in (trigger, clause):
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children) and not _perfect(token):
            return True
        head = _conjunct_head(token)
        if head.lemma_.lower() in intent_verbs:
            return True
        if head.dep_ in ("xcomp", "conj") and head.head.lemma_.lower() in intent_verbs:
            return True
    return False


def _purpose_of_a_past_act(verb: Token) -> bool:
    """ "blocked the road to protest": an infinitive of purpose under a verb told in the past."""
    return (
        verb.dep_ in ("advcl", "xcomp")
        and _past(verb.head)
        and verb.head.lemma_.lower() not in load_cues().intent_verbs
    )


def _perfect(verb: Token) -> bool:
    """ "to have ambushed": a participle with the auxiliary "have"."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def _conjunct_head(token: Token) -> Token:
    """The first of coordinated verbs ("plan and launch"): it carries their tense and mood."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def clause_head(token: Token) -> Token:
    """The verb whose clause the token sits in (a noun trigger's, too)."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
            return current
        current = current.head
    return current


def _past(verb: Token) -> bool:
    """A verb told in the past: "killed", "were killed", "had been struck", and a present perfect
    told of one day (`dated_perfect`)."""
    head = _conjunct_head(verb)
    return head.tag_ == "VBD" or (head.tag_ == "VBN" and (not _present_perfect(head) or _dated_perfect(head)))


# "02 February 2020", "2nd February", "Feb 2": a day of the calendar (the month names of `times`)
DAY_OF_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?!\w)|\b{MONTH}\s+\d{{1,2}}\b", re.IGNORECASE
)


def _dated_perfect(verb: Token) -> bool:
    """Rule `dated_perfect` (SITREP_EVENT_RULES_OFF): a present perfect in a sentence dated to the day
    ("On 02 February 2020 opposition rebels have targeted regime forces with Grad rockets") tells a past
    happening: English keeps the perfect for undated time, so a writer who dates it means the past.
    The date must stand in the verb's own clause ("air raids have taken place in towns including Urum
    al-Kubra, where an attack took place on 19 September" dates the attack, not the raids)."""
    return "dated_perfect" not in switched_off(RULES_OFF_VARIABLE) and any(
        ent.label_ == "DATE" and DAY_OF_MONTH.search(ent.text) and clause_head(ent.root).i == verb.i
        for ent in verb.sent.ents
    )


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
    return trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in trigger.children)


def retells_by_subject(trigger: Token) -> bool:
    """ "The attack also caused material damage": the clause's subject is a definite event noun, so
    the sentence tells more of an event already told, whatever its own trigger word."""
    clause = clause_head(trigger)
    return any(
        child.dep_ in ("nsubj", "nsubjpass")
        and child.lower_ in load_cues().event_nouns
        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in child.children)
        for child in clause.children
    )


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _quoted_first_person(sentence: SpacySpan, trigger: Token) -> bool:
    """Speech in quotation marks about the speaker's side: aims and assessments, rarely events."""
    text = sentence.text.lstrip()
    if text[:1] not in "\"“'‘":
        return False
    return any(t.lower_ in ("we", "our", "us", "i") for t in sentence if t.i < trigger.i)
