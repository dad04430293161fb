"""Third-person pronouns by what they can stand for, shared by `mentions` and `quoted_pronouns`
(a leaf module: it imports neither)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})


def compatible(ctx: DocContext, key: str, pron: str) -> bool:
    """Whether the actor `key` can be what `pron` stands for: "he" a person, "it" a body."""
    kind = ctx.kind_of(key)
    if pron in PERSON_PRONOUNS:
        return kind == "person"
    if pron in THING_PRONOUNS:
        return kind in ("organization", "state", "group", "agent")
    return kind in ("organization", "state", "group", "agent", "person")
