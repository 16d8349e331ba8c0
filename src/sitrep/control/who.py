"""The controller a control cue names: an actor mention at, before or after it, else a descriptor word
("rebel-held", "the regime") read through the generic actor table for the place's country, else an
alias of the actor dictionary."""

from __future__ import annotations

import re

from sitrep.actors import ActorDictionary
from sitrep.actors.generic import generic_name, load_generic
from sitrep.control.lexicon import Lexicon
from sitrep.control.sentence import Sentence, Who
from sitrep.model import ActorMention

# actors that hold no ground: protesters, rioters, civilians
UNARMED = (5, 6, 7)
# "Army of Conquest", "Army of the Mujahideen": "of" and capitalised words after a descriptor make a name
NAME_TAIL = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:al-|el-)?[A-Z][\w'’-]*)*")


class HolderFinder:
    def __init__(
        self,
        text: str,
        lexicon: Lexicon,
        country: str | None,
        dictionary: ActorDictionary,
        skip_lead: bool,
        name_head: bool = True,
        country_spans: frozenset[int] = frozenset(),
        nearest: bool = True,
    ) -> None:
        self.text = text
        self.skip_lead = skip_lead  # the rule holder_lead
        self.name_head = name_head  # the rule name_head
        self.nearest = nearest  # the rule nearest_holder
        self.country_spans = country_spans  # where the text names a country: "the Army of Iraq" is no name
        self.lexicon = lexicon
        self.country = country  # the story's
        self.dictionary = dictionary

    def named(self, s: Sentence, start: int, end: int) -> Who | None:
        """The controller a word names: the group whose name it heads, an actor mention there, else a
        descriptor, else a dictionary alias."""
        group = self.name_headed(s, start, end)
        if group is not None:
            return group
        for actor in s.actors:
            if actor.span.start < end and start < actor.span.end:
                return self.mention(s, actor)
        return self.descriptor(s, self.text[start:end])

    def name_headed(self, s: Sentence, start: int, end: int) -> Who | None:
        """The rule `name_head`: a capitalised descriptor that heads a proper name ("held by the Army of
        Conquest", "controlled by the Army of the Mujahideen") names that group: the dictionary's entry
        for the whole name (tolerant of spelling), else the group under its own name; not the state's
        army. None when no name follows the word."""
        word = self.text[start:end]
        if not self.name_head or not word[:1].isupper() or word.lower() not in self.lexicon.descriptors:
            return None
        tail = NAME_TAIL.match(self.text, end, s.end)
        if tail is None:
            return None
        first = re.match(r"\s+of\s+(?:the\s+)?", self.text[end : tail.end()])
        if first is not None and end + first.end() in self.country_spans:
            return None  # "the Army of Iraq": a country's army
        name = self.text[start : tail.end()]
        for actor in s.actors:  # a mention that spans the whole name
            if actor.span.start <= start and tail.end() <= actor.span.end:
                return self.mention(s, actor)
        entry = self.dictionary.lookup(name)
        if entry is not None:
            return Who(entry.name, name) if entry.inter not in UNARMED else None
        return Who(name, name)

    def descriptor(self, s: Sentence, word: str, country: str | None = None) -> Who | None:
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

    def within(self, s: Sentence, start: int, end: int) -> Who | None:
        """The controller named in a noun phrase ("the IS", "the de facto Daesh", "the rebels' last"); with
        the rule `nearest_holder`, the one named nearest the noun ("Syrian warplanes targeted ISIL
        strongholds": ISIL's), else the first."""
        found: list[tuple[int, Who | None]] = []
        for actor in s.actors:
            if start <= actor.span.start and actor.span.end <= end:
                found.append((actor.span.start, self.mention(s, actor)))
        for word in re.finditer(r"[\w'’-]+", self.text[start:end]):
            at = start + word.start()
            if any(a.span.start <= at < a.span.end for a in s.actors):
                continue
            bare = re.sub(r"(?:'s|’s|')$", "", word.group(0))
            if bare.lower() in self.lexicon.descriptors or bare.lower() in self.lexicon.descriptor_actors:
                found.append((at, self.named(s, at, at + len(bare))))
        if not found:
            return None
        if not self.nearest:
            actors = [pair for pair in found if any(a.span.start == pair[0] for a in s.actors)]
            return (actors or found)[0][1]
        return max(found, key=lambda pair: pair[0])[1]

    def after_noun(self, s: Sentence, at: int) -> tuple[Who | None, int]:
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
        return self.mention(s, actor), actor.span.end + following.end() if following else s.end

    def starting(self, s: Sentence, at: int) -> Who | None:
        """The controller named right at `at`, after "by", "of", "to" (an article may come first); with
        the rule `holder_lead`, after the lead words of `holder_lead` in lexicon.yaml too ("the Syrian
        opposition", "an alliance of rebels")."""
        lead = re.match(r"\s*(?:the\s+|an?\s+)?", self.text[at : s.end], re.IGNORECASE)
        start = at + (lead.end() if lead else 0)
        found = self._at(s, start)
        if found is not None or not self.skip_lead:
            return found
        words = self.lexicon.holder_lead.match(self.text, start, s.end)
        return self._at(s, words.end()) if words and words.end() > start else None

    def _at(self, s: Sentence, start: int) -> Who | None:
        head = re.match(r"[\w'’]+", self.text[start : s.end])
        group = self.name_headed(s, start, start + head.end()) if head else None
        if group is not None:
            return group
        for actor in s.actors:
            if start - 1 <= actor.span.start <= start + 1:
                return self.mention(s, actor)
        word = re.match(r"[\w'’]+", self.text[start : s.end])
        return self.named(s, start, start + word.end()) if word else None

    def ending(self, s: Sentence, at: int, reach: int = 20) -> Who | None:
        """The nearest actor mention before `at`, within `reach` characters and the same clause."""
        before = [a for a in s.actors if a.span.end <= at and at - a.span.end <= reach]
        if not before:
            # a descriptor as the subject: "Kurdish-led forces retook Manbij"
            found = re.search(r"([\w'’-]+)(?:\s+(?:forces|fighters|troops|units|groups|militias?))?\s+(?:\w+ly\s+)?$",
                              self.text[max(s.start, at - 60) : at])  # fmt: skip
            return self.descriptor(s, found.group(1)) if found else None
        actor = before[-1]
        if re.search(r"[;:]|,\s*(?:while|but|as|and)\b", self.text[actor.span.end : at]):
            return None
        if any(actor.span.end <= p.span.start and p.span.end <= at for p in s.places):
            # "rebels in Aleppo captured ..." stays; "rebels attacked Aleppo and captured" loses its subject
            between = self.text[actor.span.end : at]
            if re.search(r"\b(?:and|after|before|then)\b", between):
                return None
        return self.mention(s, actor)

    def mention(self, s: Sentence, actor: ActorMention) -> Who:
        """An actor mention as a controller; a generic descriptor ("terrorists") reads as the lexicon says."""
        bare = re.sub(r"^the\s+", "", actor.span.text.lower())
        if bare in self.lexicon.descriptors:
            found = self.descriptor(s, bare)
            if found is not None:
                return Who(found.controller, actor.span.text)
        return Who(actor.name, actor.span.text)

    def from_whom(self, s: Sentence, at: int) -> str:
        """The party a place was taken from: "captured Palmyra from IS"."""
        found = re.match(r"\s+from\s+", self.text[at : s.end])
        who = self.starting(s, at + found.end()) if found else None
        return who.controller if who else ""


def _place_country(s: Sentence) -> str | None:
    return next((p.country_code for p in s.places if p.country_code), None)
