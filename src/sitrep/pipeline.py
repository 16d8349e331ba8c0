"""The pipeline: documents in, analysed documents (mentions and events) out, streamed in batches.

The CLI and the web app are thin shells over `Pipeline.analyze`. Each stage is
loaded on first use, so `sitrep times` never builds the gazetteer and `sitrep places` never
trains the event classifier.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sitrep import nlp
from sitrep.actors import ActorDictionary, find_actors
from sitrep.control import ControlFact, find_statements
from sitrep.events.extract import extract_events
from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention
from sitrep.places import Gazetteer, place_patterns, resolve_places
from sitrep.times import find_times

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.events.classifier import EventClassifier
    from sitrep.store import Store

STAGES = ("places", "actors", "times", "events", "control")
log = logging.getLogger(__name__)


@dataclass
class Analysis:
    """One document and what each stage found in it."""

    document: Document
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    control: list[ControlFact] = field(default_factory=list)  # statements of who holds what
    country: str | None = None  # the document's focus country (ISO alpha-2), from its places
    error: str | None = None  # set when a stage failed on this document; the batch goes on


class Pipeline:
    def __init__(
        self,
        stages: Iterable[str] = STAGES,
        classifier: EventClassifier | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.stages = set(stages)
        if self.stages & {"events", "control"}:
            self.stages |= set(STAGES)  # events rest on every other stage, control on events
        if "actors" in self.stages:
            self.stages.add("places")  # generic actors take their country from the places
        self._classifier = classifier
        if gazetteer is not None:
            self.gazetteer = gazetteer  # takes the cached property's place

    @cached_property
    def actor_dictionary(self) -> ActorDictionary:
        return ActorDictionary.load()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.open()

    @cached_property
    def classifier(self) -> EventClassifier:
        if self._classifier is None:
            from sitrep.events.classifier import load_default

            self._classifier = load_default()
        return self._classifier

    @cached_property
    def language(self) -> Language:
        patterns: list[dict] = []
        if self.stages & {"actors", "places"}:  # places inside armed groups' names are no places
            patterns += self.actor_dictionary.patterns()
        if "places" in self.stages:
            patterns += place_patterns(self.gazetteer)
        return nlp.load_language(patterns)

    def analyze(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Analysis]:
        for document, sdoc in nlp.analyze(self.language, documents, batch_size=batch_size):
            result = Analysis(document)
            try:
                self._run_stages(result, sdoc)
            except Exception as error:  # noqa: BLE001 - one bad document must not end a batch
                log.debug("analysis of %s failed", document.id, exc_info=True)
                result = Analysis(document, error=f"analysis failed ({type(error).__name__}: {error})")
            yield result

    def _run_stages(self, result: Analysis, sdoc: Doc) -> None:
        document = result.document
        if "places" in self.stages:
            result.places = outside_actor_names(resolve_places(document, sdoc, self.gazetteer), sdoc)
            result.country = focus_country(result.places)
        if "actors" in self.stages:
            result.actors = find_actors(sdoc, self.actor_dictionary, country=result.country)
        if "times" in self.stages:
            result.times = find_times(document.text, document.published, sdoc)
        if "events" in self.stages:
            result.events = extract_events(
                document, sdoc, result.actors, result.places, result.times, self.classifier
            )
        if "control" in self.stages:
            result.control = find_statements(
                document, sdoc, result.places, result.actors, result.times, result.events, result.country
            )

    def ingest(self, store: Store, documents: Iterable[Document]) -> Iterator[Ingested]:
        """Analyse and store each document not stored yet, in input order."""
        already: list[Document] = []

        def fresh() -> Iterator[Document]:
            for document in documents:
                if store.has_document(document):
                    already.append(document)
                else:
                    yield document

        for analysis in self.analyze(fresh()):
            while already:
                yield Ingested(already.pop(0), None)
            if analysis.error:
                yield Ingested(analysis.document, None, analysis.error)
                continue
            stored = store.add(
                analysis.document, analysis.events, analysis.actors, analysis.places, analysis.times
            )
            if stored and analysis.control:
                from sitrep.control.store import ControlStore

                ControlStore(store).add(analysis.document, analysis.control)
            yield Ingested(analysis.document, len(analysis.events) if stored else None)
        while already:
            yield Ingested(already.pop(0), None)


@dataclass
class Ingested:
    """What ingesting one document did: events stored (None: already stored), or why it failed."""

    document: Document
    events_stored: int | None
    error: str | None = None


def outside_actor_names(places: list[PlaceMention], sdoc: Doc) -> list[PlaceMention]:
    """Places that are not inside the name of an armed group the actor dictionary knows ("IS")."""
    actor_spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "ACTOR"]
    return [p for p in places if not any(s <= p.span.start and p.span.end <= e for s, e in actor_spans)]


def focus_country(places: Iterable[PlaceMention]) -> str | None:
    """The country most of the resolved places lie in: where generic actors belong."""
    counts = Counter(p.country_code for p in places if p.country_code and p.role == "location")
    return counts.most_common(1)[0][0] if counts else None
