"""The people a bare count stands for, when no act coordinated with it says: "N others" adds to
the group counted before it ("the eight Uyghurs who remain in custody since the authorities
deported 40 others": more Uyghurs); "many", "some" in a participle clause are part of the people
its head clause acted on ("singled out soldiers and passengers, shooting many")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.mentions import actors_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_PEOPLE_KINDS = frozenset({"group", "agent"})  # a people, a sector; not a state or a person


def counted_before(ctx: DocContext, args: Sequence[Token | None]) -> list[str]:
    """The group a counted "others" argument adds to: the latest group its sentence counted
    before it with a number ("eight Uyghurs", "dozens of protesters" is no count)."""
    others = next((t for t in args if t is not None and _counted_others(t)), None)
    if others is None:
        return []
    for t in reversed(ctx.doc[others.sent.start : others.i]):
        key = ctx.links.actor[t.i]
        if key is None or ctx.actors.by_key[key].kind not in _PEOPLE_KINDS:
            continue
        # the number counts the name or the noun it is in apposition to ("eight ethnic
        # minority Uyghurs": the number is the head noun's)
        counted = [t, t.head] if t.dep_ in ("appos", "compound") else [t]
        if any(c.dep_ == "nummod" for n in counted for c in n.children):
            return [key]
    return []


def _counted_others(tok: Token) -> bool:
    return tok.lemma_.lower() == "other" and any(c.dep_ == "nummod" for c in tok.children)


def part_of_named(ctx: DocContext, args: Sequence[Token | None]) -> list[str]:
    """The people a bare "many"/"some" object of a participle clause is part of: the objects of
    the clause it adds to ("singled out soldiers and passengers, shooting many")."""
    words = knowledge.event_lexicon().partitive_words
    for t in args:
        if t is None or t.lower_ not in words or any(True for _ in t.children):
            continue
        verb = t.head
        if verb.dep_ != "advcl" or verb.tag_ != "VBG":
            continue
        named = [k for c in verb.head.children if c.dep_ == "dobj" for k in actors_of(ctx, c)]
        if named:
            return named
    return []
