"""The date of an event: which time expressions can date the event their sentence reports,
and the date a record gets (the article's when none can)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extract.dates.resolver import resolve
from app.vocab import DatePrecision, Provenance

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span


# Words before a time expression that make it a deadline, a length or a starting point rather
# than when the event happened: "by 2050", "until March", "for 99 years", "since 2014".
_NOT_WHEN_PREPS = frozenset(
    {"by", "until", "till", "til", "within", "for", "since", "through", "throughout", "over"}
)
_TIME_NOUNS = frozenset(
    {"day", "week", "month", "year", "night", "morning", "evening", "afternoon", "time", "period"}
)


def not_the_event_time(ent: Span) -> str | None:
    """Why a DATE/TIME entity cannot be the date of the event its sentence reports, or None when
    it can: a deadline or target ("by 2050"), a duration ("for 99 years"), a starting point
    ("since 2014"), an anniversary ("the 50th anniversary"), a year inside a name ("the 1995
    Dayton Accords", "the 2024 Olympics")."""
    doc = ent.doc
    words = {t.lower_ for t in ent}
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in _NOT_WHEN_PREPS:
        return f"{prev.lower_} …"
    if "anniversary" in words or (ent.end < len(doc) and doc[ent.end].lower_ == "anniversary"):
        return "anniversary"
    root = ent.root
    year_only = all(t.like_num or t.is_punct or t.lower_ in ("the", "'s") for t in ent)
    if (
        year_only
        and root.dep_ in ("compound", "nmod", "amod", "nummod", "poss")
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.lemma_.lower() not in _TIME_NOUNS
        and root.head.i >= ent.end
    ):
        return "year in a name"
    if ent.end < len(doc) and doc[ent.end].lower_ in ("deadline", "target", "goal"):
        return "deadline"
    return None


@dataclass(frozen=True)
class EventDate:
    date: dt.date
    precision: DatePrecision
    source: Provenance


def settle(
    expr: str | None,
    base: dt.date,
    *,
    future: bool = False,
    hypothetical: bool = False,
    source: Provenance = Provenance.TEXT,
) -> EventDate:
    """The date a record gets from the time expression `expr` (None: none in reach) in an
    article of date `base`. Only a hypothetical or future event may lie after the article: a
    past-tense report resolves backwards ("said Saturday" in a Wednesday article is the Saturday
    before), and an expression that still lands later is dropped. Without a usable expression
    the record gets the article's date, marked `source="article"`."""
    found = resolve(expr, base, future) if expr else None
    if found is not None and found[0] > base and not (hypothetical or future):
        found = resolve(expr, base, False) if expr else None
        if found is not None and found[0] > base:
            found = None
    if found is None:
        return EventDate(base, DatePrecision.DAY, Provenance.ARTICLE)
    return EventDate(found[0], found[1], source)
