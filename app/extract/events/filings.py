"""A filing speaks for whoever filed it: "Rights groups filed lawsuits against the government ...
An earlier lawsuit alleged the government had ..." is the groups' accusation.

An accusation whose subject is a filing noun (a lawsuit, a complaint, a petition) and names no
actor takes the source of the latest earlier filing against the same target: an accusation told
with a filing word ("filed lawsuits against", "sued", "a complaint against"). A filing nobody
was said to file, or one against someone else, gives nothing.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.earlier import borrow_sources
from app.extract.events.retold import same_side
from app.extract.syntax import first_child, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_REACH = 6  # sentences back: the filing is told shortly before what it alleges
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def filer_sources(ctx: DocContext) -> None:
    nouns = knowledge.event_lexicon().filing_nouns
    for ev in ctx.events:
        if ev.plover_type != PloverType.ACCUSE or ev.actors_in(_SOURCE):
            continue
        subj = first_child(trigger_token(ctx, ev), "nsubj")
        targets = set(ev.actors_in(_TARGET))
        if subj is None or subj.lemma_.lower() not in nouns or ctx.links.actor[subj.i]:
            continue
        if not targets:
            continue
        borrow_sources(ctx, ev, PloverType.ACCUSE, _REACH, partial(_filed, ctx, targets, nouns))


def _filed(ctx: DocContext, targets: set[str], nouns: frozenset[str], prev: EventRecord) -> bool:
    """A filing by someone else against the same target."""
    return (
        bool(set(prev.actors_in(_SOURCE)) - targets)
        and _filing(ctx, prev, nouns)
        and same_side(ctx, targets, set(prev.actors_in(_TARGET)))
    )


def _filing(ctx: DocContext, ev: EventRecord, nouns: frozenset[str]) -> bool:
    """The accusation was told as a filing: "sued", "a lawsuit against", "filed a complaint"."""
    tok = trigger_token(ctx, ev)
    obj = first_child(tok, "dobj")
    words = {tok.lemma_.lower(), obj.lemma_.lower() if obj is not None else ""}
    return bool(words & (nouns | {"sue"}))
