"""Indirect questions told without "whether" or "if": a clause that opens with a question word
states no act and pledges none."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract import knowledge


def wh_fronted(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """A clause told to come that opens with a question word and keeps its subject before the
    modal: an indirect question ("how far Turkey will back Baku is unclear", "to what extent the
    US would defend its ally was not made clear"), neither a pledge nor an act. A direct question
    inverts ("how far will Turkey back Baku?"); "when" and "where" open time and place clauses;
    a relative clause ("the deal, which Iran will sign") is no question, nor what "this is"
    or "that is" explains ("this is why Washington will send more arms": asserted)."""
    if verb.dep_ == "relcl" or _explained(verb, lex):
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    modal = next(
        (c for c in verb.children if c.dep_ == "aux" and c.lower_ in lex.modal_markers), None
    )
    if subj is None or modal is None or modal.i < subj.i:
        return False
    return any(
        w.tag_ in ("WDT", "WRB", "WP") and w.lower_ in lex.question_openers - {"when", "where"}
        for c in verb.children
        if c.i < subj.i
        for w in c.subtree
    )


def _explained(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """The clause is what a pointing subject is: "this is why ...", "that is how ...", "here is
    what ..." (a free relative that explains an act the speaker asserts)."""
    head = verb.head
    return (
        head.i != verb.i
        and head.lemma_ == "be"
        and any(c.dep_ == "nsubj" and c.lower_ in lex.explaining_subjects for c in head.children)
    )
