"""The source `siege`: sieges imposed, tightened, broken or lifted, with the besieger ("the army broke
the siege of Deir ez-Zor", "the siege imposed by IS", "regime forces besieged Daraya")."""

from __future__ import annotations

import re

from sitrep.control.reader import Reader
from sitrep.control.sentence import Sentence, Who


def sieges(r: Reader, s: Sentence) -> None:
    """A siege noun with what was done to it and by whom, then the siege verbs."""
    lex = r.lexicon
    for match in lex.siege_nouns.finditer(s.body):
        noun_start, noun_end = s.start + match.start(), s.start + match.end()
        before = r.text[max(s.start, noun_start - 60) : noun_start]
        after = r.text[noun_end : min(s.end, noun_end + 60)]
        broken = lex.siege_broken.search(before) or lex.siege_broken.search(after)
        imposed_by = re.match(r"\s+(?:\w+\s+){0,2}?by\s+", after)
        besieger = (
            r.who.starting(s, noun_end + imposed_by.end())
            if imposed_by
            else r.who.ending(s, noun_start, reach=25)
        )
        if (
            not imposed_by
            and besieger
            and (lex.siege_broken.search(before[-25:]) or lex.siege_imposed.search(before[-25:]))
        ):
            besieger = None  # "the army broke the siege": the army broke it, it did not impose it
        place = r.where.after(s, noun_end, limit=100, skip_actors=True) or r.where.before(
            s, _under_start(r.text, s.start, noun_start)
        )
        if place is None:
            continue
        cue = r.text[max(s.start, noun_start - 30) : min(s.end, noun_end + 30)].strip()
        at = noun_start - len(before) + broken.start() if broken and broken.re.search(before) else noun_end
        if broken and r.aimed(s, at):
            broken = None  # "a push to end the siege": the siege goes on
        if broken:
            at = noun_start - len(before) + broken.start() if broken.re.search(before) else noun_start
            breaker = r.who.ending(s, at, reach=120)
            if breaker and besieger and breaker.controller == besieger.controller:
                breaker = None
            r.add(s, place, "siege_broken", breaker or Who("", ""), "siege", cue,
                  counterpart=besieger.controller if besieger else "")  # fmt: skip
        elif besieger:
            r.add(s, place, "besieges", besieger, "siege", cue)
        else:
            r.add(s, place, "besieged", Who("", ""), "siege", cue)
    for match in lex.siege_verbs.finditer(s.body):
        verb_start = s.start + match.start()
        subject = r.who.ending(s, verb_start, reach=60)
        by = re.match(r"\s+by\s+", s.body[match.end() :])
        if by:
            who = r.who.starting(s, s.start + match.end() + by.end())
            place = r.where.before(s, verb_start)
        elif subject and not _determiner_before(r.text, s.start, verb_start):
            who, place = subject, r.where.after(s, s.start + match.end())
        else:
            who, place = None, r.where.after(s, s.start + match.end())
        if place is not None and not r.aimed(s, verb_start):
            relation = "besieges" if who else "besieged"
            r.add(s, place, relation, who or Who("", ""), "siege", match.group(0))


def _under_start(text: str, floor: int, at: int) -> int:
    """Where "<place> (is) under (a) siege" has its "under": the place ends before it."""
    found = re.search(r"\bunder\s+(?:a\s+|the\s+)?(?:[\w'’-]+\s+){0,2}$", text[max(floor, at - 40) : at])
    return at - len(text[max(floor, at - 40) : at]) + found.start() if found else at


def _determiner_before(text: str, floor: int, at: int) -> bool:
    return bool(re.search(r"\b(?:the|a|an|its|their|of|in|to|and|,)\s*$", text[floor:at], re.IGNORECASE))
