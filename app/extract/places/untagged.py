"""Place names spaCy left untagged: a country name anywhere, a division or town after a
locative preposition, and the division written after a town ("Fresno, Calif.")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.gazetteer import gazetteer
from app.extract.gazetteer.lookup import ends_with_division_word
from app.extract.places.location import LOCATIVE_PREPS
from app.extract.places.names import country_forms
from app.extract.places.registry import mark, place_record

if TYPE_CHECKING:  # pragma: no cover
    from collections import Counter

    from app.extract.context import DocContext


def untagged(ctx: DocContext, context: Counter[str]) -> None:
    """Capitalised names spaCy left untagged: a country name anywhere ("sanctions on Vietnam"),
    a division or town after a locative preposition ("in Riverdale") or before ", State"."""
    gaz = gazetteer()
    doc = ctx.doc
    table = ctx.table
    free = table.where(table.title() & table.outside_ents())  # capitalised, in no entity
    usable = set(free)
    done = 0
    for i in free:
        if i < done or ctx.links.place[i]:
            continue
        for n in (3, 2, 1):
            if any(j not in usable for j in range(i + 1, i + n)):
                continue
            if i + n > len(doc):
                continue
            text = ctx.span_text(i, i + n)
            if not gaz.known(text):
                continue
            entry = gaz.lookup(text, context)
            if entry is None:
                continue
            prev = doc[i - 1] if i else None
            after = doc[i + n + 1] if i + n + 1 < len(doc) and doc[i + n].text == "," else None
            locative = prev is not None and prev.lower_ in LOCATIVE_PREPS
            state = gaz.lookup(after.text, context) if after is not None else None
            in_state = state is not None and state.kind in ("region", "country")
            # "Benue State", "Daviess County": a division written with its generic word.
            named_division = entry.level > 0 and ends_with_division_word(text)
            if (
                entry.kind != "country"
                and not (locative or in_state or named_division)
                or (entry.kind == "country" and text not in (entry.name, *country_forms(entry)))
            ):
                continue
            key = place_record(ctx, entry, written=text)
            mark(ctx, key, i, i + n, locative, entry.kind == "country")
            done = i + n
            break


def after_comma(ctx: DocContext, context: Counter[str]) -> None:
    """ "Fresno, Calif.", "New Quay, Ceredigion": the division (or country) written after a
    town the text has placed."""
    gaz = gazetteer()
    doc = ctx.doc
    for comma in ctx.table.where(ctx.table.lower_in([","])):
        i = comma + 1
        if comma < 1 or i >= len(doc) or not ctx.links.place[i - 2] or ctx.links.place[i]:
            continue
        if not doc[i].text[:1].isupper():
            continue
        for n in (3, 2, 1):
            if i + n > len(doc) or any(ctx.links.place[j] for j in range(i, i + n)):
                continue
            text = ctx.span_text(i, i + n)
            entry = gaz.abbreviation(text) or gaz.lookup(text, context)
            if entry is None or not (entry.level or entry.kind == "country"):
                continue
            key = place_record(ctx, entry, written=text)
            mark(ctx, key, i, i + n, locative=False, country=entry.kind == "country")
            break
