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
    helps ("Chad helped the rebels in retaking the town": the rebels retake it)."""
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


def names_someone(noun: Token) -> bool:
    """A noun phrase head that can name an actor: a name, a pronoun, an entity, an agent noun, or
    a common noun a name stands before ("the Daily Monitor newspaper")."""
    return bool(
        noun.pos_ in ("PROPN", "PRON")
        or noun.ent_type_
        or knowledge.agents().get(noun.lemma_.lower())
        or any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i for c in noun.children)
    )


def provider(clause: Token) -> Token | None:
    """The verb that hands over the thing a subjectless "to" infinitive is the purpose of:
    "shipped blankets and stoves to assist the herders" (whoever shipped them assists), "sent
    money to help the flood victims". Only after a verb of providing: in "rejected a plan
    to attack" the rejecter attacks nobody. None when the noun names someone ("sent troops to
    fight": the troops fight), when the verb names whom it hands the thing to (`given_to`), or
    `clause` is no such infinitive."""
    verb = _providing_verb(clause)
    return verb if verb is not None and _recipient(verb) is None else None


def given_to(clause: Token) -> Token | None:
    """Whom a providing verb hands over the thing a subjectless "to" infinitive is the purpose
    of: the one given permission, powers or arms does the act, the giver only permits or arms
    ("gave the guards powers to search", "granted the rebels arms to hold the pass")."""
    verb = _providing_verb(clause)
    taker = _recipient(verb) if verb is not None else None
    return taker if taker is not None and names_someone(taker) else None  # else nobody


def _recipient(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP":
            return c
        if c.dep_ in ("dative", "prep") and c.lower_ in ("to", "for"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and names_someone(obj):
                return obj
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # "granted Chad permission": the parser takes the name for a modifier of the thing
    first = thing.left_edge if thing is not None else None
    if first is None or first.dep_ not in ("amod", "compound") or first.head != thing:
        return None
    return first if first.is_title and first.ent_type_ != "NORP" else None


def _providing_verb(clause: Token) -> Token | None:
    noun = clause.head
    if clause.dep_ not in ("relcl", "acl") or clause.tag_ != "VB" or names_someone(noun):
        return None
    if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
        return None
    for _ in range(4):  # "blankets, stoves and tanks": the first conjunct's verb
        if noun.dep_ != "conj" or noun.head.pos_ not in ("NOUN", "PROPN"):
            break
        noun = noun.head
    verb = noun.head
    if noun.dep_ not in ("dobj", "conj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb if verb.lemma_.lower() in knowledge.event_lexicon().providing_verbs else None
