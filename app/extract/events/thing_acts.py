"""Who can do what a verb says. A thing or a situation doing what only an actor does is no act
("a provision allows ...", "their partnership helped the Kremlin", "a plane used to help
troops"; read by events.verbs for patterns marked `actor_subject`), and civilian sectors move no
force (MOBILIZE)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.actors.things import document_name
from app.extract.events.verb_checks import situation_subject, thing_subject

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract import knowledge
    from app.extract.context import DocContext


def thing_doer(
    verb: Token, subj: Token | None, has_actor: bool, inherited: bool, lex: knowledge.EventLexicon
) -> bool:
    """The verb's doer is a thing or a situation, not an actor: "it allows them to ...", "a law
    allows ...", "their partnership helped ...", or the purpose a thing serves."""
    if situation_subject(subj, lex) or (subj is not None and document_name(subj)):
        return True  # a law's name holds a place's ("the Samoa Accord"), still no actor
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


def forces_among(ctx: DocContext, keys: list[str], lex: knowledge.EventLexicon) -> list[str]:
    """The actors among `keys` that can move a force: not civilian sectors ("troops and aid
    workers were deployed": the aid workers mobilize nothing)."""
    return [
        k
        for k in keys
        if (ctx.actors.by_key[k].code or "")[-3:] not in lex.civilian_sectors
        or ctx.kind_of(k) in ("state", "organization")
    ]
