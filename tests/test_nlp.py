"""Language analysis: the English pipeline, the entity ruler before NER, paragraph-aware sentences."""

from __future__ import annotations

from sitrep.model import Document
from sitrep.nlp import RULER_NAME, analyze, doc_text, load_language

SEED_OPENING = (
    "With all eyes on Raqqa, US-backed rebels take on the Islamic State in Syria’s mountains\n\n"
    "10 November 2016\n\n"
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State (IS) in the "
    "mountains northeast of Damascus this week, a rebel commander told Syria Direct."
)


def test_ruler_entities_win_over_the_statistical_ner():
    patterns = [
        {"label": "ACTOR", "pattern": "Jaish Usud a-Sharqia", "id": "Jaish Usud al-Sharqiya"},
        {"label": "LOC", "pattern": "Bir al-Qasab", "id": "feature:Bir al-Qasab"},
    ]
    nlp = load_language(patterns)
    doc = nlp(
        "Last week, fighters with the Martyr Ahmad al-Abdo Brigade and Jaish Usud a-Sharqia launched an "
        "offensive. The desert provides IS with access routes to Bir al-Qasab, its main fortification."
    )
    entities = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Jaish Usud a-Sharqia", "ACTOR", "Jaish Usud al-Sharqiya") in entities
    assert ("Bir al-Qasab", "LOC", "feature:Bir al-Qasab") in entities


def test_headline_and_date_line_are_sentences_of_their_own():
    nlp = load_language()
    sentences = [s.text.strip() for s in nlp(SEED_OPENING).sents]
    assert sentences[0].startswith("With all eyes on Raqqa") and sentences[0].endswith("mountains")
    assert sentences[1] == "10 November 2016"
    assert sentences[2].startswith("AMMAN: US-backed rebels captured")


def test_analyze_streams_documents_with_their_docs():
    nlp = load_language()
    documents = [Document(str(i), text) for i, text in enumerate(SEED_OPENING.split("\n\n"))]
    pairs = list(analyze(nlp, documents, batch_size=2))
    assert [d.id for d, _ in pairs] == ["0", "1", "2"]
    assert all(sdoc.text == document.text for document, sdoc in pairs)


def test_doc_text_is_the_text_and_its_sentences_slices_of_it():
    doc = load_language()(SEED_OPENING)
    text = doc_text(doc)
    assert text == doc.text == SEED_OPENING
    assert doc_text(doc) is text  # joined once
    assert all(text[s.start_char : s.end_char] == s.text for s in doc.sents)


def test_token_patterns_run_only_where_their_words_are():
    """A pattern too varied for phrase look-up keeps spaCy's Matcher, which runs only on a doc that
    holds every word the pattern requires; the entity is found as before."""
    brigade = [
        {"LOWER": "martyr"}, {"LOWER": "ahmad"}, {"LOWER": {"IN": ["al", "el"]}, "OP": "?"},
        {"ORTH": "-", "OP": "+"}, {"LOWER": "abdo"}, {"LOWER": "brigade"},
    ]  # fmt: skip
    nlp = load_language([{"label": "ACTOR", "pattern": brigade, "id": "Martyr Ahmad al-Abdo Brigade"}])
    ruler = nlp.get_pipe(RULER_NAME)
    assert len(ruler.tokens) == 1 and not len(ruler.caseless)  # the Matcher's, not a phrase
    doc = nlp(
        "Last week, fighters with the Martyr Ahmad al-Abdo Brigade and Jaish Usud a-Sharqia launched an offensive."
    )
    assert ("Martyr Ahmad al-Abdo Brigade", "ACTOR") in {(e.text, e.label_) for e in doc.ents}
    assert ruler._tokens_may_match(doc)
    assert not ruler._tokens_may_match(nlp.make_doc(SEED_OPENING))
    assert not ruler._tokens_may_match(nlp.make_doc("Martyr Ahmad brigade fighters"))  # "abdo" missing


# "IS" in capitals, the Islamic State, in an ACLED note and a FA-KES article (both tuned on)
IS_SENTENCES = (
    "On Feb 23 Iraqi airstrikes targeted IS militants in the Hamrin basin south of Kirkuk.",
    "On Feb 4 Iraqi airstrikes targeted IS hideouts in al-Khilaniah and Hamrin mountains in Diyala province.",
    "The assault on Division 17 comes less than two weeks after IS killed 270 security guards employees "
    "and members of the paramilitary National Defence Forces.",
)


def test_is_in_capitals_names_the_group_not_the_verb(monkeypatch):
    """Rule `token_norms`: the parser reads "IS" as the group, not as the verb "is" (which made it the
    main verb of the first two sentences and an auxiliary of "killed"); "is" itself stays a verb."""
    for text in IS_SENTENCES:
        (word,) = [t for t in load_language()(text) if t.text == "IS"]
        assert word.pos_ in ("PROPN", "NOUN") and word.dep_ not in ("ROOT", "aux", "auxpass")
    assert load_language()("The town is held by rebels.")[2].pos_ == "AUX"
    monkeypatch.setenv("SITREP_NLP_RULES_OFF", "token_norms")
    misread = [
        t for text in IS_SENTENCES for t in load_language()(text) if t.text == "IS" and t.tag_ == "VBZ"
    ]
    assert len(misread) == len(IS_SENTENCES)
