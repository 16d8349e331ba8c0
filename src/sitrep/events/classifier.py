"""Sentence-level ACLED event-type classification: a statistical model plus a reviewable lexicon.

- The model: TF-IDF word and character n-grams -> multinomial logistic regression, trained on
  ACLED `notes` (sub-event type) with a "none" class of non-conflict newswire sentences. The notes'
  boilerplate (dates, sizes, fatality counts) is stripped so it learns the wording of the happening.
- The lexicon (`triggers.yaml`): trigger phrases per sub-event type, for the types the notes barely
  contain (chemical weapons, suicide bombs, bases, territory), plus no-event cues (disasters,
  accidents, crime, diplomacy, opinion).
- The decision adds the two: model probability + lexicon evidence, against "no event".

Models are saved as a NumPy `.npz` (vocabulary, idf, weights; loaded with `allow_pickle=False`),
so loading one never runs code.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sitrep.config import acled_files, data_dir, fingerprint, fingerprint_changes, shared_path
from sitrep.events.taxonomy import ALL_SUB_EVENT_TYPES, EVENT_TYPE_OF, PROTESTS, RIOTS, SUB_EVENT_TYPES
from sitrep.progress import ProgressBars

NONE_LABEL = "none"
LEXICON_PATH = Path(__file__).with_name("triggers.yaml")
MODEL_FORMAT = 1
MODEL_FILE = "event_classifier.npz"  # in the data directory
# training speed over the exports' bytes, measured on a 2-core machine: the first-run estimate
TRAIN_BYTES_PER_SECOND = 4e4

# How lexicon evidence is weighed against model probabilities (which sum to 1).
MODEL_WEIGHT = 1.0
STRONG_WEIGHT = 1.0  # one strong cue outweighs any model probability
EXTRA_CUE_WEIGHT = 0.1  # each further distinct strong cue of the same type
HINT_WEIGHT = 0.12
MAX_HINTS = 3
PRIORITY_SCALE = 1 / 200  # priority 0-100 -> up to 0.5, so the more specific type wins ties


@dataclass(frozen=True)
class Prediction:
    """A text's ACLED event and sub-event type, both None when it reports no ACLED event."""

    event_type: str | None
    sub_event_type: str | None
    score: float
    event_share: float = 0.0  # the share of every event type's support together, against "no event"
    ranked: tuple[tuple[str, float], ...] = ()  # the event sub-types with support, best first, with shares


# --- lexicon -----------------------------------------------------------------------------------

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "shoot": ("shot",),
    "take": ("took", "taken"),
    "blow": ("blew", "blown"),
    "throw": ("threw", "thrown"),
    "hold": ("held",),
    "fight": ("fought",),
    "flee": ("fled",),
    "steal": ("stole", "stolen"),
    "drive": ("drove", "driven"),
    "break": ("broke", "broken"),
    "burn": ("burnt",),
    "beat": ("beaten",),
    "fall": ("fell", "fallen"),
    "overrun": ("overran",),
    "retake": ("retook", "retaken"),
    "overtake": ("overtook", "overtaken"),
    "win": ("won",),
    "give": ("gave", "given"),
    "strike": ("struck",),
    "find": ("found",),
    "go": ("went", "gone"),
    "withdraw": ("withdrew", "withdrawn"),
    "catch": ("caught",),
    "bring": ("brought",),
    "meet": ("met",),
    "sink": ("sank", "sunk"),
    "lay": ("laid",),
    "send": ("sent",),
    "build": ("built",),
    "hit": ("hit",),
    "set": ("set",),
    "lead": ("led",),
    "rise": ("rose", "risen"),
    "seek": ("sought",),
    "light": ("lit",),
}
# Function words keep their form: "ups" or "ined" would only add noise.
_NO_INFLECT = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "into",
        "out",
        "up",
        "off",
        "over",
        "down",
        "than",
        "and",
        "or",
        "as",
        "his",
        "her",
        "their",
        "its",
        "himself",
        "herself",
        "themselves",
        "under",
        "back",
        "against",
        "through",
        "toward",
        "towards",
        "between",
    ]
)
_SEP = r"[^\w.;!?]+"  # between words: spaces, hyphens, quotes, commas; never a sentence end
_GAP = rf"(?:{_SEP}[\w'’-]+){{0,4}}?"  # "*": up to four words ("captured portions of a strategic highway")


def _forms(word: str) -> list[str]:
    """The word's inflected forms (over-generation is harmless: "shelled", "shelleds")."""
    if word.endswith("="):
        return [word[:-1]]
    if word in _NO_INFLECT or not word.isalpha():
        return [word]
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "ings"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word[-1] not in "aeiouywx":  # kidnap -> kidnapped, drop -> dropping
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    forms |= set(_IRREGULAR.get(word, ()))
    return sorted(forms, key=len, reverse=True)


def _word_regex(word: str) -> str:
    parts = word.lower().split("-")
    # "cease-fire" also matches "ceasefire" and "cease fire"; only the last part inflects.
    head = [re.escape(p) for p in parts[:-1]]
    tail = "(?:" + "|".join(re.escape(f) for f in _forms(parts[-1])) + ")"
    return r"[\s-]?".join([*head, tail])


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern (see the header of triggers.yaml) to a case-insensitive regex."""
    pieces: list[str] = []
    gap = False
    for token in pattern.split():
        if token == "*":
            gap = True
            continue
        if token.startswith("!"):  # "grenade !launcher": not when this word follows
            words = "|".join(_word_regex(word) for word in token[1:].split("|"))
            pieces.append(f"(?!{_SEP}(?:{words})(?!\\w))")
            continue
        alternatives = [
            _SEP.join(_word_regex(word) for word in alternative.split("_"))
            for alternative in token.split("|")
        ]
        if pieces:
            pieces.append(_GAP + _SEP if gap else _SEP)
        pieces.append("(?:" + "|".join(alternatives) + ")")
        gap = False
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    pattern: str
    regex: re.Pattern[str]
    anchors: frozenset[str]  # word prefixes one of which the text must contain for the regex to match


_ANCHOR_LENGTH = 4
_WORD = re.compile(r"\w+")


def _anchors(pattern: str) -> frozenset[str]:
    """Prefixes of the pattern's most selective word slot, in every inflected form.

    Running hundreds of regexes over every sentence is slow; a set lookup of word prefixes first
    skips the cues that cannot match (the TE3 negatives alone are some 50,000 sentences).
    """
    slots = [
        [_WORD.findall(alternative.split("_")[0].rstrip("="))[0] + ("=" if alternative.endswith("=") else "")
         for alternative in token.split("|")]
        for token in pattern.lower().split() if token != "*" and not token.startswith("!")
    ]  # fmt: skip
    best = max(slots, key=lambda words: min(len(w.rstrip("=")) for w in words))
    return frozenset(form[:_ANCHOR_LENGTH] for word in best for form in _forms(word))


def text_prefixes(text: str) -> frozenset[str]:
    """The text's word prefixes, to test cue anchors against."""
    words = _WORD.findall(text.lower())
    return frozenset(word[:n] for word in words for n in range(1, _ANCHOR_LENGTH + 1))


def _cues(patterns: Iterable[str] | None) -> tuple[Cue, ...]:
    return tuple(Cue(p, compile_pattern(p), _anchors(p)) for p in patterns or ())


@dataclass(frozen=True)
class TypeEntry:
    sub_event_type: str
    priority: int
    cues: tuple[Cue, ...]
    hints: tuple[Cue, ...]
    actor: str | None  # "state"/"non_state" for the territorial types
    refines: tuple[str, ...]  # more general types whose score this one takes over when its cue fires
    outranks: tuple[str, ...]  # more specific types whose score this one takes over when ...
    outranking: tuple[Cue, ...]  # ... one of these cues fires ("small arms" makes shelling a clash)


@dataclass(frozen=True)
class NoEventGroup:
    weight: float
    cues: tuple[Cue, ...]
    unless: tuple[Cue, ...]  # cues that show an event after all ("robbers shot dead a driver")


@dataclass(frozen=True)
class LexiconHit:
    sub_event_type: str
    strong: tuple[str, ...]  # the strong cue patterns that matched
    hints: tuple[str, ...]
    first: int  # offset of the first strong match, -1 when only hints matched


class Lexicon:
    """The trigger lexicon of triggers.yaml, compiled."""

    def __init__(self, path: Path = LEXICON_PATH) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.types: dict[str, TypeEntry] = {}
        for name, entry in data["types"].items():
            if name not in EVENT_TYPE_OF:
                raise ValueError(f"{path}: {name!r} is not an ACLED sub-event type")
            outranks = entry.get("outranks") or {}
            self.types[name] = TypeEntry(
                name, int(entry.get("priority", 0)), _cues(entry.get("cues")), _cues(entry.get("hints")),
                entry.get("actor"), tuple(entry.get("refines") or ()),
                tuple(outranks.get("types") or ()), _cues(outranks.get("cues")),
            )  # fmt: skip
            unknown = {*self.types[name].refines, *self.types[name].outranks} - set(EVENT_TYPE_OF)
            if unknown:
                raise ValueError(f"{path}: {name} refines or outranks unknown types {sorted(unknown)}")
        self.no_event: dict[str, NoEventGroup] = {
            group: NoEventGroup(float(entry["weight"]), _cues(entry["cues"]), _cues(entry.get("unless")))
            for group, entry in data["no_event"].items()
        }
        self.actors: dict[str, tuple[Cue, ...]] = {
            side: _cues(words) for side, words in data["actors"].items()
        }
        # The cues by anchor, and each list of cues (by its id) as a set of cue ids: a text's word
        # prefixes name the few cues that can match it (15 of some 700 in a FA-KES sentence), and
        # the lists with none of them are passed over without a look at their cues.
        lists = [
            cues for entry in self.types.values() for cues in (entry.cues, entry.hints, entry.outranking)
        ] + [cues for group in self.no_event.values() for cues in (group.cues, group.unless)]
        self._by_anchor: dict[str, set[int]] = {}
        for cue in (cue for cues in lists for cue in cues):
            for anchor in cue.anchors:
                self._by_anchor.setdefault(anchor, set()).add(id(cue))
        self._ids_of = {id(cues): frozenset(id(cue) for cue in cues) for cues in lists}
        # a sentence's cues in play, kept: the classifier and the trigger finder both ask for them
        self._in_play: dict[str, frozenset[int]] = {}

    def in_play(self, text: str) -> frozenset[int]:
        """The ids of the cues the text contains an anchor of: the only ones that can match it."""
        found = self._in_play.get(text)
        if found is None:
            if len(self._in_play) >= _MAX_CACHED_TEXTS:
                self._in_play.clear()
            found = self._in_play[text] = frozenset(
                cue for prefix in text_prefixes(text) for cue in self._by_anchor.get(prefix, ())
            )
        return found

    def playing(self, cues: tuple[Cue, ...], in_play: frozenset[int]) -> list[Cue]:
        """The cues of one of the lexicon's lists that are in play (`in_play`: the text's), in order."""
        live = self._ids_of[id(cues)] & in_play
        return [cue for cue in cues if id(cue) in live] if live else []

    def found(
        self, cues: tuple[Cue, ...], text: str, in_play: frozenset[int]
    ) -> list[tuple[Cue, re.Match[str]]]:
        """The cues of one of the lexicon's lists that occur in the text, in the list's order, with
        their matches; `in_play`: the text's `in_play`."""
        return [(cue, match) for cue in self.playing(cues, in_play) if (match := cue.regex.search(text))]

    def hits(self, text: str, in_play: frozenset[int] | None = None) -> dict[str, LexiconHit]:
        """The sub-event types whose cues or hints occur in the text (`in_play`: its `in_play`)."""
        found: dict[str, LexiconHit] = {}
        in_play = self.in_play(text) if in_play is None else in_play
        for name, entry in self.types.items():
            if self._ids_of[id(entry.cues)].isdisjoint(in_play) and self._ids_of[id(entry.hints)].isdisjoint(
                in_play
            ):
                continue  # most types: none of their words in the text
            strong, first = [], -1
            for cue, match in self.found(entry.cues, text, in_play):
                strong.append(cue.pattern)
                first = match.start() if first < 0 else min(first, match.start())
            hints = [cue.pattern for cue, _ in self.found(entry.hints, text, in_play)]
            if strong or hints:
                found[name] = LexiconHit(name, tuple(strong), tuple(hints), first)
        return found

    def has_conflict_cue(self, text: str) -> bool:
        """Whether any strong cue, or any hint of violence, occurs: keeps conflict out of the negatives."""
        in_play = self.in_play(text)
        for entry in self.types.values():
            violent = EVENT_TYPE_OF[entry.sub_event_type] in _VIOLENT_EVENT_TYPES
            if self.found(entry.cues, text, in_play) or (violent and self.found(entry.hints, text, in_play)):
                return True
        return False

    def no_event_score(self, text: str, in_play: frozenset[int] | None = None) -> tuple[float, list[str]]:
        """The strongest no-event group's weight (plus a little per further group) and the groups found."""
        in_play = self.in_play(text) if in_play is None else in_play
        groups = [
            name for name, group in self.no_event.items()
            if self.found(group.cues, text, in_play) and not self.found(group.unless, text, in_play)
        ]  # fmt: skip
        if not groups:
            return 0.0, []
        weights = sorted((self.no_event[g].weight for g in groups), reverse=True)
        return weights[0] + 0.1 * (len(weights) - 1), groups

    def territory_side(self, text: str, entry: TypeEntry, position: int) -> str:
        """Recaptures by rebels and captures by the army swap between the two territorial types,
        by the actor words nearest the cue at `position`."""
        if entry.actor is None:
            return entry.sub_event_type
        side = self.actor_side(text, position)
        if side is None or side == entry.actor:
            return entry.sub_event_type
        return "Government regains territory" if side == "state" else "Non-state actor overtakes territory"

    def actor_side(self, text: str, position: int) -> str | None:
        """'state' or 'non_state': the sentence's first actor word before `position` (its subject,
        mostly), else the nearest after it ("fell to the rebels")."""
        start = max(text.rfind(mark, 0, position) for mark in (". ", "; ", "! ", "? ")) + 1
        end_candidates = [i for i in (text.find(m, position) for m in (". ", "; ")) if i >= 0]
        end = min(end_candidates) if end_candidates else len(text)
        before: tuple[int, str] | None = None
        after: tuple[int, str] | None = None
        for side, cues in self.actors.items():
            for cue in cues:
                for match in cue.regex.finditer(text, start, end):
                    if match.end() <= position and (before is None or match.start() < before[0]):
                        before = (match.start(), side)
                    elif match.start() >= position and (after is None or match.start() < after[0]):
                        after = (match.start(), side)
        chosen = before or after
        return chosen[1] if chosen else None


_VIOLENT_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)


@cache
def default_lexicon() -> Lexicon:
    return Lexicon()


# --- text normalisation ------------------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS}),? \d{{4}}"
_NOTE_BOILERPLATE = [
    # "On 9 May 2020,", "Around 9 May 2020 (as reported),", "As reported on ...", "Between ... and ...,"
    re.compile(
        rf"^\s*(?:[A-Z][\w /]+:\s*)?(?:On|Around|As reported on|Reported on|Between|From|During|Since|Overnight on)"
        rf"(?:\s+(?:or around|the night of|the week of))?\s+{_DATE}"
        rf"(?:\s*(?:and|-|to)\s*{_DATE})?(?:\s*\([^)]*\))?,?\s*",
        re.IGNORECASE,
    ),
    re.compile(r"\[[^\]]*\]"),  # [size=no report], [women targeted: ...]
    re.compile(
        r"(?:^|(?<=[.;]))\s*(?:\d+|no|an? unknown number of)\s+(?:reported\s+)?fatalit\w+[^.]*\.",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:^|(?<=[.;]))\s*(?:Casualties|Fatalities)\s+(?:unknown|not known|coded[^.]*)\.?", re.IGNORECASE
    ),
]
_SPACE = re.compile(r"\s+")


def normalise_note(note: str) -> str:
    """An ACLED note without its coding boilerplate: only the account of what happened is left."""
    text = note
    for pattern in _NOTE_BOILERPLATE:
        text = pattern.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _model_text(text: str) -> str:
    # Numbers carry little about the type of event; one token for all keeps the vocabulary small.
    return re.sub(r"\d+", "0", text.lower())


# --- training data -----------------------------------------------------------------------------


def read_acled(
    files: Sequence[Path], done: Callable[[str], None] | None = None
) -> tuple[list[str], list[str]]:
    """Normalised notes and their sub-event types from ACLED CSV exports; `done(name)` after each."""
    csv.field_size_limit(10**8)
    texts: list[str] = []
    labels: list[str] = []
    for path in files:
        with Path(path).open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                note, label = normalise_note(row.get("notes") or ""), row.get("sub_event_type") or ""
                if note and label in EVENT_TYPE_OF:
                    texts.append(note)
                    labels.append(label)
        if done is not None:
            done(f"read {Path(path).name}")
    return texts, labels


_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def negative_texts(limit: int | None = None) -> list[str]:
    """No-event sentences: TE3 silver newswire sentences with no conflict cue; [] without shared data."""
    folder = shared_path("data", "corpus", "te3-silver-newswire")
    if folder is None:
        return []
    lexicon = default_lexicon()
    sentences: list[str] = []
    for path in sorted(folder.glob("*.tml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        body = raw.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
        text = _SPACE.sub(" ", _TAG.sub("", body)).replace(" ,", ",").replace(" .", ".")
        for sentence in _SENTENCE_END.split(text):
            # Short fragments are headlines and bylines, not the sentences news reports are made of.
            if len(sentence) >= 60 and not lexicon.has_conflict_cue(sentence):
                sentences.append(sentence.strip())
                if limit is not None and len(sentences) >= limit:
                    return sentences
    return sentences


# --- the model ---------------------------------------------------------------------------------


class _LinearModel:
    """TF-IDF (fixed vocabulary) -> softmax over a linear layer; all state in plain arrays."""

    def __init__(
        self, vocab: list[str], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, classes: list[str]
    ):
        from scipy.sparse import diags

        self.vocab, self.idf, self.coef, self.intercept, self.classes = vocab, idf, coef, intercept, classes
        # made once, not at each call: the idf as the sparse matrix scipy multiplies by, and coef.T
        # as scipy multiplies it (C order, float64; scipy copied and cast it at each call)
        self._idf = diags(idf).tocsr()
        self._weights = np.ascontiguousarray(coef.T, dtype=np.float64)
        self._columns = {term: i for i, term in enumerate(vocab)}  # "w:word", "c:gram" -> column
        # A word's character n-gram columns: char_wb n-grams never cross a space, so a text's are
        # its words' together, and the same words come back in every sentence (counting them
        # anew, as sklearn's CountVectorizer does, was a fifth of event extraction's time).
        self._word_grams: dict[str, tuple[int, ...]] = {}

    def counts(self, texts: Sequence[str]) -> Any:
        """The texts' word and character n-gram counts over the vocabulary: sklearn's
        CountVectorizer with `_WORD_PARAMS` then `_CHAR_PARAMS`, side by side, and the same matrix."""
        from scipy.sparse import csr_matrix

        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for text in texts:
            text = text.lower()  # as CountVectorizer's preprocessor
            tokens = _TOKEN.findall(text)
            grams = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
            columns = (self._columns.get(f"w:{gram}") for gram in grams)
            found = Counter(
                chain((c for c in columns if c is not None), *map(self._char_columns, text.split()))
            )
            for column in sorted(found):  # word columns come before character ones, as in the vocabulary
                indices.append(column)
                values.append(found[column])
            indptr.append(len(indices))
        return csr_matrix(
            (
                np.array(values, dtype=np.int64),
                np.array(indices, dtype=np.int32),
                np.array(indptr, dtype=np.int32),
            ),
            shape=(len(texts), len(self.vocab)),
        )

    def _char_columns(self, word: str) -> tuple[int, ...]:
        """The columns of the word's char_wb n-grams (sklearn's `_char_wb_ngrams`: the word padded
        with a space each side; one shorter than n is one n-gram, and ends the sizes)."""
        found = self._word_grams.get(word)
        if found is None:
            if len(self._word_grams) >= _MAX_CACHED_WORDS:
                self._word_grams.clear()
            padded = f" {word} "
            grams: list[str] = []
            for n in range(_CHAR_NGRAMS[0], _CHAR_NGRAMS[1] + 1):
                if len(padded) <= n:
                    grams.append(padded)
                    break
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            columns = (self._columns.get(f"c:{gram}") for gram in grams)
            found = self._word_grams[word] = tuple(c for c in columns if c is not None)
        return found

    def features(self, texts: Sequence[str]) -> Any:
        counts = self.counts([_model_text(normalise_note(t)) for t in texts])
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf
        weighted = (counts @ self._idf).tocsr()
        # each row to unit length, as sklearn's normalize (whose argument checks cost more than the sums)
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        weighted.data /= np.repeat(norms, np.diff(weighted.indptr))
        return weighted

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        logits = np.asarray(self.features(texts) @ self._weights) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


_TOKEN_PATTERN = r"(?u)\b\w[\w'-]*\b"
_TOKEN = re.compile(_TOKEN_PATTERN)
_CHAR_NGRAMS = (3, 5)
_WORD_PARAMS: dict[str, Any] = {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": _TOKEN_PATTERN}
_CHAR_PARAMS: dict[str, Any] = {"analyzer": "char_wb", "ngram_range": _CHAR_NGRAMS}
_MAX_CACHED_WORDS = 200_000  # distinct words whose n-gram columns are kept (a few tens of MB at most)
_MAX_CACHED_TEXTS = 4_096  # sentences whose cues in play are kept


def _fit(texts: Sequence[str], labels: Sequence[str]) -> _LinearModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    prepared = [_model_text(t) for t in texts]
    words = TfidfVectorizer(min_df=2, max_features=60_000, sublinear_tf=True, **_WORD_PARAMS)
    chars = TfidfVectorizer(min_df=3, max_features=50_000, sublinear_tf=True, **_CHAR_PARAMS)
    words.fit(prepared)
    chars.fit(prepared)
    vocab = [f"w:{t}" for t in words.get_feature_names_out()] + [
        f"c:{t}" for t in chars.get_feature_names_out()
    ]
    idf = np.concatenate([words.idf_, chars.idf_])
    features = _LinearModel(vocab, idf, np.zeros((1, len(vocab))), np.zeros(1), []).features(texts)
    # Balanced weights: rare types (grenades, arrests) must not drown under protests and clashes.
    classifier = LogisticRegression(C=10.0, max_iter=200, class_weight="balanced")
    classifier.fit(features, list(labels))
    return _LinearModel(
        vocab, idf, classifier.coef_.astype(np.float32), classifier.intercept_.astype(np.float32),
        [str(c) for c in classifier.classes_],
    )  # fmt: skip


class EventClassifier:
    """Sub-event type of a sentence or snippet: model probabilities plus lexicon evidence."""

    def __init__(self, model: _LinearModel | None = None, lexicon: Lexicon | None = None) -> None:
        self.model = model  # None: lexicon-only
        self.lexicon = lexicon or default_lexicon()
        self.inputs: list[dict[str, Any]] = []  # the training files' fingerprint
        self.meta: dict[str, Any] = {}  # as saved: trained when, from what

    @classmethod
    def train(
        cls, acled_files: Sequence[Path], extra_negatives: Sequence[str] = (), progress: bool = False
    ) -> EventClassifier:
        """Train on ACLED exports' notes, with TE3 newswire (and `extra_negatives`) as "no event".

        The TE3 sentences are included already; the no-event class is capped at one sentence for
        every two events (extra negatives first, duplicates dropped): learnt, without dominating.
        """
        with ProgressBars(progress, "event classifier") as bar:
            task = bar.task("reading ACLED exports", total=len(acled_files) + 2)

            def step(description: str) -> None:
                bar.update(task, advance=1, description=description)

            texts, labels = read_acled(acled_files, step)
            if not texts:
                raise ValueError("no ACLED notes with a sub-event type in the given files")
            cap = max(len(texts) // 2, 500)
            negatives = list(dict.fromkeys([*extra_negatives, *negative_texts(limit=cap)]))[:cap]
            step(f"fitting on {len(texts)} ACLED notes and {len(negatives)} no-event sentences")
            model = _fit(texts + negatives, labels + [NONE_LABEL] * len(negatives))
            step("done")
        classifier = cls(model)
        classifier.inputs = fingerprint(acled_files)
        return classifier

    def save(self, path: Path, defaults: bool = False) -> None:
        """Save as .npz (no pickle), with the training files' fingerprint; `defaults`: trained on
        the default exports, so retrained when they change. A lexicon-only classifier has nothing
        to save."""
        if self.model is None:
            raise ValueError("a lexicon-only classifier has no model to save")
        m = self.model
        trained = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        meta = json.dumps(
            {
                "format": MODEL_FORMAT,
                "classes": m.classes,
                "trained": trained,
                "inputs": self.inputs,
                "default_inputs": defaults,
            }
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:  # a file object keeps NumPy from appending ".npz" to the name
            np.savez_compressed(
                f, meta=np.array(meta), vocab=np.array(m.vocab), idf=m.idf, coef=m.coef, intercept=m.intercept
            )  # fmt: skip
        self.meta = json.loads(meta)

    @classmethod
    def load(cls, path: Path) -> EventClassifier:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != MODEL_FORMAT:
                raise ValueError(f"{path}: unsupported event-classifier format {meta.get('format')!r}")
            model = _LinearModel(
                [str(t) for t in data["vocab"]], data["idf"], data["coef"], data["intercept"], meta["classes"]
            )  # fmt: skip
        classifier = cls(model)
        classifier.meta = meta
        classifier.inputs = meta.get("inputs", [])
        return classifier

    def scores(self, text: str, probabilities: dict[str, float]) -> dict[str, float]:
        """Every candidate label's combined score: model probability + lexicon evidence."""
        combined = {
            label: MODEL_WEIGHT * probabilities.get(label, 0.0)
            for label in (*ALL_SUB_EVENT_TYPES, NONE_LABEL)
        }
        refiners: dict[str, int] = {}  # types with a strong cue, and their priority
        in_play = self.lexicon.in_play(text)  # one look-up of the text's cues for every test below
        hits = self.lexicon.hits(text, in_play)
        for name, hit in hits.items():
            entry = self.lexicon.types[name]
            evidence = HINT_WEIGHT * min(len(hit.hints), MAX_HINTS)
            if hit.strong:
                evidence += STRONG_WEIGHT + EXTRA_CUE_WEIGHT * min(len(hit.strong) - 1, 3)
                evidence += entry.priority * PRIORITY_SCALE
                target = self.lexicon.territory_side(text, entry, hit.first)
                refiners[target] = entry.priority
            else:
                target = name
            combined[target] += evidence
        # An outranking type takes the cue's place too: stones thrown at a demonstration refine it
        # into a violent one, as a stone-throwing crowd's own cue would.
        for name, entry in self.lexicon.types.items():
            if self.lexicon.found(entry.outranking, text, in_play):
                for specific in entry.outranks:
                    combined[name] += combined[specific]
                    combined[specific] = 0.0
                    if refiners.pop(specific, None) is not None:
                        refiners[name] = entry.priority
        # Most specific first: a suicide bomb at a protest takes the protest's score, not the reverse.
        for name in sorted(refiners, key=lambda n: refiners[n], reverse=True):
            for general in self.lexicon.types[name].refines:
                combined[name] += combined[general]
                combined[general] = 0.0
        if not any(EVENT_TYPE_OF[name] in (PROTESTS, RIOTS) for name in hits):
            # "residents lost their lives": a protest or riot needs a word of one, whatever the model saw
            for name in (*SUB_EVENT_TYPES[PROTESTS], *SUB_EVENT_TYPES[RIOTS]):
                combined[name] = 0.0
        combined[NONE_LABEL] += self.lexicon.no_event_score(text, in_play)[0]
        if self.model is None and combined[NONE_LABEL] == 0.0:
            # Without a model, a text with no cue at all is no event; keep a floor for "none".
            combined[NONE_LABEL] = 0.5
        return combined

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One prediction per text; event_type and sub_event_type are None for no ACLED event."""
        if self.model is not None and texts:
            matrix = self.model.probabilities(texts)
            all_probabilities = [dict(zip(self.model.classes, row.tolist(), strict=True)) for row in matrix]
        else:
            all_probabilities = [{} for _ in texts]
        predictions = []
        for text, probabilities in zip(texts, all_probabilities, strict=True):
            combined = self.scores(text, probabilities)
            label = decide(combined)
            # Share of the winner among all candidates: 1.0 when nothing else had any support.
            total = sum(combined.values())
            score = combined[label] / total
            event_share = 1.0 - combined[NONE_LABEL] / total
            ranked = tuple(
                (name, round(value / total, 4))
                for name, value in sorted(combined.items(), key=lambda item: -item[1])
                if name != NONE_LABEL and value > 0
            )
            sub_event_type = None if label == NONE_LABEL else label
            event_type = None if sub_event_type is None else EVENT_TYPE_OF[sub_event_type]
            predictions.append(
                Prediction(event_type, sub_event_type, round(score, 4), round(event_share, 4), ranked)
            )
        return predictions


def decide(combined: dict[str, float]) -> str:
    """The label of combined scores: an event when the event types together weigh at least as much
    as 'none', and then the best of them. A note the model is unsure how to type ("opposition rebels
    targeted regime forces ... with ATGM": clash 0.22, shelling, air strike and others less) spreads
    its support over the types, and none of them alone outweighed 'none' (0.23), though together
    they held three quarters of it."""
    best = max((label for label in combined if label != NONE_LABEL), key=lambda label: combined[label])
    event_mass = sum(score for label, score in combined.items() if label != NONE_LABEL)
    return best if event_mass > 0 and event_mass >= combined[NONE_LABEL] else NONE_LABEL


def default_model_path() -> Path:
    """Where the trained model lives in the data directory."""
    return data_dir() / MODEL_FILE


def load_default(train_if_missing: bool = True, progress: bool = True) -> EventClassifier:
    """The saved model, retrained first when it was trained on the default exports and they changed
    since; else one trained (and saved) from the shared ACLED exports; else lexicon-only."""
    path = default_model_path()
    files = acled_files()
    reason = "first run"
    if path.exists():
        classifier = EventClassifier.load(path)
        changes = stale_inputs(classifier, files)
        if not changes or not train_if_missing or not files:
            return classifier
        reason = f"its training files changed ({', '.join(changes)})"
    if train_if_missing and files:
        if progress:
            size = sum(p.stat().st_size for p in files)
            print(
                f"sitrep: {reason}: training the event classifier on {len(files)} ACLED exports "
                f"({size / 1e6:.0f} MB) into {path}, about {max(1, round(size / TRAIN_BYTES_PER_SECOND / 60))} minute(s)",
                file=sys.stderr,
            )
        classifier = EventClassifier.train(files, progress=progress)
        classifier.save(path, defaults=True)
        return classifier
    return EventClassifier()


def stale_inputs(classifier: EventClassifier, default_files: Sequence[Path]) -> list[str]:
    """How the training files changed since a classifier trained on the default exports was saved
    ([] for one trained on chosen files: `sitrep train` retrains it)."""
    if not classifier.meta.get("default_inputs"):
        return []
    return fingerprint_changes(classifier.inputs, fingerprint(default_files, digests=False))
