"""Statements of control in one text: who holds, took, lost or besieges which place, with evidence.

Sources, each a named pattern with its base confidence in `lexicon.yaml`:
- territory events the events stage coded (`territory_event`);
- control adjectives and the like: "the opposition-held city of al-Dumayr" (`adjective`), "Raqqa, held by
  IS", "under rebel control", "IS controls Raqqa" (`held_by`), "Raqa, the IS stronghold" (`stronghold`);
- captures and losses told in words the events stage may code as background (`capture`, `loss`);
- where a force withdrew to: "forcing the groups ... to withdraw to Harbanafseh town" (`retreat_to`);
- sieges imposed, tightened, broken or lifted, with the besieger (`siege`);
- shared and split control (`split`);
- an earlier capture the report tells as fact, the place's last word in it, held as of the report
  (`still_held`, in still_held.py).
Hedges in the sentence ("not solidified", "reportedly", a denial) lower the confidence.
SITREP_CONTROL_OFF=held_by,still_held switches sources off for a run, to measure what each earns, and so
it does the rules `regains_by_state` (a territory the government regains has a state captor), `noun_of_actor`
("a stronghold of DAESH militants"), `city_parts` (in city_parts.py), `demonym_gap` ("the central Syrian
city of Homs") and `place_country` (a descriptor holder read for the place's country).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.actors import ActorDictionary
from sitrep.actors.generic import generic_name, load_generic
from sitrep.config import switched_off
from sitrep.control.city_parts import town_of_part
from sitrep.control.lexicon import Lexicon
from sitrep.control.model import ControlFact
from sitrep.control.sides import Sides
from sitrep.control.still_held import still_held
from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention

TOKEN = re.compile(r"[\w'’]+|[^\w\s]")
# actors that hold no ground: protesters, rioters, civilians
UNARMED = (5, 6, 7)
MAX_GAP = 80  # characters between a cue and its place


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # the document's text (whole), sliced by start and end
    places: list[PlaceMention]
    actors: list[ActorMention]

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]


@dataclass
class Who:
    controller: str
    written: str


class StatementFinder:
    """Finds the control statements of a document; one per document, on its pipeline results."""

    def __init__(
        self,
        document: Document,
        places: Sequence[PlaceMention],
        actors: Sequence[ActorMention],
        times: Sequence[TimeMention],
        events: Sequence[Event],
        country: str | None,
        lexicon: Lexicon | None = None,
        sides: Sides | None = None,
    ) -> None:
        self.document = document
        self.text = document.text
        self.off = switched_off("SITREP_CONTROL_OFF")
        self.places = sorted((p for p in places if _mappable(p)), key=lambda p: p.span.start)
        # "the central Syrian city of Homs": a country's adjective may stand between a cue and its place
        self.demonyms = [] if "demonym_gap" in self.off else [p.span for p in places if p.role == "demonym"]
        self.actors = sorted((a for a in actors if a.inter not in UNARMED), key=lambda a: a.span.start)
        self.times = times
        self.events = events
        self.country = country
        self.lexicon = lexicon or Lexicon.load()
        self.sides = sides or Sides.load()
        self.dictionary = ActorDictionary.load()
        self.facts: list[ControlFact] = []

    # --- the whole document ------------------------------------------------------------------

    def find(self, sentences: Sequence[tuple[int, int]]) -> list[ControlFact]:
        self._territory_events()
        for start, end in sentences:
            sentence = Sentence(
                start, end, self.text,
                [p for p in self.places if start <= p.span.start and p.span.end <= end],
                [a for a in self.actors if start <= a.span.start and a.span.end <= end],
            )  # fmt: skip
            if sentence.places or "city_parts" not in self.off:  # "the government-held west": named before
                self._adjectives(sentence)
            if not sentence.places:
                continue
            self._held_by(sentence)
            self._strongholds(sentence)
            self._captures(sentence)
            self._sieges(sentence)
            self._split(sentence)
        facts = merge_facts([fact for fact in self.facts if fact.source not in self.off], self.sides)
        if "still_held" in self.off:
            return facts
        inferred = still_held(facts, self.document.published, self.lexicon.base_confidence["still_held"])
        for fact in inferred:
            fact.side = self.sides.side_of(fact.controller, fact.as_of, fact.country_code)
        return facts + inferred

    def _territory_events(self) -> None:
        for event in self.events:
            if event.sub_event_type not in self.lexicon.territory_sub_events or event.latitude is None:
                continue
            located = event.field_spans.get("location")
            place = next((p for p in self.places if located and p.span.start == located.start), None)
            evidence = [(s.start, s.end, s.text) for s in event.evidence]
            weight = self.lexicon.claim_status_weight.get(event.claim_status, 1.0)
            written = event.field_spans.get("actor1")
            country = place.country_code if place else self.country
            common = dict(
                doc_id=self.document.id, place=located.text if located else event.location,
                latitude=event.latitude, longitude=float(event.longitude or 0.0), as_of=event.event_date,
                evidence=evidence, place_name=place.name if place else event.location,
                geonameid=place.geonameid if place else None,
                country_code=country, source="territory_event",
                cue=event.sub_event_type,
            )  # fmt: skip
            confidence, hedges = self._hedged("territory_event", " ".join(t for _, _, t in evidence))
            confidence *= weight
            if not _sane(event.event_date, self.document.published):
                common["as_of"] = self.document.published
            if event.actor1 and event.inter1 not in UNARMED and self._captor_fits(event, country):
                self.facts.append(ControlFact(relation="captured", controller=event.actor1,
                                              actor=written.text if written else "", counterpart=event.actor2,
                                              confidence=confidence, hedges=hedges, **common))  # type: ignore[arg-type]  # fmt: skip
            if event.actor2 and event.inter2 not in UNARMED:
                self.facts.append(ControlFact(relation="lost", controller=event.actor2, counterpart=event.actor1,
                                              confidence=confidence, hedges=hedges, **common))  # type: ignore[arg-type]  # fmt: skip

    def _captor_fits(self, event: Event, country: str | None) -> bool:
        """The rule `regains_by_state`: a territory regained by the government (ACLED's "Government
        regains territory") has a state force or one of its allies as the captor; an event coded so with
        another actor one ("Unidentified Armed Group") names no captor."""
        if "regains_by_state" in self.off or event.sub_event_type not in self.lexicon.state_regains:
            return True
        return event.inter1 == 1 or self.sides.with_state_forces(event.actor1, event.event_date, country)

    # --- patterns ----------------------------------------------------------------------------

    def _adjectives(self, s: Sentence) -> None:
        """ "the opposition-held city of al-Dumayr", "regime-besieged Madaya", "Kurdish-led forces"."""
        for match in self.lexicon.adjective.finditer(s.body):
            start = s.start + match.start("who")
            who = self._who(s, start, s.start + match.end("who"))
            if who is None:
                continue
            place = self._place_after(s, s.start + match.end())
            if place is None and "city_parts" not in self.off:
                lex = self.lexicon
                place = town_of_part(
                    self.text,
                    self.places,
                    (start, s.start + match.end()),
                    self.country,
                    lex.city_part,
                    lex.city_part_reach,
                )
            if place is None:
                continue
            besieging = match.group("how").lower() in ("besieged", "encircled")
            relation = "besieges" if besieging else "holds"
            source = "siege" if besieging else "adjective"
            self._add(s, place, relation, who, source, match.group(0))

    def _held_by(self, s: Sentence) -> None:
        """ "Raqqa, held by IS", "under the control of the SDF", "under rebel control", "IS controls Raqqa"."""
        lex = self.lexicon
        for match in lex.held_by.finditer(s.body):
            who = self._actor_starting(s, s.start + match.end())
            place = self._place_before(s, s.start + match.start())
            if who and place:
                self._add(s, place, "holds", who, "held_by", match.group(0) + who.written)
        for match in lex.under_control.finditer(s.body):
            who = self._actor_starting(s, s.start + match.end())
            place = self._place_before(s, s.start + match.start()) or self._place_after(
                s, s.start + match.end(), 0
            )
            if who and place:
                self._add(s, place, "holds", who, "held_by", match.group(0) + " " + who.written)
        for match in lex.under_who_control.finditer(s.body):
            who = self._who(s, s.start + match.start("who"), s.start + match.end("who"))
            place = self._place_before(s, s.start + match.start()) or self._place_after(
                s, s.start + match.end()
            )
            if who and place:
                self._add(s, place, "holds", who, "held_by", match.group(0))
        for match in lex.presence.finditer(s.body):
            who = self._actor_ending(s, s.start + match.start())
            place = self._place_after(s, s.start + match.end())
            if who and place:
                self._add(s, place, "holds", who, "presence", f"{who.written} {match.group(0)}")
        for match in lex.holds_verbs.finditer(s.body):
            word_before = re.search(r"([\w'’]+)\s+$", s.body[: match.start()])
            if word_before and lex.capture_verbs.fullmatch(word_before.group(1)):
                continue  # "took control of": a capture, dated as such by _captures
            who = self._actor_ending(s, s.start + match.start())
            place = self._place_after(s, s.start + match.end())
            if who and place and not self._intended(s, s.start + match.start()):
                self._add(s, place, "holds", who, "held_by", f"{who.written} {match.group(0)}")

    def _strongholds(self, s: Sentence) -> None:
        """ "Raqa, the IS stronghold", "the rebel stronghold of Douma", "the de facto Daesh capital"."""
        for match in self.lexicon.control_nouns.finditer(s.body):
            noun_start = s.start + match.start()
            phrase_start = _phrase_start(self.text, s.start, noun_start)
            who = self._who_within(s, phrase_start, noun_start)
            after = s.start + match.end()  # where the place may follow: "the IS stronghold of Raqqa"
            if who is None and "noun_of_actor" not in self.off:
                who, after = self._actor_after_noun(s, after)
            if who is None:
                continue
            place = self._place_after(s, after, limit=30) or self._place_before(
                s, phrase_start, apposition=True
            )
            if place is not None:
                self._add(
                    s, place, "holds", who, "stronghold", self.text[phrase_start : s.start + match.end()]
                )

    def _captures(self, s: Sentence) -> None:
        """ "rebels captured al-Dumayr", "Daraya fell to regime forces", "IS withdrew from Manbij"."""
        lex = self.lexicon
        for match in lex.capture_verbs.finditer(s.body):
            verb_start, verb_end = s.start + match.start(), s.start + match.end()
            if self._intended(s, verb_start):
                continue
            if (
                match.group(0).lower().startswith("t")
            ):  # took, take: "took control of", "took over", "took Manbij"
                taken = lex.take_objects.match(s.body, match.end())
                if taken is not None:
                    verb_end = s.start + taken.end()
                elif not self._place_after(s, verb_end, limit=6):
                    continue
            passive = re.search(
                r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", self.text[s.start : verb_start]
            )
            if passive:
                by = re.match(r"\s+by\s+", self.text[verb_end : s.end])
                who = self._actor_starting(s, verb_end + by.end()) if by else None
                place = self._place_before(s, s.start + passive.start())
            else:
                who = self._actor_ending(s, verb_start, reach=120)
                place = self._place_after(s, verb_end)
                if place is None and who is not None:  # "Palmyra, which government forces recaptured"
                    subject = next((a for a in reversed(s.actors) if a.span.end <= verb_start), None)
                    place = self._place_before(s, subject.span.start) if subject else None
            if who and place:
                self._add(s, place, "captured", who, "capture", self.text[verb_start:verb_end],
                          counterpart=self._from_whom(s, place.span.end))  # fmt: skip
        for match in lex.fall_words.finditer(s.body):
            who = self._actor_starting(s, s.start + match.end())
            place = self._place_before(s, s.start + match.start())
            if who and place:
                self._add(s, place, "captured", who, "capture", match.group(0) + " " + who.written)
        for match in lex.retreat_to.finditer(s.body):  # the source `retreat_to`: where a force fell back
            verb_start = s.start + match.start()
            who = self._actor_ending(s, verb_start, reach=120)
            place = self._place_after(s, s.start + match.end(), limit=40)
            if who and place and not self._intended(s, verb_start):
                self._add(s, place, "holds", who, "retreat_to", match.group(0))
        for match in lex.loss_verbs.finditer(s.body):
            verb_start = s.start + match.start()
            who = self._actor_ending(s, verb_start, reach=120)
            place = self._place_after(s, s.start + match.end())
            if who and place and not self._intended(s, verb_start):
                self._add(s, place, "lost", who, "loss", match.group(0))

    def _sieges(self, s: Sentence) -> None:
        """Sieges imposed, tightened, broken or lifted, with the besieger; the besieged town of X."""
        lex = self.lexicon
        for match in lex.siege_nouns.finditer(s.body):
            noun_start, noun_end = s.start + match.start(), s.start + match.end()
            before = self.text[max(s.start, noun_start - 60) : noun_start]
            after = self.text[noun_end : min(s.end, noun_end + 60)]
            broken = lex.siege_broken.search(before) or lex.siege_broken.search(after)
            imposed_by = re.match(r"\s+(?:\w+\s+){0,2}?by\s+", after)
            besieger = (
                self._actor_starting(s, noun_end + imposed_by.end())
                if imposed_by
                else self._actor_ending(s, noun_start, reach=25)
            )
            if (
                not imposed_by
                and besieger
                and (lex.siege_broken.search(before[-25:]) or lex.siege_imposed.search(before[-25:]))
            ):
                besieger = None  # "the army broke the siege": the army broke it, it did not impose it
            place = self._place_after(s, noun_end, limit=100, skip_actors=True) or self._place_before(
                s, _under_start(self.text, s.start, noun_start)
            )
            if place is None:
                continue
            cue = self.text[max(s.start, noun_start - 30) : min(s.end, noun_end + 30)].strip()
            at = (
                noun_start - len(before) + broken.start() if broken and broken.re.search(before) else noun_end
            )
            if broken and self._aimed(s, at):
                broken = None  # "a push to end the siege": the siege goes on
            if broken:
                at = noun_start - len(before) + broken.start() if broken.re.search(before) else noun_start
                breaker = self._actor_ending(s, at, reach=120)
                if breaker and besieger and breaker.controller == besieger.controller:
                    breaker = None
                self._add(s, place, "siege_broken", breaker or Who("", ""), "siege", cue,
                          counterpart=besieger.controller if besieger else "")  # fmt: skip
            elif besieger:
                self._add(s, place, "besieges", besieger, "siege", cue)
            else:
                self._add(s, place, "besieged", Who("", ""), "siege", cue)
        for match in lex.siege_verbs.finditer(s.body):
            verb_start = s.start + match.start()
            subject = self._actor_ending(s, verb_start, reach=60)
            by = re.match(r"\s+by\s+", s.body[match.end() :])
            if by:
                who = self._actor_starting(s, s.start + match.end() + by.end())
                place = self._place_before(s, verb_start)
            elif subject and not _determiner_before(self.text, s.start, verb_start):
                who, place = subject, self._place_after(s, s.start + match.end())
            else:
                who, place = None, self._place_after(s, s.start + match.end())
            if place is not None and not self._intended(s, verb_start):
                relation = "besieges" if who else "besieged"
                self._add(s, place, relation, who or Who("", ""), "siege", match.group(0))

    def _split(self, s: Sentence) -> None:
        """ "control of Qamishli is split between the regime and the YPG", "the divided city of Aleppo"."""
        for match in self.lexicon.split_words.finditer(s.body):
            start, end = s.start + match.start(), s.start + match.end()
            place = self._place_after(s, end, limit=40) or self._place_before(s, start)
            if place is None:
                continue
            between = re.search(r"\bbetween\b", s.body[match.end() :])
            parties = [a for a in s.actors if a.span.start >= end + between.end()] if between else []
            whos = [Who(a.name, a.span.text) for a in parties] or [Who("", "")]
            for who in {w.controller: w for w in whos}.values():
                self._add(s, place, "contested", who, "split", match.group(0))

    # --- helpers -------------------------------------------------------------------------------

    def _add(self, s: Sentence, place: PlaceMention, relation: str, who: Who, source: str, cue: str,
             counterpart: str = "") -> None:  # fmt: skip
        confidence, hedges = self._hedged(source, s.body)
        dated = relation in ("captured", "lost", "siege_broken")
        bare = re.sub(r"^the\s+", "", who.written.lower())
        if (
            place.country_code != self.country
            and bare in self.lexicon.descriptors
            and "place_country" not in self.off
        ):
            # the rule place_country: "rebels" holding Aleppo are Syria's, in a story about Russia
            found = self._descriptor(s, 0, bare, place.country_code)
            who = Who(found.controller, who.written) if found else who
        assert place.latitude is not None and place.longitude is not None
        self.facts.append(
            ControlFact(
                doc_id=self.document.id, place=place.span.text, latitude=place.latitude,
                longitude=place.longitude, relation=relation, controller=who.controller,
                as_of=self._date_of(s, place) if dated else self.document.published, confidence=confidence,
                evidence=[(s.start, s.end, s.body)], place_name=place.name, geonameid=place.geonameid,
                country_code=place.country_code, actor=who.written, counterpart=counterpart,
                cue=" ".join(cue.split()), source=source, hedges=hedges,
            )
        )  # fmt: skip

    def _hedged(self, source: str, sentence: str) -> tuple[float, list[str]]:
        confidence = self.lexicon.base_confidence[source]
        found = sorted({m.group(0).lower() for m in self.lexicon.hedge_pattern.finditer(sentence)})
        for hedge in found:
            confidence *= self.lexicon.hedges.get(" ".join(hedge.split()), 1.0)
        return confidence, found

    def _date_of(self, s: Sentence, place: PlaceMention) -> dt.date | None:
        """A capture's day: the events stage's date for this place in this sentence, else a day named in
        the sentence, else the publication date."""
        for event in self.events:
            told_here = any(e.start <= place.span.start < e.end for e in event.evidence)
            same_place = (
                event.location == place.name or abs((event.latitude or 0) - (place.latitude or 0)) < 0.05
            )
            if event.event_date and told_here and same_place:
                return event.event_date
        for time in self.times:  # the first day of the window a time expression names ("in August")
            inside = s.start <= time.span.start < s.end and time.type == "DATE"
            if inside and time.date_from and _sane(time.date_from, self.document.published):
                return time.date_from
        return self.document.published

    def _who(self, s: Sentence, start: int, end: int) -> Who | None:
        """The controller a word names: an actor mention there, else a descriptor, else a dictionary alias."""
        for actor in s.actors:
            if actor.span.start < end and start < actor.span.end:
                return self._mention(s, actor)
        word = self.text[start:end]
        return self._descriptor(s, start, word)

    def _descriptor(self, s: Sentence, start: int, word: str, country: str | None = None) -> Who | None:
        """The controller a descriptor word names in `country` (else the story's), or a dictionary alias."""
        key = word.lower()
        country = country or self.country or _place_country(s)
        descriptor = self.lexicon.descriptors.get(key)
        if descriptor is not None:
            phrase = (descriptor.get("by_country") or {}).get(country or "", descriptor["phrase"])
            table = load_generic()
            group = table.phrases.get(tuple(phrase.lower().split()))
            if group is not None:
                return Who(generic_name(group.for_country(country), country, table), word)
        named = self.lexicon.descriptor_actors.get(key)
        if named is not None:
            name = named.get(country or "") or named.get("default")
            return Who(name, word) if name else None
        entry = self.dictionary.lookup(word) if len(word) > 1 else None
        return Who(entry.name, word) if entry and entry.inter not in UNARMED else None

    def _who_within(self, s: Sentence, start: int, end: int) -> Who | None:
        """The controller named in a noun phrase ("the IS", "the de facto Daesh", "the rebels' last")."""
        for actor in s.actors:
            if start <= actor.span.start and actor.span.end <= end:
                return self._mention(s, actor)
        for word in re.finditer(r"[\w'’-]+", self.text[start:end]):
            bare = re.sub(r"(?:'s|’s|')$", "", word.group(0))
            if bare.lower() in self.lexicon.descriptors or bare.lower() in self.lexicon.descriptor_actors:
                return self._who(s, start + word.start(), start + word.start() + len(bare))
        return None

    def _actor_after_noun(self, s: Sentence, at: int) -> tuple[Who | None, int]:
        """The rule `noun_of_actor`: the armed group a control noun names after it ("Hader ... is a
        stronghold of Iranian-backed militias", "a stronghold of DAESH militants in Manbij"), and where a
        place after it would start ("in Manbij"); None when no actor follows "of" or "for"."""
        found = self.lexicon.noun_of.match(self.text, at, s.end)
        actor = next(
            (
                a
                for a in s.actors
                if found
                and a.span.start >= found.end()
                and re.fullmatch(r"(?:[\w'’-]+\s+)?", self.text[found.end() : a.span.start])
            ),
            None,
        )  # "of Iranian-backed militias": the actor may be named after a word
        if actor is None:
            return None, at
        following = re.match(r"(?:\s+[\w'’-]+)?\s+(?:in|at)\b", self.text[actor.span.end : s.end])
        return self._mention(s, actor), actor.span.end + following.end() if following else s.end

    def _actor_starting(self, s: Sentence, at: int) -> Who | None:
        """The controller named right at `at`, after "by", "of", "to" (an article may come first)."""
        rest = self.text[at : s.end]
        lead = re.match(r"(?:the\s+|a\s+)?", rest, re.IGNORECASE)
        start = at + (lead.end() if lead else 0)
        for actor in s.actors:
            if start - 1 <= actor.span.start <= start + 1:
                return self._mention(s, actor)
        word = re.match(r"[\w'’]+", self.text[start : s.end])
        return self._who(s, start, start + word.end()) if word else None

    def _actor_ending(self, s: Sentence, at: int, reach: int = 20) -> Who | None:
        """The nearest actor mention before `at`, within `reach` characters and the same clause."""
        before = [a for a in s.actors if a.span.end <= at and at - a.span.end <= reach]
        if not before:
            # a descriptor as the subject: "Kurdish-led forces retook Manbij"
            found = re.search(r"([\w'’-]+)(?:\s+(?:forces|fighters|troops|units|groups|militias?))?\s+(?:\w+ly\s+)?$",
                              self.text[max(s.start, at - 60) : at])  # fmt: skip
            return (
                self._descriptor(s, at - len(found.group(0)) + found.start(1), found.group(1))
                if found
                else None
            )
        actor = before[-1]
        if re.search(r"[;:]|,\s*(?:while|but|as|and)\b", self.text[actor.span.end : at]):
            return None
        if any(actor.span.end <= p.span.start and p.span.end <= at for p in s.places):
            # "rebels in Aleppo captured ..." stays; "rebels attacked Aleppo and captured" loses its subject
            between = self.text[actor.span.end : at]
            if re.search(r"\b(?:and|after|before|then)\b", between):
                return None
        return self._mention(s, actor)

    def _mention(self, s: Sentence, actor: ActorMention) -> Who:
        """An actor mention as a controller; a generic descriptor ("terrorists") reads as the lexicon says."""
        bare = re.sub(r"^the\s+", "", actor.span.text.lower())
        if bare in self.lexicon.descriptors:
            found = self._descriptor(s, actor.span.start, bare)
            if found is not None:
                return Who(found.controller, actor.span.text)
        return Who(actor.name, actor.span.text)

    def _place_after(
        self, s: Sentence, at: int, limit: int = MAX_GAP, skip_actors: bool = False
    ) -> PlaceMention | None:
        for place in s.places:
            if place.span.start < at:
                continue
            if place.span.start - at > limit:
                return None
            gap = self.text[at : place.span.start]
            for demonym in self.demonyms:
                if at <= demonym.start and demonym.end <= place.span.start:
                    gap = gap.replace(demonym.text, " ")
            if skip_actors:
                for actor in s.actors:
                    if at <= actor.span.start and actor.span.end <= place.span.start:
                        gap = gap.replace(actor.span.text, " ")
                gap = re.sub(r"\b(?:imposed|laid|by|to)\b", " ", gap, flags=re.IGNORECASE)
            return place if self._gap_ok(gap, self.lexicon.gap_words) else None
        return None

    def _place_before(self, s: Sentence, at: int, apposition: bool = False) -> PlaceMention | None:
        before = [p for p in s.places if p.span.end <= at and at - p.span.end <= MAX_GAP]
        if not before:
            return None
        place = before[-1]
        gap = self.text[place.span.end : at]
        if apposition and not re.fullmatch(
            r"\s*(?:,|\(|\bis\b|\bwas\b|,\s*(?:which|that)\s+(?:is|was))?\s*(?:the|an?|its)?\s*", gap
        ):
            return None
        return place if self._gap_ok(gap, self.lexicon.link_words | {","}) else None

    def _from_whom(self, s: Sentence, at: int) -> str:
        found = re.match(r"\s+from\s+", self.text[at : s.end])
        who = self._actor_starting(s, at + found.end()) if found else None
        return who.controller if who else ""

    def _aimed(self, s: Sentence, at: int) -> bool:
        """An aim, not a deed: "a push to end the siege", "rebels battled to break a siege"."""
        return self._intended(s, at) or bool(
            self.lexicon.aim_before.search(self.text[max(s.start, at - 50) : at])
        )

    def _intended(self, s: Sentence, at: int) -> bool:
        return bool(self.lexicon.intent_before.search(self.text[max(s.start, at - 40) : at]))

    @staticmethod
    def _gap_ok(gap: str, allowed: frozenset[str]) -> bool:
        tokens = TOKEN.findall(gap.lower())
        return all(t in allowed or t in ("-", "'s", "’s", "(", ")") for t in tokens)


def merge_facts(facts: list[ControlFact], sides: Sides) -> list[ControlFact]:
    """One fact per place, relation and controller: the most confident, with every sentence as evidence;
    each with its side on its date."""
    told = {(f.place_key, f.evidence[0][0]) for f in facts if f.source != "territory_event"}
    merged: dict[tuple[str, str, str], ControlFact] = {}
    for fact in facts:
        if fact.source == "territory_event" and any((fact.place_key, e[0]) in told for e in fact.evidence):
            continue  # the sentence's own words say who took the place better than the event's coding
        key = (fact.place_key, fact.relation, fact.controller)
        kept = merged.get(key)
        if kept is None:
            merged[key] = fact
            continue
        best, other = (fact, kept) if fact.confidence > kept.confidence else (kept, fact)
        best.evidence = sorted({*best.evidence, *other.evidence})
        best.counterpart = best.counterpart or other.counterpart
        best.actor = best.actor or other.actor
        merged[key] = best
    out = sorted(merged.values(), key=lambda f: (f.evidence[0][0], f.place, f.relation, f.controller))
    for fact in out:
        fact.side = sides.side_of(fact.controller, fact.as_of, fact.country_code)
    return out


def _sane(day: dt.date | None, published: dt.date | None) -> bool:
    """A statement's date lies before its report, and in the age of the wars the lexicons know."""
    return day is not None and day.year >= 1900 and (published is None or day <= published)


def _mappable(place: PlaceMention) -> bool:
    return place.resolved and place.role == "location" and place.feature_kind != "country"


def _place_country(s: Sentence) -> str | None:
    return next((p.country_code for p in s.places if p.country_code), None)


def _phrase_start(text: str, floor: int, at: int) -> int:
    """Where the noun phrase ending at `at` starts: after the last comma, verb-ish break or determiner."""
    window = text[max(floor, at - 50) : at]
    cut = max(
        (
            m.end()
            for m in re.finditer(r",|\b(?:the|a|an|its|their|his|her|as|is|was|of)\b", window, re.IGNORECASE)
        ),
        default=0,
    )
    return at - len(window) + cut


def _under_start(text: str, floor: int, at: int) -> int:
    """Where "<place> (is) under (a) siege" has its "under": the place ends before it."""
    found = re.search(r"\bunder\s+(?:a\s+|the\s+)?(?:[\w'’-]+\s+){0,2}$", text[max(floor, at - 40) : at])
    return at - len(text[max(floor, at - 40) : at]) + found.start() if found else at


def _determiner_before(text: str, floor: int, at: int) -> bool:
    return bool(re.search(r"\b(?:the|a|an|its|their|of|in|to|and|,)\s*$", text[floor:at], re.IGNORECASE))
