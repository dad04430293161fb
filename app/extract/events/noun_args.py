"""Targets of noun events that the noun phrase names indirectly: the owner of what the act is
aimed at ("sanctions on Iranian banks") and the actor a threat's or a call's infinitive acts on
("Russia's threat to cut gas supplies to Moldova")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.events.arguments import demonym_owner, place_state, thing_owners

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def noun_object_owners(ctx: DocContext, objs: list[Token], sources: list[str]) -> list[str]:
    """Whose thing the act's prepositional object is, when it names no actor: its possessor, a
    compound actor, a by-phrase ("a crackdown on protests by students") or a demonym ("sanctions
    on Iranian oil exports")."""
    for p in objs:
        found = thing_owners(ctx, p, sources)
        if found:
            return found
        owner = demonym_owner(ctx, p, sources)
        if owner:
            return [owner]
    return []


def infinitives(noun: Token) -> list[Token]:
    """Infinitives that say what a threat or a call is to do: its content, no event of its own."""
    return [
        c
        for c in noun.children
        if c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def infinitive_target(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    """The first actor, else the state of the first place, in the infinitive that says what a
    threat or call is to do ("a threat to cut gas supplies to Moldova")."""
    for clause in infinitives(noun):
        toks = sorted(clause.subtree, key=lambda t: (_depth(t, clause), t.i))
        for t in toks:
            key = ctx.links.actor[t.i]
            if key is None or key in sources:
                continue
            rec = ctx.actors.by_key[key]
            if rec.kind == "agent" and not rec.country:
                continue  # "a threat to send troops": the source's own, unnamed forces
            return [key]
        for t in toks:
            place = ctx.links.place[t.i]
            key = place_state(ctx, place, sources) if place else None
            if key:
                return [key]
    return []


def _depth(tok: Token, root: Token) -> int:
    depth = 0
    while tok.i != root.i and tok.head is not tok:
        tok = tok.head
        depth += 1
    return depth
