"""Where in a sentence the words of an event type's lexicon (`triggers.yaml`) stand."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.config import switched_off
from sitrep.events.classifier import default_lexicon
from sitrep.events.cues import load_cues
from sitrep.events.happening import RULES_OFF_VARIABLE, reports_happening


def trigger_candidates(sentence: SpacySpan, sub_event_type: str) -> list[Token]:
    """Tokens that start a cue (strong words first), then a hint, of the type, in text order."""
    lexicon = default_lexicon()
    entry = lexicon.types.get(sub_event_type)
    if entry is None:
        return []
    found: list[Token] = []
    text = sentence.text  # joined from the tokens on each access
    kind_nouns = (
        frozenset() if "kind_of_thing" in switched_off(RULES_OFF_VARIABLE) else load_cues().kind_nouns
    )
    in_play = lexicon.in_play(text)  # the cues whose anchor words the sentence holds: no other can match
    for cues in (entry.cues, entry.hints):
        tokens: dict[int, Token] = {}
        for cue in lexicon.playing(cues, in_play):
            for match in cue.regex.finditer(text):
                span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    token = _head_word(span)
                    if not _names_a_kind(token, kind_nouns):
                        tokens.setdefault(token.i, token)
        found += [tokens[i] for i in sorted(tokens) if all(t.i != i for t in found)]
    return found


def _head_word(span: SpacySpan) -> Token:
    """The word of a cue that carries the event: its verb if it has one ("shot down"), else its head."""
    verbs = [t for t in span if t.pos_ == "VERB"]
    token = verbs[0] if verbs else span.root
    # "suicide" in "suicide attacks": the noun it modifies names the event
    while token.dep_ in ("compound", "amod") and token.head.pos_ == "NOUN" and token.head.i != token.i:
        token = token.head
    return token


def _names_a_kind(token: Token, kind_nouns: frozenset[str]) -> bool:
    """Rule `kind_of_thing`: the cue only says what kind a programme, an institution or a piece of equipment
    is ("its chemical weapons program", "the chemical weapons watchdog"): no event word."""
    return token.pos_ == "NOUN" and token.lower_ in kind_nouns


# "captured Tawil al-Halib after clashes with the rebel factions": prepositions whose noun sets the scene
SCENE_PREPOSITIONS = frozenset({"after", "following", "amid", "during"})


def sets_the_scene(trigger: Token) -> bool:
    """Rule `refined_trigger`: the trigger is a noun after a preposition of circumstance ("after
    clashes"), which tells what led up to the sentence's main happening, not that happening."""
    if "refined_trigger" in switched_off(RULES_OFF_VARIABLE):
        return False
    return (
        trigger.pos_ == "NOUN"
        and trigger.dep_ == "pobj"
        and trigger.head.lower_ in SCENE_PREPOSITIONS
        and not any(child.dep_ == "relcl" for child in trigger.children)  # "after clashes that killed 40"
    )


def refined_trigger(sentence: SpacySpan, sub_event_type: str) -> tuple[str, Token] | None:
    """Rule `refined_trigger`: a sentence typed as a general type whose own words tell no happening
    ("regime forces captured Barqum following clashes": the clashes are background), or only set its
    scene ("captured Tawil al-Halib after clashes"), is coded as the more specific type that refines
    it, when that type's word tells one (the capture), as ACLED codes a town taken after clashes.
    The type and its trigger, most specific type first; else None."""
    if "refined_trigger" in switched_off(RULES_OFF_VARIABLE):
        return None
    lexicon = default_lexicon()
    refining = sorted(
        (entry for entry in lexicon.types.values() if sub_event_type in entry.refines),
        key=lambda entry: -entry.priority,
    )
    for entry in refining:
        for token in trigger_candidates(sentence, entry.sub_event_type):
            if reports_happening(token):
                return lexicon.territory_side(sentence.text, entry, token.idx - sentence.start_char), token
    return None
