"""Datelines: the all-capitals place that opens a wire story or paragraph ("BEIRUT (AP) —")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.extract.gazetteer import gazetteer
from app.extract.places.registry import mark, place_record

if TYPE_CHECKING:  # pragma: no cover
    from collections import Counter

    from app.extract.context import DocContext

# "BEIRUT (AP) —", "IMMOKALEE, Fla. —", "MEXICO CITY -": the dateline that opens a wire story.
_CAPS = r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"
_DATELINE = re.compile(
    rf"^[ \t]*({_CAPS}(?:[ \t]*&[ \t]*{_CAPS})?)[ \t]*(?=,|\(|\u2014|\u2013|-\s|:|\ufffd)",
    re.MULTILINE,
)
# Inside a paragraph, after a sentence, only with what marks a dateline there: "… conduct.
# ALBUQUERQUE, N.M. (AP) -", "… Grant Event. IMMOKALEE - Congressman"; and a story's first words
# in capitals before a capitalised word ("OKLAHOMA CITY The Latest on …").
_INLINE_DATELINE = re.compile(
    rf"(?<=[.!?] )({_CAPS})"
    r"(?=,\s*[A-Z][A-Za-z.]*\s*(?:\(|[\u2014\u2013-])|\s*\(|\s*[\u2014\u2013]|\s-\s)"
    rf"|\A\s*({_CAPS})(?= [A-Z][a-z])"
)


def datelines(ctx: DocContext, context: Counter[str]) -> None:
    """An all-capitals dateline opening a story or paragraph ("BEIRUT (AP) —", "TIJUANA,
    Mexico —") is a place spaCy does not tag."""
    text = ctx.text
    found = [(m.start(1), m.end(1)) for m in _DATELINE.finditer(text)]
    for m in _INLINE_DATELINE.finditer(text):
        g = 1 if m.group(1) else 2
        found.append((m.start(g), m.end(g)))
    names = []
    for start, end in found:  # "TIJUANA & SAN DIEGO": two places
        for part in re.finditer(r"[^&]+", text[start:end]):
            name = part.group().strip()
            if name:
                names.append((start + part.start() + part.group().index(name), len(name)))
    for start, length in names:
        if len(text[start : start + length].replace(" ", "")) < 4:
            continue  # "AP", "US": agencies and abbreviations
        span = ctx.doc.char_span(start, start + length, alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        tagged = ctx.links.place[span.start]
        if tagged is not None:  # spaCy found it: still the story's location, not an actor
            if tagged not in ctx.places.locative:
                ctx.places.locative.add(tagged)
                ctx.places.counts[tagged] += 1
            continue
        if any(ctx.links.place[t.i] for t in span):
            continue
        entry = gazetteer().lookup(span.text, context)
        if entry is None:
            continue
        key = place_record(ctx, entry, written=span.text.title())
        mark(ctx, key, span.start, span.end, locative=True, country=entry.kind == "country")
