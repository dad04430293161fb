"""Epithets for a state ("the hermit kingdom" for North Korea, data/epithets.yaml) or for a
state's organ that fits several states ("the Communist leadership"): the description stands for
the state once the article has named it, as a news story writes it. Before the state is named, or
in an article that never names it, the epithet names nobody: a wrong actor is worse than none.
Descriptions by a trait noun ("the self-governing island") are referring.described_state's."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import yaml

from app.extract import knowledge
from app.extract.actors.registry import agent_actor, state_actor
from app.extract.knowledge.files import data_text

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


@functools.lru_cache(maxsize=1)
def epithets() -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Epithet (lower case, without "the") -> (the states it may describe, the CAMEO code of the
    organ it names, None for the state itself)."""
    raw = yaml.safe_load(data_text("epithets.yaml")) or {}
    out: dict[str, tuple[tuple[str, ...], str | None]] = {
        " ".join(str(e).lower().split()): ((str(a3),), None)
        for a3, forms in (raw.get("epithets") or {}).items()
        for e in forms
    }
    for item in raw.get("organ_epithets") or []:
        states = tuple(str(a3) for a3 in item["states"])
        for e in item["forms"]:
            out[" ".join(str(e).lower().split())] = (states, str(item["code"]))
    return out


_REACH = 2  # sentences back where the state an epithet fits is looked for first


def _named_before(ctx: DocContext, states: tuple[str, ...], end: int, first: int = 0) -> set[str]:
    """Which of the states are named, themselves or by a place in them, in [first, end)."""
    found: set[str] = set()
    for i in range(first, end):
        rec = ctx.actors.by_key[key] if (key := ctx.links.actor[i]) is not None else None
        if rec is not None and rec.kind == "state" and rec.country in states:
            found.add(rec.country)
        place = ctx.links.place[i]
        if place is not None and (where := ctx.places.by_key[place].country) in states:
            found.add(where)
    return found


@functools.lru_cache(maxsize=1)
def _by_first_letter() -> dict[str, list[tuple[str, tuple[tuple[str, ...], str | None]]]]:
    """The epithets by their first character, each list in the file's order."""
    out: dict[str, list[tuple[str, tuple[tuple[str, ...], str | None]]]] = {}
    for words, value in epithets().items():
        if words:
            out.setdefault(words[0], []).append((words, value))
    return out


def find_epithets(ctx: DocContext) -> None:
    """Link "the <epithet>" to its state (or that state's organ) where the article has named the
    state before, and no other state the epithet fits."""
    doc = ctx.doc
    text = ctx.text  # the text parsed, as `doc.text` is (which spaCy joins anew on each read)
    countries = knowledge.countries().by_code
    by_first = _by_first_letter()
    table = ctx.table
    for i in table.where(table.lower_in(["the"])):
        if i + 1 >= len(doc):
            continue
        start = doc[i + 1].idx
        # only the epithets whose first letter is the next word's can match: a lower-cased
        # first character is the same alone as at the head of the longer slice
        first = text[start : start + 1].lower()[:1]
        for words, (states, code) in by_first.get(first, ()):
            # by characters: the parse splits a hyphenated word ("self-styled") into three tokens;
            # the text is compared first, as a span is costly to make for every "the"
            if text[start : start + len(words)].lower() != words:
                continue
            span = doc.char_span(start, start + len(words))
            if span is None:
                continue
            # the one it fits among those named in its sentence and the two before ("Chinese coast
            # guard ships ... the Communist leadership"), else in the whole article before it
            near = ctx.sents[max(ctx.sent_of[i] - _REACH, 0)].start
            named = _named_before(ctx, states, i, near) or _named_before(ctx, states, i)
            if len(named) != 1 or (alpha3 := named.pop()) not in countries:
                continue
            key = state_actor(ctx, alpha3) if code is None else agent_actor(ctx, alpha3, code)
            ctx.mention_actor(key, i, span.end, override=False)
