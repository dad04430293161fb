"""Reported obligations: "X said (that) Y must ..." is X's demand on Y (PLOVER REQUEST).

The obligation clause is the content of the demand, not an event of its own, so its tokens are
absorbed like the complement of a frame verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.coding import emit
from app.extract.mentions import SPEECH_VERBS, actors_of
from app.extract.syntax import first_child, subject_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_OBLIGATION_AUX = frozenset({"must", "should", "ought"})
_DEMAND = knowledge.EventPattern(lemma="must", cameo="100", plover="REQUEST")


def _obligation_clause(verb: Token) -> Token | None:
    """The reported clause of a speech verb that states what someone must or should do."""
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        if any(a.dep_ == "aux" and a.lower_ in _OBLIGATION_AUX for a in c.children):
            return c
    return None


def reports(tok: Token) -> bool:
    """A verb that can report an obligation ("said", "concluded", "insisted")."""
    lemma = tok.lemma_.lower()
    return lemma in SPEECH_VERBS or lemma in knowledge.event_lexicon().concluding_verbs


def find_demands(ctx: DocContext, verbs: list[Token]) -> set[int]:
    """Code reported obligations as REQUEST events; return the tokens of their clauses."""
    absorbed: set[int] = set()
    for tok in verbs:
        clause = _obligation_clause(tok)
        if clause is None:
            continue
        subj, _ = subject_of(tok)
        sources = actors_of(ctx, subj)
        targets = [k for k in actors_of(ctx, first_child(clause, "nsubj")) if k not in sources]
        if not sources or not targets:
            continue  # "he said we must act": no one the demand is made of
        emit(
            ctx,
            tok,
            _DEMAND,
            sources,
            targets,
            negated=False,
            hypothetical=False,
            intent=False,
            confidence=0.7,
        )
        absorbed.update(t.i for t in clause.subtree)
    return absorbed
