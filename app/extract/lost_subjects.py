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
# auxiliaries that agree with their subject: a singular and a plural one cannot share it
_NUMBER = {"was": 1, "is": 1, "has": 1, "were": 2, "are": 2, "have": 2}


def subject_left_behind(verb: Token) -> bool:
    """A conjunct verb whose own auxiliary disagrees in number with the first verb's ("the navy
    was blamed for the spill but the fishermen, who ..., were granted"), after a noun phrase: it
    had a subject of its own, which the parser hung elsewhere. A verb that shares its subject
    agrees with it ("has retaken two villages, has arrested twelve men and ...")."""
    if verb.dep_ != "conj":
        return False
    first = verb.left_edge
    if first.dep_ not in ("aux", "auxpass") or first.head != verb or first.i == 0:
        return False
    before = first.nbor(-1)
    while before.is_punct and before.i > verb.head.i + 1:
        before = before.nbor(-1)
    if before.i <= verb.head.i or before.pos_ not in _NOUNS:
        return False
    own = _NUMBER.get(first.lower_)
    theirs = next(
        (
            _NUMBER[a.lower_]
            for a in verb.head.children
            if a.dep_ in ("aux", "auxpass") and a.lower_ in _NUMBER
        ),
        None,
    )
    return own is not None and theirs is not None and own != theirs
