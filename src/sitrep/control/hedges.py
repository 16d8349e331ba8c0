"""Words that weaken or void a statement: hedges in its sentence lower its confidence ("not solidified",
"reportedly", a denial); an intent or an aim before its verb makes it no deed ("failed to capture",
"a push to end the siege")."""

from __future__ import annotations

from sitrep.control.lexicon import Lexicon


def hedged(lexicon: Lexicon, source: str, sentence: str) -> tuple[float, list[str]]:
    """The source's base confidence times the weight of each hedge in the sentence, and the hedges."""
    confidence = lexicon.base_confidence[source]
    found = sorted({m.group(0).lower() for m in lexicon.hedge_pattern.finditer(sentence)})
    for hedge in found:
        confidence *= lexicon.hedges.get(" ".join(hedge.split()), 1.0)
    return confidence, found


def intended(lexicon: Lexicon, text: str, floor: int, at: int) -> bool:
    """An intent before `at` (not before `floor`, the sentence's start): "failed to", "trying to"."""
    return bool(lexicon.intent_before.search(text[max(floor, at - 40) : at]))


def aimed(lexicon: Lexicon, text: str, floor: int, at: int) -> bool:
    """An aim, not a deed: "a push to end the siege", "rebels battled to break a siege"."""
    return intended(lexicon, text, floor, at) or bool(
        lexicon.aim_before.search(text[max(floor, at - 50) : at])
    )
