"""Statements of control in one text: who holds, took, lost or besieges which place, with evidence.

Sources, each a named pattern with its base confidence in `lexicon.yaml`:
- territory events the events stage coded (`territory_event`, in territory_events.py);
- control adjectives and the like: "the opposition-held city of al-Dumayr" (`adjective`), the town named in
  the area they qualify: "Douma in the rebel-held Eastern Ghouta region" (`in_held_area`), "Raqqa, held by
  IS", "under rebel control", "IS controls Raqqa" (`held_by`), "Raqa, the IS stronghold" (`stronghold`),
  shared and split control (`split`), in holding.py;
- captures and losses told in words the events stage may code as background (`capture`, `loss`), where a
  force withdrew to: "forcing the groups ... to withdraw to Harbanafseh town" (`retreat_to`), in
  captures.py;
- sieges imposed, tightened, broken or lifted, with the besieger (`siege`, in sieges.py);
- an earlier capture the report tells as fact, the place's last word in it, held as of the report
  (`still_held`, in still_held.py).
Each finds its holder and place with who.py and where.py, and reader.py assembles the statement; hedges
in the sentence ("not solidified", "reportedly", a denial) lower the confidence (hedges.py).
SITREP_CONTROL_OFF=held_by,still_held switches sources off for a run, to measure what each earns, and so
it does the rules `regains_by_state` (a territory the government regains has a state captor), `noun_of_actor`
("a stronghold of DAESH militants"), `city_parts` (in city_parts.py), `demonym_gap` ("the central Syrian
city of Homs"), `place_country` (a descriptor holder read for the place's country), `holder_lead` ("held by
the Syrian opposition", in who.py), `countryside` ("the opposition-held western Aleppo countryside" is
not the town, in reader.py), `whole_country` (a territory event located at a country states no control),
`known_name` (a name left untagged is the place the text resolves it to elsewhere, in reader.py),
`split_between` (the place named last before "divided between", and the parties descriptors name, in
holding.py), `name_head` ("the Army of Conquest" names that group, not the state's army, in who.py),
`nearest_holder` (of several groups before a control noun, the nearest holds, in who.py),
`named_quarter` (a town's quarter the gazetteer lacks, "Bani Zaid neighborhood", is a place at the
town's point, in quarters.py) and `event_object` (a place that only locates the smaller place a capture
took, "captured eight villages in the area between Aleppo and the border", is not captured, in
territory_events.py and captures.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.control.captures import captures, losses, retreats
from sitrep.control.holding import adjectives, held_by, split, strongholds
from sitrep.control.lexicon import Lexicon
from sitrep.control.model import ControlFact
from sitrep.control.reader import Reader
from sitrep.control.sides import Sides
from sitrep.control.sieges import sieges
from sitrep.control.still_held import still_held
from sitrep.control.territory_events import territory_events
from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention

# the sources read in each sentence with a place, in this order
SENTENCE_SOURCES = (held_by, strongholds, captures, retreats, losses, sieges, split)


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
        self.reader = Reader(
            document, places, actors, times, events, country, lexicon or Lexicon.load(), sides or Sides.load()
        )

    def find(self, sentences: Sequence[tuple[int, int]]) -> list[ControlFact]:
        r = self.reader
        territory_events(r)
        for start, end in sentences:
            sentence = r.sentence(start, end)
            if sentence.places or "city_parts" not in r.off:  # "the government-held west": named before
                adjectives(r, sentence)
            if not sentence.places:
                continue
            for source in SENTENCE_SOURCES:
                source(r, sentence)
        facts = merge_facts([fact for fact in r.facts if fact.source not in r.off], r.sides)
        if "still_held" in r.off:
            return facts
        published = r.document.published
        inferred = still_held(facts, published, r.lexicon.base_confidence["still_held"])
        for fact in inferred:
            fact.side = r.sides.side_of(fact.controller, fact.as_of, fact.country_code)
        return facts + inferred


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
