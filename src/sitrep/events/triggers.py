"""Where in a sentence the words of an event type's lexicon (`triggers.yaml`) stand."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.events.classifier import default_lexicon


def trigger_candidates(sentence: SpacySpan, sub_event_type: str) -> list[Token]:
    """Tokens that start a cue (strong words first), then a hint, of the type, in text order."""
    entry = default_lexicon().types.get(sub_event_type)
    if entry is None:
        return []
    found: list[Token] = []
    for cues in (entry.cues, entry.hints):
        tokens: dict[int, Token] = {}
        for cue in cues:
            for match in cue.regex.finditer(sentence.text):
                span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    token = _head_word(span)
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
