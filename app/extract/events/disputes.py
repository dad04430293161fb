"""The other side of the source's own dispute: an act that settles, ends or answers a dispute
"with X" is aimed at X ("accepted a plan to settle its trade row with Norway", "agreed to talks
on ending the border dispute with Eritrea"): in PLOVER the recipient of an AGREE or a CONCEDE
is the party it yields or commits to, and a dispute names it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.mentions import actors_of
from app.extract.syntax import prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# acts whose recipient a settled or answered dispute names
DISPUTE_TYPES = frozenset({"AGREE", "CONCEDE", "RETREAT", "REJECT", "SUPPORT", "REQUEST"})
# arguments followed down from the act; not other clauses, which tell acts of their own
_INSIDE = frozenset({"dobj", "prep", "pobj", "pcomp", "xcomp", "acl", "attr", "oprd"})
_MAX_DEPTH = 6
# a dispute told as the act's circumstance is no party to it ("rejected the talks amid its row
# with X": the talks may be with anyone)
_CIRCUMSTANCES = frozenset({"amid", "amidst", "despite", "during", "after", "before", "since"})


def dispute_parties(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """The actors a dispute inside the act's own arguments is "with", when it is the source's
    (no other owner named: "its dispute", "the row"), else nothing."""
    if plover not in DISPUTE_TYPES:
        return []
    words = knowledge.event_lexicon().dispute_nouns
    found: list[str] = []
    named: list[str] = []  # every other actor the act's arguments name
    level, depth = [verb], 0
    while level and depth < _MAX_DEPTH:
        for t in level:
            if t is not verb:
                named += [k for k in [ctx.links.actor[t.i]] if k and k not in sources]
            if t is not verb and t.lemma_.lower() in words and _own(ctx, t, sources):
                found += [k for p in prep_objects(t, ("with",)) for k in actors_of(ctx, p)]
        level = [
            c
            for t in level
            for c in t.children
            if c.dep_ in _INSIDE and not (c.dep_ == "prep" and c.lower_ in _CIRCUMSTANCES)
        ]
        depth += 1
    found = [k for k in dict.fromkeys(found) if k not in sources]
    # "refused to attend a hearing by the UN court over its dispute with X": the act names
    # whom it answers itself, the dispute only why
    return found if found and set(named) <= set(found) else []


def _own(ctx: DocContext, noun: Token, sources: list[str]) -> bool:
    """No one else is named as the dispute's owner ("Niger's dispute with Benin" is Niger's)."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ != "PRON":
            return any(k in sources for k in actors_of(ctx, c))
    return True
