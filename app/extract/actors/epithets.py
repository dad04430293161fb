"""Epithets for a state ("the self-governing island" for Taiwan, data/epithets.yaml): the
description stands for the state once the article has named it, as a news story writes it
("VOA spoke with him about his trip to Taiwan and U.S. support for the self-governing island").
Before the state is named, or in an article that never names it, the epithet names nobody: a
wrong actor is worse than none."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import yaml

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.knowledge.files import data_text

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


@functools.lru_cache(maxsize=1)
def epithets() -> dict[str, str]:
    """Epithet (lower case, without "the") -> the alpha3 of the state it describes."""
    raw = yaml.safe_load(data_text("epithets.yaml")) or {}
    return {
        " ".join(str(e).lower().split()): str(a3)
        for a3, forms in (raw.get("epithets") or {}).items()
        for e in forms
    }


def _named_before(ctx: DocContext, alpha3: str, end: int) -> bool:
    """The state, or a place in it, is named before token `end`."""
    for i in range(end):
        rec = ctx.actors.by_key[key] if (key := ctx.links.actor[i]) is not None else None
        if rec is not None and rec.kind == "state" and rec.country == alpha3:
            return True
        place = ctx.links.place[i]
        if place is not None and ctx.places.by_key[place].country == alpha3:
            return True
    return False


def find_epithets(ctx: DocContext) -> None:
    """Link "the <epithet>" to its state where the article has named that state before."""
    doc = ctx.doc
    countries = knowledge.countries().by_code
    for the in (t for t in doc if t.lower_ == "the" and t.i + 1 < len(doc)):
        start = doc[the.i + 1].idx
        for words, alpha3 in epithets().items():
            # by characters: the parse splits "self-governing" into three tokens
            span = doc.char_span(start, start + len(words))
            if span is None or span.text.lower() != words or alpha3 not in countries:
                continue
            if _named_before(ctx, alpha3, the.i):
                ctx.mention_actor(state_actor(ctx, alpha3), the.i, span.end, override=False)
