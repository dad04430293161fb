"""Events inside what someone hopes, fears or believes, and the complements that frame verbs
(pledge, threaten, accuse ...) absorb: none of them is coded as an act of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.syntax import for_to_clause

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract import knowledge


def in_belief(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """Inside what someone hopes, fears or expects ("in hopes that Egypt will ease ...")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("ccomp", "acl") and cur.head.lemma_.lower() in lex.belief_words:
            return True
        if cur.dep_ in ("conj", "xcomp", "ccomp", "acl", "advcl"):
            cur = cur.head
            continue
        break
    return False


def absorbed_by_frames(frame_verbs: list[tuple[Token, str]]) -> set[int]:
    """Token indices inside the complement of pledge/threaten-type verbs."""
    out: set[int] = set()
    for v, frame in frame_verbs:
        for c in v.children:
            if (
                c.dep_ in ("xcomp", "ccomp")
                or (c.dep_ == "advcl" and c.i == getattr(for_to_clause(v), "i", None))
                or frame == "accuse"
                and c.dep_ == "prep"
                and c.lower_ in ("of", "for", "over")
            ):
                out.update(t.i for t in c.subtree)
    return out
