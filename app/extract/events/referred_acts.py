"""Reactions to the act the story just told, named by a generic noun: "Kenya's government called
for closing the camp ... but he does not support the measure" is aimed at the Kenyan government,
"the House voted, urging an inquiry ... Islamabad rejected the resolution" at the House.

A reaction (backing, blame, refusal, demand ...) with no target whose object is a definite noun
that names an act without saying which ("the move", "this measure", "the decision"; not "the
move by Kabul", "Russia's decision": those name their author where they stand) refers to the
latest act told just before it, at most `REACH` sentences back: its target is that act's source.
An act by the reaction's own side is not what it reacts to ("Kenya closed the border ... Kenyan
officials defended the move" backs no one else); an act told as negated or hypothetical is no act
done, and neither is another reaction that judges it (backing, blame, refusal). With no such act
told as an event, the reaction keeps no target: the noun may refer to a deed the extractor does
not code ("parliament voted to extend the mandate").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.owners import REACTION_TYPES
from app.extract.events.retold import same_side
from app.extract.records import ParticipantRecord
from app.extract.syntax import definite, first_child, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

REACH = 2  # sentences back: a generic noun refers to an act told just before
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET
# reactions that judge an act rather than make one: a generic noun never names them (a call for
# a measure, a threat or a material act can be the measure)
_JUDGEMENTS = frozenset({PloverType.SUPPORT, PloverType.ACCUSE, PloverType.REJECT})


def referred_act_targets(ctx: DocContext) -> None:
    for ev in ctx.events:
        if ev.plover_type not in REACTION_TYPES or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        if not sources or not _names_an_act(ctx, trigger_token(ctx, ev)):
            continue
        act = _latest_act(ctx, ev, sources)
        if act is not None:
            ev.participants += [
                ParticipantRecord(actor=k, role=_TARGET)
                for k in act.actors_in(_SOURCE)
                if k not in sources
            ]


def _names_an_act(ctx: DocContext, trigger: Token) -> bool:
    """The reaction's object is a definite generic act noun with no author of its own."""
    obj = first_child(trigger, "dobj") or first_child(trigger, "nsubjpass")
    if obj is None or obj.lemma_.lower() not in knowledge.event_lexicon().act_reference_nouns:
        return False
    if not definite(obj):  # "the move", "this step" refer back; "a move", "any measure" do not
        return False
    return not any(
        c.dep_ == "poss"
        or (c.dep_ in ("compound", "amod", "nmod") and ctx.links.actor[c.i] is not None)
        or (c.dep_ == "prep" and c.lower_ in ("by", "from", "of"))
        for c in obj.children
    )


def _latest_act(ctx: DocContext, ev: EventRecord, sources: set[str]) -> EventRecord | None:
    """The latest real act by another side told before the reaction, within `REACH` sentences."""
    told = [
        e
        for e in ctx.events
        if e.trigger_start < ev.trigger_start
        and 0 <= ev.sentence - e.sentence <= REACH
        and e.actors_in(_SOURCE)
        and e is not ev
    ]
    for e in sorted(told, key=lambda e: e.trigger_start, reverse=True):
        if e.negated or e.hypothetical or e.plover_type in _JUDGEMENTS:
            continue  # "China criticized the decision, and France backed the measure": not China's
        if same_side(ctx, sources, set(e.actors_in(_SOURCE))):
            return None  # "Kenya closed the border ... Kenyan officials defended the move"
        return e
    return None
