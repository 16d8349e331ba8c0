"""Who acted and against whom: actor1, actor2 and their associated actors for one trigger.

Read off the dependency parse around the trigger: subjects, "by X" agents and modifiers of an
event noun ("IS suicide bombing") act; objects, passive subjects and the objects of from/against/
on/targeting are acted upon. The parse is noisy on news text, so word order settles the rest.
The acting side is named as ACLED codes perpetrators: civilians who attack are rioters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.actors import as_perpetrator
from sitrep.config import switched_off
from sitrep.events.cues import load_cues
from sitrep.events.happening import RULES_OFF_VARIABLE, clause_head
from sitrep.model import ActorMention
from sitrep.times.lexicon import MONTH_ABBREVIATIONS, MONTHS

TARGET_PREPOSITIONS = frozenset(
    {"from", "against", "on", "at", "targeting", "toward", "towards", "upon", "into"}
)
AGENT_DEPS = frozenset({"nsubj", "agent", "compound", "poss", "amod", "nmod"})
TARGET_DEPS = frozenset({"dobj", "nsubjpass", "obj", "iobj", "attr"})
# verbs whose subject undergoes the event: "two men died"
UNDERGOING_VERBS = frozenset({"die", "perish", "succumb", "drown"})
# verbs of defence: their subject was attacked, the attack's author attacked ("troops repelled a Houthi attack")
DEFENCE_VERBS = frozenset({"repel", "repulse", "thwart", "foil", "resist"})
# verbs of telling: their subject tells of the event, it does not act in it (not "claim": who claims
# an attack made it)
REPORTING_VERBS = frozenset(
    {"say", "report", "announce", "state", "tell", "confirm", "deny", "allege", "accuse", "add", "note"}
)
# verbs whose object is the side said to have done the deed: "accused the army of shelling"
ACCUSING_VERBS = frozenset({"accuse", "blame"})
# where the accused stands to an accusing verb: "blamed the warplanes for", "the regime has been accused of"
ACCUSED_DEPS = frozenset({"dobj", "nsubjpass"})
# prepositions of the parties to a clash, the first of whom ACLED names actor1: "clashes between X and Y"
PARTY_PREPOSITIONS = frozenset({"between", "among"})
MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
# entities whose phrase no actor acts from: "On 7 May 2020, ..., Myanmar military clashed" misparsed into the date
DATE_ENTITIES = frozenset({"DATE", "TIME"})
# dependencies that keep a word inside the phrase of its head, so role is read off the head
PHRASE_DEPS = frozenset(
    {"compound", "amod", "appos", "conj", "cc", "det", "nummod", "quantmod", "npadvmod", "prep", "pobj"}
)


@dataclass
class Roles:
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    assoc2: list[ActorMention] = field(default_factory=list)
    agent: ActorMention | None = None  # actor1 as the text names it, before ACLED's perpetrator coding


def same_side(a: ActorMention, b: ActorMention) -> bool:
    """Two mentions of one actor, or of allied actors under one umbrella."""
    if a.name == b.name:
        return True
    return bool(set((a.name, *a.umbrella)) & set((b.name, *b.umbrella)))


def _phrase_start(root: Token) -> int:
    """Where the noun phrase of `root` starts, leaving out a date the parser hung on it ("On 03
    February 2020 Turkish forces shelled": "February" parsed as a modifier of "forces")."""
    first = root.left_edge
    while first.i < root.i and _date_word(first):
        first = root.doc[first.i + 1]
    return first.i


def actor_role(mention_root: Token, trigger: Token) -> str | None:
    """'agent', 'target', 'party' (to a clash), 'defender' (the subject of a verb of defence),
    'speaker' (who tells of the event, a side of it by neither parse nor word order) or None, from the
    mention's place in the parse relative to the trigger."""
    token = mention_root
    accused = _accused(token, trigger)
    if accused is not None:
        return accused
    if _speaking(token, trigger):
        return "speaker"  # "A military source at the Free Syrian Army told ... that the attack targeted"
    # a target preposition right before the phrase: "from the Islamic State", "against rebels"
    doc = token.doc
    first = _phrase_start(token)
    for left in doc[max(token.sent.start, first - 3) : first]:
        between = doc[left.i + 1 : first]  # only articles and modifiers: not "from mosque,"
        if (
            left.lower_ in TARGET_PREPOSITIONS
            and left.head.i != token.i
            and all(t.pos_ in ("DET", "ADJ", "NUM") for t in between)
        ):
            return "target"
    listed = True  # still inside the phrase of the mention or one listed with it
    for _ in range(6):  # climb out of the noun phrase to the clause it plays a role in
        if token.i != mention_root.i and token.ent_type_ in DATE_ENTITIES:
            return None
        verb = _subject_after_date(token)
        if verb is not None:
            return "target" if any(c.dep_ == "auxpass" for c in verb.children) else "agent"
        if token.dep_ == "pobj" and token.head.lower_ in PARTY_PREPOSITIONS and not _a_range(token.head):
            return "party" if listed else None
        if token.dep_ == "pobj" and token.head.lower_ in TARGET_PREPOSITIONS:
            return "target"
        if included_in_toll(token, trigger):
            return "target"
        if token.dep_ == "pobj" and token.head.lower_ == "by":
            # "strikes carried out by X" acts in the event; "a siege imposed by X" describes the siege
            by_head = token.head.head
            return None if by_head.dep_ == "acl" and by_head.head.i != trigger.i else "agent"
        if token.dep_ == "dobj" and token.head.lemma_ in ACCUSING_VERBS and token.head.i != trigger.i:
            return "agent"  # "the opposition accused the government forces of using toxic substances"
        if token.dep_ in TARGET_DEPS:
            return "target"
        if token.dep_ == "nsubj" and token.head.lemma_ in UNDERGOING_VERBS:
            return "target"
        if token.dep_ == "nsubj" and token.head.lemma_ in DEFENCE_VERBS:
            return "defender"
        if (
            token.dep_ in MODIFIER_DEPS
            and token.head.dep_ == "dobj"
            and token.head.head.lemma_ in DEFENCE_VERBS
        ):
            return "agent"  # "thwarted a Houthi attack"
        if token.dep_ in ("nsubj", "agent"):
            return "agent"
        if token.dep_ in MODIFIER_DEPS and token.head.i == trigger.i:
            return "agent"  # "IS suicide bombing", "regime airstrikes"
        if token.dep_ not in PHRASE_DEPS or token.head.i == token.i:
            return None
        listed = listed and _inside_party(token)
        token = token.head
    return None


def included_in_toll(token: Token, trigger: Token) -> bool:
    """The rule `victims_included` (SITREP_EVENT_RULES_OFF): the object of "including" or "among" hung
    on the trigger is among those it befell ("Twelve people were killed including at least two rebel
    fighters": the rebels died, they did not kill)."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in load_cues().inclusion_words
        and token.head.head.i == trigger.i
        and "victims_included" not in switched_off(RULES_OFF_VARIABLE)
    )


def _subject_after_date(token: Token) -> Token | None:
    """ "On Feb 17 IS militants attacked Jaghmaghah": with no comma after the date, the parser hangs
    the subject on the date's preposition ("militants" the object of "On"); the verb it is the
    subject of, else None. The rule `date_hung_subject` (SITREP_EVENT_RULES_OFF)."""
    preposition, verb = token.head, token.head.head
    if token.dep_ != "pobj" or preposition.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return None
    if "date_hung_subject" in switched_off(RULES_OFF_VARIABLE):
        return None
    if not preposition.i < token.i < verb.i:
        return None
    date = token.doc[preposition.i + 1 : _phrase_start(token)]
    return verb if len(date) and all(_date_word(t) for t in date) else None


def _date_word(token: Token) -> bool:
    """A word of a date, whether or not the tagger saw one: "Feb 2", "03 February 2020"."""
    word = token.lower_.rstrip(".")
    return token.ent_type_ in DATE_ENTITIES or token.like_num or word in MONTHS or word in MONTH_ABBREVIATIONS


def _accused(token: Token, trigger: Token) -> str | None:
    """The rule `accused_agent` (SITREP_EVENT_RULES_OFF): with an accusing verb for trigger ("activists
    blamed Russian warplanes for the strikes") or above it ("the regime has been accused of dropping
    barrel bombs"), the accused did the deed and the accuser only tells of it: 'agent' for the verb's
    object or passive subject, 'speaker' for the subject of the trigger itself; None otherwise."""
    phrase = _phrase_head(token, stop=trigger)
    verb = phrase.head
    if verb.lemma_ not in ACCUSING_VERBS or phrase.i == verb.i:
        return None
    if verb.i != trigger.i and phrase.dep_ == "dobj":
        # "accused the government forces of gassing": the older rule of `actor_role`, not switched with this one
        return None
    if "accused_agent" in switched_off(RULES_OFF_VARIABLE):
        return None
    if phrase.dep_ in ACCUSED_DEPS:
        return "agent"
    return "speaker" if phrase.dep_ == "nsubj" and verb.i == trigger.i else None


def _speaking(token: Token, trigger: Token) -> bool:
    """The mention lies in the subject of a reporting verb other than the trigger: "the army said
    militants attacked", "a military source at the Free Syrian Army told": who tells is not who acted."""
    phrase = _phrase_head(token, stop=trigger)
    return phrase.dep_ == "nsubj" and phrase.head.lemma_ in REPORTING_VERBS and phrase.head.i != trigger.i


def _phrase_head(token: Token, stop: Token | None = None) -> Token:
    """The word of the noun phrase around `token` that plays its role in the clause: out of the
    phrase ("members of the community", "a group of people"), never past `stop`."""
    for _ in range(6):
        if (
            token.dep_ not in PHRASE_DEPS
            or token.head.i == token.i
            or (stop is not None and token.i == stop.i)
        ):
            break
        token = token.head
    return token


def _a_range(preposition: Token) -> bool:
    """ "between two and four people": a number range, not the parties to a clash."""
    doc, i = preposition.doc, preposition.i
    return (
        i + 3 < len(doc)
        and doc[i + 1].like_num
        and doc[i + 2].lower_ in ("and", "to")
        and doc[i + 3].like_num
    )


def _inside_party(token: Token) -> bool:
    """The word is part of the phrase naming a party, or one listed with it: "suspected BIFF militants",
    "two factions of Mayi Mayi", "X and Y"; not an apposition the parse hung on a place."""
    if token.dep_ in ("conj", "compound", "amod", "nmod", "poss"):
        return True
    return (token.dep_ == "pobj" and token.head.lower_ == "of") or (
        token.dep_ == "prep" and token.lower_ == "of"
    )


def assign_roles(sentence: SpacySpan, trigger: Token, mentions: list[ActorMention]) -> Roles:
    """Split the sentence's actor mentions into the acting side and the side acted upon."""
    doc = sentence.doc
    agents: list[ActorMention] = []
    targets: list[ActorMention] = []
    others: list[ActorMention] = []
    parties: list[ActorMention] = []
    defenders: list[ActorMention] = []
    for mention in mentions:
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        role = actor_role(span.root, trigger) if span is not None else None
        if role == "speaker":
            continue  # "A military source at the Free Syrian Army told ... that the attack targeted a market"
        sides = {"agent": agents, "target": targets, "party": parties, "defender": defenders}
        sides.get(role or "", others).append(mention)
    # "clashes between X and Y": the first party acts, unless the parse named who did
    if parties and not agents:
        agents.append(parties.pop(0))
    # "Taliban militants were killed when Afghan forces repulsed their attack": the defenders' foe attacked
    foes = [m for m in targets if defenders and not same_side(defenders[0], m) and m.kind != "civilians"]
    if foes and not agents:
        agents.append(foes[0])
        targets.remove(foes[0])
    targets.extend(parties)
    targets[:0] = defenders
    # word order settles what the parse left open: before the trigger acts, after it is acted upon,
    # unless the parse found the side acted upon already ("soldiers were killed during clashes with
    # PKK militants"); civilians act only where the parse says so, as most reports name them as victims
    for mention in others:
        other_side = bool(targets) and not same_side(targets[0], mention)
        if not agents and mention.kind != "civilians" and (mention.span.start < trigger.idx or other_side):
            agents.append(mention)
        elif not targets and (not agents or not same_side(agents[0], mention)):
            targets.append(mention)
        elif agents and same_side(agents[0], mention):
            agents.append(mention)
    # "residents lost their lives after terrorists attacked": the subject of the trigger's own clause first
    agents.sort(key=lambda mention: not subject_of_clause(doc, mention, trigger))
    roles = Roles()
    if agents:
        roles.agent, roles.actor1 = agents[0], as_perpetrator(agents[0])
        roles.assoc1 = _distinct([m for m in agents[1:] if m.name != agents[0].name])
    rest = [m for m in targets if roles.actor1 is None or not same_side(roles.actor1, m)]
    if rest:
        roles.actor2 = rest[0]
        roles.assoc2 = _distinct([m for m in rest[1:] if m.name != rest[0].name])
    elif roles.actor1 is None and targets:
        roles.actor1 = targets[0]
    return roles


def subject_of_clause(doc: Doc, mention: ActorMention, trigger: Token) -> bool:
    """The mention is the subject (or "by" agent) of the trigger's own clause."""
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return False
    token = _phrase_head(span.root)
    if token.dep_ not in ("nsubj", "agent"):
        return False
    clause = clause_head(trigger)
    verbs = {trigger.i, clause.i}
    if clause.dep_ in ("advcl", "xcomp", "conj") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
    ):
        verbs.add(clause.head.i)  # "threw molotov cocktails, setting vehicles on fire": one subject for both
    return token.head.i in verbs


def _distinct(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        if mention.name not in seen:
            seen.add(mention.name)
            out.append(mention)
    return out
