"""Whom a yielding act spares when it ends an act of the source's own: "must quit intimidating
Taiwan", "agreed to quit shelling the town's defenders". PLOVER's RETREAT is a concession with
material effect; ceasing to do something to X yields to X, so X is its target. Only an act told
as a gerund complement of the yielding verb counts, and only an actor it is done to (its
object), never its subject or what a preposition adds ("quit fighting in Gao" spares no one
named)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.mentions import actors_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def ceased_targets(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """The object of the act a RETREAT verb's gerund complement says the source stops doing."""
    if plover != "RETREAT":
        return []
    for act in verb.children:
        if act.dep_ != "xcomp" or act.tag_ != "VBG":
            continue
        found = [
            k
            for c in act.children
            if c.dep_ == "dobj"
            for k in actors_of(ctx, c)
            if k not in sources
        ]
        if found:
            return list(dict.fromkeys(found))
    return []
