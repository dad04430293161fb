"""Whether a coordinated verb really shares the subject of the verb it is joined to. The parser
sometimes takes a clause whose subject it has hung elsewhere for the second half of the clause
before it: in "the navy was blamed for the spill but the fishermen, who lost their boats, were
granted leave to appeal" the fishermen become a conjunct of "the spill", and "were granted"
a conjunct of "was blamed", whose subject is the navy. Kept apart from `syntax` (which asks
this while climbing from a verb to the one it is joined to)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_NOUNS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def subject_left_behind(verb: Token) -> bool:
    """A conjunct verb with an auxiliary of its own ("... were granted") right after a noun
    phrase: that noun phrase was its subject, so the first verb's subject is not. A verb that
    shares its subject follows the conjunction or a comma after a verb ("was fined and was
    granted", "were arrested, questioned and were later released")."""
    if verb.dep_ != "conj":
        return False
    first = verb.left_edge
    if first.dep_ not in ("aux", "auxpass") or first.head != verb:
        return False
    before = first.nbor(-1) if first.i > 0 else None
    while before is not None and before.is_punct and before.i > verb.head.i:
        before = before.nbor(-1)
    return before is not None and before.i > verb.head.i and before.pos_ in _NOUNS
