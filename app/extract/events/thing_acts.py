"""Subjects that make a verb no act: a thing or a situation doing what only an actor does ("a
provision allows ...", "their partnership helped the Kremlin", "a plane used to help troops").
Read by events.verbs for patterns marked `actor_subject`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.events.verb_checks import situation_subject, thing_subject

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract import knowledge


def thing_doer(
    verb: Token, subj: Token | None, has_actor: bool, inherited: bool, lex: knowledge.EventLexicon
) -> bool:
    """The verb's doer is a thing or a situation, not an actor: "it allows them to ...", "a law
    allows ...", "their partnership helped ...", or the purpose a thing serves."""
    if situation_subject(subj, lex):
        return True
    if not has_actor and thing_subject(subj, lex) and not _given_thing(subj, inherited):
        return True
    return subj is None and _thing_purpose(verb, lex)


def _thing_purpose(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """The purpose a thing is made or used for, told of the thing: "a plane used to help troops
    communicate", "a fund designed to assist farmers". What a thing is for is no one's act
    (but "police officers sent to help Haiti" are people sent)."""
    if verb.dep_ != "xcomp" or any(c.dep_ == "nsubj" for c in verb.children):
        return False
    part = verb.head
    if part.dep_ != "acl" or part.tag_ not in ("VBN", "VBD"):
        return False
    return part.head.pos_ == "NOUN" and thing_subject(part.head, lex)


def _given_thing(subj: Token | None, inherited: bool) -> bool:
    """A thing someone provides for a purpose, which the infinitive tells ("funded construction
    to assist the police", "sent equipment to help the army"): the act is the provider's, so the
    thing as subject does not make it no act."""
    return (
        inherited
        and subj is not None
        and subj.dep_ in ("dobj", "conj")
        and any(c.dep_ == "relcl" and c.tag_ == "VB" for c in subj.children)
    )
