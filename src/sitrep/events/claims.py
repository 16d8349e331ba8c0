"""Claim status: whether an event is reported as fact, claimed by one side, disputed or denied.

An event is `claimed` when its trigger sits under a claim verb ("IS claimed it shot down ...") or
a side "claimed responsibility"; `disputed` when another side then rejects the claim in the same
or one of the next two sentences ("Sputnik refuted the allegation"); `denied` when a side rejects
it and nobody claimed it. Who claimed and who denied go into `tags`.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.events.cues import load_cues

FOLLOWING_SENTENCES = 2


def claim_status(sentences: list[SpacySpan], index: int, trigger: Token) -> tuple[str, str]:
    """(claim_status, tags) for the event triggered by `trigger` in sentences[index]."""
    cues = load_cues()
    sentence = sentences[index]
    claimant = None
    for token in (trigger, *trigger.ancestors):
        if token.lemma_.lower() in cues.claim_verbs and token.i != trigger.i:
            claimant = _subject(token)
            break
    if claimant is None and "claimed responsibility" in sentence.text.lower():
        claimant = next((_subject(t) for t in sentence if t.lower_ == "claimed"), None)
    denier = None
    for other in sentences[index : index + 1 + FOLLOWING_SENTENCES]:
        denier = _denier(other, cues.denial_verbs, cues.denial_phrases)
        if denier is not None:
            break
    tags = []
    if claimant:
        tags.append(f"claimed by {claimant}")
    if denier:
        tags.append(f"denied by {denier}")
    if claimant and denier:
        return "disputed", "; ".join(tags)
    if claimant:
        return "claimed", "; ".join(tags)
    if denier:
        return "denied", "; ".join(tags)
    return "reported", ""


def _subject(verb: Token) -> str:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            phrase = child.doc[child.left_edge.i : child.right_edge.i + 1]
            if phrase[0].pos_ == "DET":
                phrase = phrase[1:]
            return phrase.text.strip(" ,") or child.text
    return "a party"


def _denier(sentence: SpacySpan, verbs: frozenset[str], phrases: tuple[str, ...]) -> str | None:
    for token in sentence:
        if token.lemma_.lower() in verbs and token.pos_ == "VERB":
            return _subject(token)
    text = sentence.text.lower()
    if any(phrase in text for phrase in phrases):
        return "a party"
    return None
