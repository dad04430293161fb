"""Demands the two sides of talks make of each other: "the talks failed because Lisbon's call
for lower fees and Rabat's demand for more quotas did not mesh" is Lisbon's request of Rabat and
Rabat's of Lisbon.

Two requests told as nouns joined in one phrase, each with its own source and no target, are
aimed at each other when their sources are the two sides of a consultation the story told at
most `REACH` sentences before (or in the same sentence): demands put side by side in talks are
what each side asks of the other (PLOVER REQUEST: the recipient is whom the demand is made of).
Without such talks two demands named together may both be aimed at a third party ("Spain's call
for subsidies and Italy's demand for quotas dominated the EU summit"), and keep no target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.events.counterparts import same_side_or_office
from app.extract.records import ParticipantRecord
from app.extract.syntax import trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

REACH = 3  # sentences back for the talks in which the demands were put
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def counter_demand_targets(ctx: DocContext) -> None:
    """Give each of two joined, targetless request nouns of the two sides of recent talks the
    other's sources as targets."""
    open_requests = {
        trigger_token(ctx, ev).i: ev
        for ev in ctx.events
        if ev.plover_type == PloverType.REQUEST
        and ev.actors_in(_SOURCE)
        and not ev.actors_in(_TARGET)
        and not ev.negated
    }
    for i, ev in open_requests.items():
        tok = ctx.doc[i]
        if tok.pos_ != "NOUN" or ev.actors_in(_TARGET):
            continue
        other = next((open_requests[j] for j in _joined(tok) if j in open_requests), None)
        if other is None or other.actors_in(_TARGET):
            continue
        mine, theirs = set(ev.actors_in(_SOURCE)), set(other.actors_in(_SOURCE))
        if same_side_or_office(ctx, mine, theirs) or not _negotiating(ctx, ev, mine, theirs):
            continue
        ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in sorted(theirs)]
        other.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in sorted(mine)]


def _joined(noun: Token) -> list[int]:
    """The nouns coordinated with `noun`: its own conjuncts, those the parser hangs on the last
    noun of its "for" phrase ("X's call for lower fees and Y's demand ...": the second demand
    joined to "fees"), and a later subject of the same verb after an "and" ("X's call ... and
    Y's demand ... did not mesh", parsed as two subjects)."""
    heads = [noun, *(p for c in noun.children if c.dep_ == "prep" for p in c.children)]
    out = [c.i for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head is not noun:
        out += [
            s.i
            for s in noun.head.children
            if s.dep_ == noun.dep_
            and s.i > noun.i
            and s.pos_ == "NOUN"
            and any(t.dep_ == "cc" for t in noun.doc[noun.i : s.i])
        ]
    return out


def _negotiating(ctx: DocContext, ev: EventRecord, mine: set[str], theirs: set[str]) -> bool:
    """A consultation told shortly before (or alongside) with one side on each end."""
    for talk in ctx.events:
        if talk.plover_type != PloverType.CONSULT or talk.negated or talk.hypothetical:
            continue
        if not 0 <= ev.sentence - talk.sentence <= REACH:
            continue
        ends = set(talk.actors_in(_SOURCE)) | set(talk.actors_in(_TARGET))
        one = {k for k in ends if same_side_or_office(ctx, mine, {k})}
        two = {k for k in ends if same_side_or_office(ctx, theirs, {k})}
        if one and two and one.isdisjoint(two):
            return True
    return False
