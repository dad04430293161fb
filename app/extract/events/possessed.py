"""Whose thing a material act takes or bans, when a possessive pronoun says so: "the junta
banned her book", "police seized their passports", "froze his accounts". PLOVER's COERCE
(bans, seizure of property) and SANCTION fall on the owner; a named possessor ("Khoshbo's
book") is read by owners.thing_owners already, a pronoun here once it resolves to an actor who
is not the act's source ("the army burned its own stocks" is no act on anyone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.mentions import actors_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# acts done to something owned: its owner is who suffers them
OWNED_THING_TYPES = frozenset({"COERCE", "SANCTION"})


def possessor_targets(
    ctx: DocContext, obj: Token | None, plover: str, sources: list[str]
) -> list[str]:
    """The actor an object's possessive pronoun stands for, for an act on an owned thing."""
    if obj is None or plover not in OWNED_THING_TYPES or ctx.links.actor[obj.i] is not None:
        return []
    for c in obj.children:
        if c.dep_ == "poss" and c.pos_ == "PRON":
            found = [k for k in actors_of(ctx, c) if k not in sources]
            return found if len(found) == 1 else []
    return []
