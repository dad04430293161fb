"""A breach foretold of a thing is a legal judgement, no act: "such shipments would breach the
embargo", "the new tariff could violate the trade pact".

PLOVER REJECT codes an actor's refusal or defiance. A breaching verb (`breach_verbs` in
events.yaml) with a modal whose subject is a thing naming no actor (none in the noun, its
possessor or modifiers) says what an act would amount to if done: no one is reported to have
defied anything. A breach told as done ("the ship breached the embargo") or by an actor ("Iran could
violate the deal") is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.syntax import first_child

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventLexicon


def judged_breach(ctx: DocContext, verb: Token, lex: EventLexicon) -> bool:
    if verb.lemma_.lower() not in lex.breach_verbs:
        return False
    if not any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    subj = first_child(verb, "nsubj")
    if subj is None or subj.pos_ != "NOUN":
        return False
    named = [subj, *(c for c in subj.children if c.dep_ in ("poss", "compound", "amod"))]
    return all(ctx.links.actor[t.i] is None for t in named)  # "Iran's enrichment" is Iran's act
