"""Whom a yielding act spares when it ends a hostile act of the source's own: "must quit
intimidating Taiwan", "agreed to quit shelling the town's defenders". PLOVER's RETREAT is a
concession with material effect; ceasing to do something hostile to X yields to X, so X is its
target. Only an act told as a gerund complement of the yielding verb counts, only a hostile one
(a conflict-type verb of the lexicon, or hostile conduct the lexicon codes as no event:
`hostile_conduct_verbs`), and only an actor it is done to (its object), never its subject or
what a preposition adds ("quit fighting in Gao" spares no one named). Ceasing a cooperative act
("quit supporting the rebels") is a cut, no concession to them, and names no target here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.mentions import actors_of
from app.vocab import QUAD_CLASS, PloverType, QuadClass

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_CONFLICT = frozenset(
    t.value
    for t, q in QUAD_CLASS.items()
    if q in (QuadClass.VERBAL_CONFLICT, QuadClass.MATERIAL_CONFLICT)
)


def ceased_targets(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """The object of the hostile act a RETREAT verb's gerund complement says the source stops."""
    if plover != PloverType.RETREAT:
        return []
    for act in verb.children:
        if act.dep_ != "xcomp" or act.tag_ != "VBG" or not _hostile(act):
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


def _hostile(act: Token) -> bool:
    lex = knowledge.event_lexicon()
    lemma = act.lemma_.lower()
    return lemma in lex.hostile_conduct_verbs or any(
        p.plover in _CONFLICT for p in lex.verbs.get(lemma, ())
    )
