"""Places and dates that an event's own sentence does not write but the story carries.

- A place referred back to: "there", "in the city", "across the province" take the nearest place
  of that kind named before (`place_source="context"`).
- The same actors, shortly after: an event with no place (or date) of its own whose source or
  target took part in an event a few sentences before, placed (dated) by its text, happened
  there (then): "Police arrested Mhlanga in Harare on Monday. Mhlanga denies the charges."
  A date is carried only from the sentence just before, in the same paragraph, to a past event
  that the text tells as going on ("then", not "had been"), and never further back than the rule
  on old dates allows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.extract.places import is_broad
from app.extract.syntax import definite, trigger_token
from app.vocab import Provenance

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

# "the city", "the province", "the country": which kind of place the noun refers back to.
REFERRING_NOUNS = {
    "city": ("city",),
    "town": ("city",),
    "village": ("city",),
    "capital": ("city",),
    "port": ("city",),
    "province": ("region",),
    "region": ("region", "territory"),
    "state": ("region",),
    "district": ("region",),
    "county": ("region",),
    "governorate": ("region",),
    "territory": ("territory", "region"),
    "enclave": ("territory", "region", "city"),
    "country": ("country",),
    "nation": ("country",),
    "area": ("city", "region", "territory"),
}
REFER_PREPS = frozenset(
    {"in", "at", "near", "inside", "across", "throughout", "within", "to", "into"}
)
REFER_REACH = 6  # sentences back for "the city", "there"
ACTOR_REACH = 8  # sentences back for an event of the same actors
PARAGRAPH_REACH = 2  # sentences back for any event of the same paragraph
OLDEST_CARRIED_YEARS = 5  # a carried date is never older than this before the article


def _kinds_referred(sent: Span) -> tuple[str, ...] | None:
    """The kinds of place a locative "there" / "in the city" in `sent` refers back to."""
    for tok in sent:
        if tok.lower_ == "there" and tok.dep_ == "advmod":
            return ("city", "region", "territory", "country")
        kinds = REFERRING_NOUNS.get(tok.lemma_.lower())
        if kinds is None or tok.dep_ != "pobj" or tok.head.lower_ not in REFER_PREPS:
            continue
        named = [c for c in tok.children if c.dep_ in ("compound", "prep", "appos", "amod")]
        if definite(tok) and not named:
            return kinds
    return None


def referred_place(ctx: DocContext, sent: Span) -> str | None:
    """The place a "there" or "the city" of `sent` refers back to, or None."""
    kinds = _kinds_referred(sent)
    if kinds is None:
        return None
    si = ctx.sent_of[sent.start]
    first = ctx.sents[max(si - REFER_REACH, 0)].start
    for i in range(sent.start - 1, first - 1, -1):
        key = ctx.links.place[i]
        if key is None or is_broad(ctx, key):
            continue
        if ctx.places.by_key[key].kind in kinds:
            return key
    return None


def _actors(ev: EventRecord) -> set[str]:
    return {p.actor for p in ev.participants}


def _continues(trigger: Token) -> bool:
    """A past event told as going on, not as background ("had been arrested", "was released")."""
    aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    return not aux & {"had", "'d", "has", "have", "will", "would", "could", "might", "may"}


def carry_by_actors(ctx: DocContext) -> None:
    """Give events with no place (date) of their own that of the same actors' recent event."""
    events = sorted(ctx.events, key=lambda e: (e.sentence, e.trigger_start))
    oldest = ctx.article.date.replace(day=1)
    oldest = oldest.replace(year=oldest.year - OLDEST_CARRIED_YEARS)
    for n, ev in enumerate(events):
        if ev.place_source == Provenance.ARTICLE or ev.date_source == Provenance.ARTICLE:
            _carry_one(ctx, ev, events[:n], oldest)


def _carry_one(
    ctx: DocContext, ev: EventRecord, before: list[EventRecord], oldest: dt.date
) -> None:
    mine = _actors(ev)
    for prev in reversed(before):
        if prev.sentence < ev.sentence - ACTOR_REACH:
            return
        if prev.sentence == ev.sentence:
            continue
        # the same actors, or the event told just before in the same paragraph
        near = prev.sentence >= ev.sentence - PARAGRAPH_REACH and _same_paragraph(
            ctx, prev.sentence, ev.sentence
        )
        if not (_actors(prev) & mine or near):
            continue
        if ev.place_source == Provenance.ARTICLE and prev.place_source in (
            Provenance.TEXT,
            Provenance.CONTEXT,
        ):
            ev.place, ev.place_source = prev.place, Provenance.CONTEXT
            ev.confidence = _rescale(ev.confidence, PLACE_GAIN)
        if (
            ev.date_source == Provenance.ARTICLE
            and prev.date_source == Provenance.TEXT
            and not (ev.hypothetical or prev.hypothetical)
            and oldest <= prev.date <= ctx.article.date
            and prev.sentence == ev.sentence - 1
            and _same_paragraph(ctx, prev.sentence, ev.sentence)
            and _continues(trigger_token(ctx, ev))
        ):
            ev.date, ev.date_precision = prev.date, prev.date_precision
            ev.date_source = Provenance.CONTEXT
            ev.confidence = _rescale(ev.confidence, DATE_GAIN)
        return


# Confidence as `coding` sets it: a defaulted date costs x0.85, a carried one is worth x0.95; an
# article place x0.9, a carried one x0.95.
DATE_GAIN = 0.95 / 0.85
PLACE_GAIN = 0.95 / 0.9


def _rescale(confidence: float, gain: float) -> float:
    return round(min(max(confidence * gain, 0.05), 1.0), 3)


def _same_paragraph(ctx: DocContext, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return "\n" not in ctx.text[ctx.sents[lo].end_char : ctx.sents[hi].start_char]
