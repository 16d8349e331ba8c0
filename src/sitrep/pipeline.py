"""The pipeline: documents in, analysed documents (mentions and events) out, streamed in batches.

The CLI and the web app are thin shells over `Pipeline.analyze`. Each stage is
loaded on first use, so `sitrep times` never builds the gazetteer and `sitrep places` never
trains the event classifier.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sitrep import nlp
from sitrep.actors import ActorDictionary, find_actors
from sitrep.actors.acled_labels import with_acled_labels, with_air_units
from sitrep.actors.operations import with_named_operations
from sitrep.control import ControlFact, find_statements
from sitrep.events.extract import extract_events
from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention
from sitrep.places import Gazetteer, place_patterns, resolve_places
from sitrep.places.provinces import within_named_provinces
from sitrep.places.resolve import FeedFocus
from sitrep.times import find_times

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.events.classifier import EventClassifier
    from sitrep.store import Store, Stored

STAGES = ("places", "actors", "times", "events", "control")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """What one document may take (limits.yaml, overridden by SITREP_DOCUMENT_MAX_* variables)."""

    document_max_characters: int
    document_max_seconds: float

    @classmethod
    def configured(cls) -> Limits:
        values: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("limits.yaml").read_text("utf-8"))
        for name in values:
            override = os.environ.get(f"SITREP_{name.upper()}")
            if override:
                values[name] = float(override)
        return cls(int(values["document_max_characters"]), float(values["document_max_seconds"]))


class DocumentTimeout(Exception):
    """The stages took longer on one document than its limit."""


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
        limits: Limits | None = None,
    ) -> None:
        self.stages = set(stages)
        self.limits = limits or Limits.configured()
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
        """Each document's analysis, in input order; a document over a limit, or one a stage
        failed on, comes back with `error` set and the batch goes on."""
        if "events" in self.stages:
            _ = self.classifier  # loaded (or trained) before any document's time limit runs
        oversized: set[int] = set()
        feed = FeedFocus()  # the countries of this call's documents read so far (`feed_focus`)
        for document, sdoc in nlp.analyze(self.language, self._within_size(documents, oversized), batch_size):
            if id(document) in oversized:
                oversized.discard(id(document))  # alive until here, so its id named no other document
                yield Analysis(
                    document,
                    error=f"refused: over {self.limits.document_max_characters:,} characters, the limit "
                    "of one document (SITREP_DOCUMENT_MAX_CHARACTERS)",
                )
                continue
            result = Analysis(document)
            try:
                with _time_limit(self.limits.document_max_seconds):
                    self._run_stages(result, sdoc, feed)
            except DocumentTimeout:
                result = Analysis(
                    document,
                    error=f"refused: its analysis took over {self.limits.document_max_seconds:g} s, "
                    "the limit of one document (SITREP_DOCUMENT_MAX_SECONDS)",
                )
            except Exception as error:  # noqa: BLE001 - one bad document must not end a batch
                log.debug("analysis of %s failed", document.id, exc_info=True)
                result = Analysis(document, error=f"analysis failed ({type(error).__name__}: {error})")
            yield result

    def _within_size(self, documents: Iterable[Document], oversized: set[int]) -> Iterator[Document]:
        """The documents, with an empty text in place of one over the size limit (it keeps its
        place in the stream; spaCy parses nothing)."""
        for document in documents:
            if len(document.text) > self.limits.document_max_characters:
                stand_in = replace(document, text="")
                oversized.add(id(stand_in))
                yield stand_in
            else:
                yield document

    def _run_stages(self, result: Analysis, sdoc: Doc, feed: FeedFocus | None = None) -> None:
        document = result.document
        if "places" in self.stages:
            places = resolve_places(document, sdoc, self.gazetteer, feed.shares() if feed else None)
            places = within_named_provinces(places, document.text, self.gazetteer)
            result.places = outside_actor_names(places, sdoc)
            result.country = focus_country(result.places)
            if feed is not None:
                feed.add(result.country)
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
        # control reads the dictionary's names; the events leave under ACLED's labels
        result.events = with_air_units(with_acled_labels(with_named_operations(result.events)))

    def ingest(self, store: Store, documents: Iterable[Document]) -> Iterator[Ingested]:
        """Analyse and store each text not stored yet, in input order.

        Each is analysed under the key it will be stored under, so that its event ids derive
        from that key (unique however many texts share a name)."""
        from sitrep.store.identity import content_hash

        pending: deque[tuple[Document, str | None]] = deque()  # in input order; key None: stored already
        seen: set[str] = set()  # the texts met in this run
        taken: set[str] = set()  # the keys handed out in this run

        def fresh() -> Iterator[Document]:
            for document in documents:
                text_hash = content_hash(document.text)
                if text_hash in seen or store.has_document(document):
                    pending.append((document, None))
                    continue
                seen.add(text_hash)
                key = store.key_for(document, taken)
                taken.add(key)
                pending.append((document, key))
                yield replace(document, id=key)

        for analysis in self.analyze(fresh()):
            while pending[0][1] is None:
                yield Ingested(pending.popleft()[0], None)
            document, key = pending.popleft()
            yield _store(store, document, key, analysis)
        while pending:
            yield Ingested(pending.popleft()[0], None)

    def store_analyses(self, store: Store, results: Iterable[Analysis | Any]) -> Iterator[Ingested | Any]:
        """`ingest` for analyses computed before their documents' keys were known (sitrep.scale
        reads and analyses on workers); anything else among them (reading problems) passes through.

        A text stored already, or met earlier in the run, adds nothing. One whose key is not its
        id (its name is held by another text) is analysed again here, under its key, so that its
        event ids derive from the key exactly as `ingest` derives them."""
        from sitrep.store.identity import content_hash

        seen: set[str] = set()
        taken: set[str] = set()
        for analysis in results:
            if not isinstance(analysis, Analysis):
                yield analysis
                continue
            document = analysis.document
            text_hash = content_hash(document.text)
            if text_hash in seen or store.has_document(document):
                yield Ingested(document, None)
                continue
            seen.add(text_hash)
            key = store.key_for(document, taken)
            taken.add(key)
            if key != document.id and not analysis.error:
                analysis = next(self.analyze([replace(document, id=key)]))
            yield _store(store, document, key, analysis)


def _store(store: Store, document: Document, key: str | None, analysis: Analysis) -> Ingested:
    """Store one analysed document under `key` (its events' ids derive from it), with its
    control statements; what became of it."""
    if analysis.error:
        return Ingested(document, None, analysis.error)
    stored = store.add(document, analysis.events, analysis.actors, analysis.places, analysis.times, key=key)
    if stored and analysis.control:
        from sitrep.control.store import ControlStore

        # under the key it was stored with: another writer may have taken the one asked for
        ControlStore(store).add(replace(analysis.document, id=stored.key), analysis.control)
    return Ingested(document, len(analysis.events) if stored else None, stored=stored)


@dataclass
class Ingested:
    """What ingesting one document did: events stored (None: already stored), or why it failed."""

    document: Document
    events_stored: int | None
    error: str | None = None
    stored: Stored | None = None  # its key, revision and what the user should be told


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds`: a timer signal, so only on the main
    thread (elsewhere, and for 0, no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signal: int, _frame: Any) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outside_actor_names(places: list[PlaceMention], sdoc: Doc) -> list[PlaceMention]:
    """Places that are not inside the name of an armed group the actor dictionary knows ("IS")."""
    actor_spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "ACTOR"]
    return [p for p in places if not any(s <= p.span.start and p.span.end <= e for s, e in actor_spans)]


def focus_country(places: Iterable[PlaceMention]) -> str | None:
    """The country most of the resolved places lie in: where generic actors belong."""
    counts = Counter(p.country_code for p in places if p.country_code and p.role == "location")
    return counts.most_common(1)[0][0] if counts else None
