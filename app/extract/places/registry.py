"""Place records: one per gazetteer entry (with the place containing it), and the links from
the tokens that name it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.gazetteer import GazetteerEntry, fold, gazetteer
from app.identity import place_key
from app.vocab import EntityType, PlaceKind

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


def _parent(entry: GazetteerEntry) -> GazetteerEntry | None:
    """The place containing `entry`: a county's state, a territory's parent, else its country."""
    gaz = gazetteer()
    if entry.kind == "region" and entry.admin1 and entry.parent:
        state = gaz.division(entry.admin1)
        if state is not None and state is not entry:
            return state
    if entry.parent and entry.kind in ("territory", "other"):
        parent = gaz.lookup(entry.parent)
        return parent if parent is not entry else None
    if entry.kind in ("city", "region", "territory") and entry.country:
        return gaz.country(entry.country)
    return None


def place_record(ctx: DocContext, entry: GazetteerEntry, written: str | None = None) -> str:
    """Key of the place record for a gazetteer entry, adding it (and its parent) if new."""
    from app.extract.records import PlaceRecord

    ident = place_key(entry.kind, entry.name, entry.country, entry.geonames_id)
    known = ctx.places.ident.get(ident)
    if known:
        return known
    parent = _parent(entry)
    parent_key = place_record(ctx, parent) if parent is not None else None
    key = f"p{len(ctx.places.records) + 1}"
    kind = (
        entry.kind
        if entry.kind in ("city", "region", "territory", "country", "continent")
        else "other"
    )
    name = entry.name
    if (
        written
        and entry.kind == "city"
        and fold(written) == fold(entry.name)
        and written.isascii()
        and not written.isupper()  # "CAIRO" in a dateline is Cairo
    ):
        name = " ".join(written.split())  # "Rafah" as written, not "Rafaḩ"
    rec = PlaceRecord(
        key=key,
        name=name,
        kind=PlaceKind(kind),
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        geonames_id=entry.geonames_id,
        parent=parent_key,
    )
    ctx.places.records.append(rec)
    ctx.places.by_key[key] = rec
    ctx.places.ident[ident] = key
    return key


def mark(
    ctx: DocContext,
    key: str,
    start: int,
    end: int,
    locative: bool,
    country: bool,
    weight: int | None = None,
) -> None:
    """Link tokens [start, end) to place `key` and count the mention towards the article's
    dominant place (`weight`: 2 written as a location, else 1; 0 for a name inside another)."""
    doc = ctx.doc
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    for i in range(start, end):
        ctx.links.place[i] = key
    ctx.add_mention(key, EntityType.PLACE, start, end)
    if locative:
        ctx.places.locative.add(key)
    if weight is None:
        weight = 1 if country or not locative else 2
    if weight:
        ctx.places.counts[key] += weight
