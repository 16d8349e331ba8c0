"""Sources that say who holds a place, or that several do: control adjectives (`adjective`), and the town
named in the area they qualify (`in_held_area`: "Douma in the rebel-held Eastern Ghouta region"), "held
by" and its kin (`held_by`, `presence`), strongholds (`stronghold`), shared and split control (`split`)."""

from __future__ import annotations

import re

from sitrep.control.city_parts import town_of_part
from sitrep.control.reader import Reader
from sitrep.control.sentence import Sentence, Who


def adjectives(r: Reader, s: Sentence) -> None:
    """ "the opposition-held city of al-Dumayr", "regime-besieged Madaya", "Kurdish-led forces"."""
    for match in r.lexicon.adjective.finditer(s.body):
        start = s.start + match.start("who")
        who = r.who.named(s, start, s.start + match.end("who"))
        if who is None:
            continue
        besieging = match.group("how").lower() in ("besieged", "encircled")
        place = r.where.after(s, s.start + match.end())
        if place is None and "city_parts" not in r.off:
            lex = r.lexicon
            place = town_of_part(
                r.text,
                r.places,
                (start, s.start + match.end()),
                r.country,
                lex.city_part,
                lex.city_part_reach,
            )
        inside = None if besieging or "in_held_area" in r.off else r.where.enclosed(s, start)
        if inside is not None and (place is None or inside.span.text != place.span.text):
            # not "Idlib city in rebel-held Idlib province": the province's statement says it
            r.add(s, inside, "holds", who, "in_held_area", r.text[inside.span.start : s.start + match.end()])
        if place is None:
            continue
        relation = "besieges" if besieging else "holds"
        source = "siege" if besieging else "adjective"
        r.add(s, place, relation, who, source, match.group(0))


def held_by(r: Reader, s: Sentence) -> None:
    """ "Raqqa, held by IS", "under the control of the SDF", "under rebel control", "IS controls Raqqa"."""
    lex = r.lexicon
    for match in lex.held_by.finditer(s.body):
        who = r.who.starting(s, s.start + match.end())
        place = r.where.before(s, s.start + match.start())
        if who and place:
            r.add(s, place, "holds", who, "held_by", match.group(0) + who.written)
    for match in lex.under_control.finditer(s.body):
        who = r.who.starting(s, s.start + match.end())
        place = r.where.before(s, s.start + match.start()) or r.where.after(s, s.start + match.end(), 0)
        if who and place:
            r.add(s, place, "holds", who, "held_by", match.group(0) + " " + who.written)
    for match in lex.under_who_control.finditer(s.body):
        who = r.who.named(s, s.start + match.start("who"), s.start + match.end("who"))
        place = r.where.before(s, s.start + match.start()) or r.where.after(s, s.start + match.end())
        if who and place:
            r.add(s, place, "holds", who, "held_by", match.group(0))
    for match in lex.presence.finditer(s.body):
        who = r.who.ending(s, s.start + match.start())
        place = r.where.after(s, s.start + match.end())
        if who and place:
            r.add(s, place, "holds", who, "presence", f"{who.written} {match.group(0)}")
    for match in lex.holds_verbs.finditer(s.body):
        word_before = re.search(r"([\w'’]+)\s+$", s.body[: match.start()])
        if word_before and lex.capture_verbs.fullmatch(word_before.group(1)):
            continue  # "took control of": a capture, dated as such by the source `capture`
        who = r.who.ending(s, s.start + match.start())
        place = r.where.after(s, s.start + match.end())
        if who and place and not r.intended(s, s.start + match.start()):
            r.add(s, place, "holds", who, "held_by", f"{who.written} {match.group(0)}")


def strongholds(r: Reader, s: Sentence) -> None:
    """ "Raqa, the IS stronghold", "the rebel stronghold of Douma", "the de facto Daesh capital"."""
    for match in r.lexicon.control_nouns.finditer(s.body):
        noun_start = s.start + match.start()
        phrase_start = _phrase_start(r.text, s.start, noun_start)
        if r.lexicon.past_nouns.search(r.text[max(s.start, phrase_start - 8) : noun_start]):
            continue  # "the former IS bastion of Raqqa", "once a government stronghold"
        who = r.who.within(s, phrase_start, noun_start)
        after = s.start + match.end()  # where the place may follow: "the IS stronghold of Raqqa"
        if who is None and "noun_of_actor" not in r.off:
            who, after = r.who.after_noun(s, after)
        if who is None:
            continue
        place = r.where.after(s, after, limit=30) or r.where.before(s, phrase_start, apposition=True)
        if place is not None:
            r.add(s, place, "holds", who, "stronghold", r.text[phrase_start : s.start + match.end()])


def split(r: Reader, s: Sentence) -> None:
    """ "control of Qamishli is split between the regime and the YPG", "the divided city of Aleppo"; with
    the rule `split_between`, the place the sentence names last before a cue "between" follows, whatever
    the words between ("Control of Aleppo once Syria's economic powerhouse has been divided between
    government and rebel forces"), and the parties named by descriptors too ("between rebel control in the
    east and regime control in the west")."""
    widened = "split_between" not in r.off
    for match in r.lexicon.split_words.finditer(s.body):
        start, end = s.start + match.start(), s.start + match.end()
        between = re.match(r"\s+between\b", s.body[match.end() :])
        place = r.where.after(s, end, limit=40) or r.where.before(s, start)
        if place is None and between and widened:
            place = next(
                (p for p in reversed(s.places) if p.span.end <= start and start - p.span.end <= 80), None
            )
        if place is None:
            continue
        if widened:
            parties = _parties(r, s, end + between.end()) if between else []
        else:
            after = re.search(r"\bbetween\b", s.body[match.end() :])
            actors = [a for a in s.actors if a.span.start >= end + after.end()] if after else []
            parties = [Who(a.name, a.span.text) for a in actors]
        for who in {w.controller: w for w in parties or [Who("", "")]}.values():
            r.add(s, place, "contested", who, "split", match.group(0))


def _parties(r: Reader, s: Sentence, at: int) -> list[Who]:
    """The parties named after "between": actor mentions, and descriptors ("rebel", "regime") outside them,
    to the clause's end."""
    stop = re.search(r"[;:]|\b(?:since|after|when|while|but)\b", r.text[at : s.end])
    end = at + stop.start() if stop else s.end
    found = [
        (a.span.start, r.who.mention(s, a)) for a in s.actors if at <= a.span.start and a.span.end <= end
    ]
    for word in re.finditer(r"[\w'’-]+", r.text[at:end]):
        begin = at + word.start()
        if word.group(0).lower() in r.lexicon.descriptors and not any(
            a.span.start <= begin < a.span.end for a in s.actors
        ):
            who = r.who.descriptor(s, word.group(0))
            if who is not None:
                found.append((begin, who))
    return [who for _, who in sorted(found, key=lambda pair: pair[0])]


def _phrase_start(text: str, floor: int, at: int) -> int:
    """Where the noun phrase ending at `at` starts: after the last comma, verb-ish break or determiner."""
    window = text[max(floor, at - 50) : at]
    cut = max(
        (m.end() for m in re.finditer(r",|\b(?i:the|a|an|its|their|his|her|of)\b|\b(?:as|is|was)\b", window)),
        default=0,
    )
    return at - len(window) + cut
