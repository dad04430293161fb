"""Procedures told in general: "if the judge rules against the card holder, they can appeal to
the board" says what anyone in that role may do, not that someone did or will do it. PLOVER
codes acts of named actors ("Required entities"), so such a sentence is no event.

The verb has an ability modal ("can", "may"; uncoded.yaml `procedure_modals`) and a condition
clause of its own ("if", "once"; `procedure_condition_marks`), and its subject names no actor: a
common noun for a role with nothing naming a side ("the card holder", "a detainee"), or a
pronoun that stands for no actor. A named doer ("if the court rules against him, Lamine can
appeal") keeps the event, told as hypothetical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.mentions import resolve_pronoun

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.events.uncoded import UncodedWords

# a side named on the role noun: an owner, a demonym, a name ("the Ghanaian detainee")
_SIDE_DEPS = ("poss", "compound", "amod", "nmod")


def general_procedure(ctx: DocContext, verb: Token, subj: Token, words: UncodedWords) -> bool:
    """The verb tells what a role may do under a condition, with no actor as its doer."""
    if not any(c.dep_ == "aux" and c.lower_ in words.procedure_modals for c in verb.children):
        return False
    if not any(
        c.dep_ == "advcl"
        and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in words.procedure_condition_marks
            for m in c.children
        )
        for c in verb.children
    ):
        return False
    if ctx.links.actor[subj.i] is not None:
        return False
    if subj.pos_ == "PRON":
        return resolve_pronoun(ctx, subj) is None
    return subj.pos_ == "NOUN" and not any(
        c.dep_ in _SIDE_DEPS
        and (c.pos_ == "PROPN" or ctx.links.actor[c.i] is not None or c.ent_type_)
        for c in subj.children
    )
