"""Who does an act whose clause has no subject of its own, when the answer is not the governing
verb's subject: the someone its object names ("thanked Japan for sending aid", "helped the rebels
in retaking the town"), or, for the purpose of a thing handed over ("shipped blankets and stoves
to assist the herders"), whoever it was handed to if the verb names them, else whoever handed it
over. Kept apart from `syntax` (which calls these from `subject_of`), so it reads the parse
without importing back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def reason_object(clause: Token) -> Token | None:
    """The object of "V X for/of -ing", when it is someone: X does the -ing ("thanked Japan for
    sending aid", "accused Russia of shelling towns", "praised the police for arresting ...").
    After a verb of helping, "in"/"with" -ing too: the one helped does the act, the helper only
    helps ("Chad helped the rebels in retaking the town": the rebels retake it). And the one a
    verb of relying names, for its "to" infinitive (`relied_on`)."""
    relied = relied_on(clause)
    if relied is not None:
        return relied
    prep = clause.head
    if prep.dep_ == "conj" and prep.head.dep_ == "prep":  # "banned him for years and for defying"
        prep = prep.head
    if clause.dep_ != "pcomp" or prep.dep_ != "prep":
        return None
    verb = prep.head
    helped = verb.lemma_.lower() in knowledge.event_lexicon().helping_verbs
    if clause.head.lower_ not in ("for", "of") and not (helped and prep.lower_ in ("in", "with")):
        return None
    # (syntax.first_child spelled out: syntax imports this module, so it cannot import syntax)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.pos_ != "VERB":
        return None
    if obj is None or not names_someone(obj):
        return None  # "took credit for attacking": a thing does nothing
    return obj


def relied_on(clause: Token) -> Token | None:
    """The one a verb of relying names, who does its subjectless "to" infinitive: "is counting
    on Poland to block the tariffs", "waited for the court to overturn the ban". The act is only
    expected of them (see `modality`)."""
    if clause.dep_ not in ("advcl", "xcomp") or clause.tag_ != "VB":
        return None
    if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.lefts):
        return None
    relying = knowledge.event_lexicon().relying_verbs
    verb = clause.head
    for prep in verb.children:
        if prep.dep_ == "prep" and f"{verb.lemma_.lower()} {prep.lower_}" in relying:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            return obj if obj is not None and names_someone(obj) else None
    return None


def names_someone(noun: Token) -> bool:
    """A noun phrase head that can name an actor: a name, a pronoun, an entity, an agent noun, or
    a common noun a name stands before ("the Daily Monitor newspaper")."""
    return bool(
        noun.pos_ in ("PROPN", "PRON")
        or noun.ent_type_
        or knowledge.agents().get(noun.lemma_.lower())
        or any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i for c in noun.children)
    )


def handed_purpose(clause: Token) -> tuple[Token | None, Token | None] | None:
    """Who does the purpose of a thing handed over, a subjectless "to" infinitive after a verb
    of providing: (recipient, None) when the verb names whom it hands the thing to ("gave the
    guards powers to search", "the mayor was granted leave to appeal": they search, she
    appeals); else (None, verb) when the verb's own subject does it: the giver of a help the
    handing itself gives ("shipped tents to assist the herders"), or the shared subject of a
    passive verb ("was fined and was granted leave to appeal"); else (None, None), nobody we
    know ("supplied drones to attack the port": whoever was given them attacks, not the
    supplier). None when `clause` is no such purpose: in "rejected a plan to attack" the
    rejecter attacks nobody, and "sent troops to fight" leaves the troops' sender to the caller."""
    verb = _providing_verb(clause)
    if verb is None:
        return None
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and any(c.dep_ == "dobj" for c in verb.children):
        return passive, None  # "the mayor was granted leave": the parser's name for her is hers
    taker = _recipient(verb)
    if taker is not None and names_someone(taker) and not _thing(taker):
        return taker, None
    if any(c.dep_ == "auxpass" for c in verb.children):  # a giver is only a "by" phrase
        return (None, verb) if passive is None and verb.dep_ == "conj" else (None, None)
    if clause.lemma_.lower() not in knowledge.event_lexicon().helping_verbs:
        return None, None
    return None, verb


def _thing(noun: Token) -> bool:
    return noun.lemma_.lower() in knowledge.thing_words()["thing_nouns"]


def _recipient(verb: Token) -> Token | None:
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # "shipped rifles to the militia": the parser may hang the "to" phrase on the thing
    near: list[Token] = [*verb.children, *(thing.children if thing is not None else ())]
    for c in near:
        if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP":
            return c
        if c.dep_ in ("dative", "prep") and c.lower_ in ("to", "for"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and names_someone(obj):
                return obj
    return _hung_on_thing(thing) if thing is not None else None


def _hung_on_thing(thing: Token) -> Token | None:
    """The one given a thing, when the parser takes it for the thing's first modifier: a name
    ("granted Chad permission") or, after "the", a group ("gave the militia rifles")."""
    first = thing.left_edge
    det = first.dep_ == "det" and first.head == thing
    if det:
        first = first.nbor()
    if first.dep_ not in ("amod", "compound") or first.head != thing:
        return None
    if not det:
        return first if first.is_title and first.ent_type_ != "NORP" else None
    term = knowledge.agents().get(first.lemma_.lower())
    return first if term is not None and term.kind == "group" and not _thing(first) else None


def _providing_verb(clause: Token) -> Token | None:
    if clause.tag_ != "VB" or not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.lefts):
        return None
    if clause.dep_ == "advcl":  # "supplied drones to attack": the parser hangs it on the verb
        return _purpose_verb(clause)
    noun = clause.head
    if clause.dep_ not in ("relcl", "acl") or names_someone(noun):
        return None
    for _ in range(4):  # "blankets, stoves and tanks": the first conjunct's verb
        if noun.dep_ != "conj" or noun.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = noun.head
    verb = noun.head
    if noun.dep_ not in ("dobj", "conj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb if verb.lemma_.lower() in knowledge.event_lexicon().providing_verbs else None


def _purpose_verb(clause: Token) -> Token | None:
    """The providing verb a subjectless purpose hangs on, when what it hands over is a thing:
    "supplied drones to attack", "rifles were shipped to attack" (not "sent troops to fight")."""
    verb = clause.head
    if verb.lemma_.lower() not in knowledge.event_lexicon().providing_verbs:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return None
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if thing is None:
        thing = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if thing is None or thing.pos_ in ("PROPN", "PRON") or thing.ent_type_:
        return None
    term = knowledge.agents().get(thing.lemma_.lower())
    return verb if term is None or _thing(thing) else None
