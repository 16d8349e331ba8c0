"""Sources that tell a place changing hands in words the events stage may code as background: captures
(`capture`: "rebels captured al-Dumayr", "Daraya fell to regime forces"), losses (`loss`: "IS withdrew
from Manbij"), and where a force fell back to, which it holds (`retreat_to`)."""

from __future__ import annotations

import re

from sitrep.control.reader import Reader
from sitrep.control.sentence import Sentence


def captures(r: Reader, s: Sentence) -> None:
    """ "rebels captured al-Dumayr", "Palmyra was retaken by the army", "Daraya fell to regime forces"."""
    lex = r.lexicon
    for match in lex.capture_verbs.finditer(s.body):
        verb_start, verb_end = s.start + match.start(), s.start + match.end()
        if r.aimed(s, verb_start):
            continue
        if (
            match.group(0).lower().startswith("t")
        ):  # took, take: "took control of", "took over", "took Manbij"
            taken = lex.take_objects.match(s.body, match.end())
            if taken is not None:
                verb_end = s.start + taken.end()
            elif not r.where.after(s, verb_end, limit=6):
                continue
        passive = re.search(
            r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", r.text[s.start : verb_start]
        )
        if passive:
            by = re.match(r"\s+by\s+", r.text[verb_end : s.end])
            who = r.who.starting(s, verb_end + by.end()) if by else None
            place = r.where.before(s, s.start + passive.start())
        else:
            who = r.who.ending(s, verb_start, reach=120)
            place = r.where.after(s, verb_end)
            if place is None and who is not None:  # "Palmyra, which government forces recaptured"
                subject = next((a for a in reversed(s.actors) if a.span.end <= verb_start), None)
                place = r.where.before(s, subject.span.start) if subject else None
        if (
            place is not None
            and not passive
            and "event_object" not in r.off
            and lex.object_between.search(r.text, verb_end, place.span.start)
        ):
            continue  # the rule event_object: "seized back a strategic town in Hama province"
        if who and place:
            r.add(s, place, "captured", who, "capture", r.text[verb_start:verb_end],
                  counterpart=r.who.from_whom(s, place.span.end))  # fmt: skip
    for match in lex.fall_words.finditer(s.body):
        who = r.who.starting(s, s.start + match.end())
        place = r.where.before(s, s.start + match.start())
        if who and place:
            r.add(s, place, "captured", who, "capture", match.group(0) + " " + who.written)


def retreats(r: Reader, s: Sentence) -> None:
    """The source `retreat_to`: "forcing the groups ... to withdraw to Harbanafseh town"."""
    for match in r.lexicon.retreat_to.finditer(s.body):
        verb_start = s.start + match.start()
        who = r.who.ending(s, verb_start, reach=120)
        place = r.where.after(s, s.start + match.end(), limit=40)
        if who and place and not r.intended(s, verb_start):
            r.add(s, place, "holds", who, "retreat_to", match.group(0))


def losses(r: Reader, s: Sentence) -> None:
    """ "IS withdrew from Manbij", "the rebels lost control of Aleppo's east"."""
    for match in r.lexicon.loss_verbs.finditer(s.body):
        verb_start = s.start + match.start()
        who = r.who.ending(s, verb_start, reach=120)
        place = r.where.after(s, s.start + match.end())
        if who and place and not r.intended(s, verb_start):
            r.add(s, place, "lost", who, "loss", match.group(0))
