"""The sides a request addresses only by a plural description: "called on the warring parties to
lay down their arms", "urged both sides to end the war" are aimed at those who fight.

A request with no target whose addressee is a plural noun for sides (`warring_side_nouns`:
"parties", "sides", "factions") that the text marks as the fighting ones - by a modifier
("warring", `warring_modifiers`) or by asking to stop a war (a word of `war_words` in the
request: "calls on the parties to end the war") - is aimed at the two ends of the latest fight
told before it, at most `REACH` sentences back: an assault with a source and a target, real and
not merely hypothetical, neither end of the requester's own side, and neither end civilians
(people a side hurts are no party to the war). "All parties involved to show restraint" names no
fight and stays without a target, as does a request with no fight told shortly before it (a
story about two conflicts may turn from one to the other).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.retold import same_side
from app.extract.records import ParticipantRecord
from app.extract.syntax import prep_objects, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET
REACH = 8  # sentences back for the fight the warring sides are known by (as referring.NAME_REACH)


def warring_party_targets(ctx: DocContext) -> None:
    for ev in ctx.events:
        if ev.plover_type != PloverType.REQUEST or ev.actors_in(_TARGET):
            continue
        sources = set(ev.actors_in(_SOURCE))
        if not sources or not _addresses_warring_sides(trigger_token(ctx, ev)):
            continue
        fight = _latest_fight(ctx, ev, sources)
        if fight is not None:
            sides = [*fight.actors_in(_SOURCE), *fight.actors_in(_TARGET)]
            ev.participants += [
                ParticipantRecord(actor=k, role=_TARGET) for k in dict.fromkeys(sides)
            ]


def _addresses_warring_sides(trigger: Token) -> bool:
    """The request's addressee (its object, or what it is "on"/"upon") is a plural word for
    sides marked as the fighting ones."""
    lex = knowledge.event_lexicon()
    addressees = prep_objects(trigger, ("on", "upon"))
    if trigger.pos_ == "VERB":
        addressees += [c for c in trigger.children if c.dep_ == "dobj"]
    sides = [
        n for n in addressees if n.lemma_.lower() in lex.warring_side_nouns and n.tag_ == "NNS"
    ]
    if not sides:
        return False
    if any(
        c.lower_ in lex.warring_modifiers for n in sides for c in n.children if c.dep_ == "amod"
    ):
        return True
    return any(t.lemma_.lower() in lex.war_words for t in trigger.subtree)  # "... to end the war"


def _latest_fight(ctx: DocContext, ev: EventRecord, sources: set[str]) -> EventRecord | None:
    """The latest assault told before the request whose two ends are fighting sides."""
    civilian = knowledge.event_lexicon().civilian_sectors
    told = [
        e
        for e in ctx.events
        if e.plover_type == PloverType.ASSAULT
        and e.trigger_start < ev.trigger_start
        and ev.sentence - e.sentence <= REACH
    ]
    for e in sorted(told, key=lambda e: e.trigger_start, reverse=True):
        src, tgt = e.actors_in(_SOURCE), e.actors_in(_TARGET)
        if e.negated or e.hypothetical or not src or not tgt:
            continue
        ends = [*src, *tgt]
        if any((ctx.actors.by_key[k].code or "")[-3:] in civilian for k in ends):
            continue  # "killed 23 villagers": the people hurt are no party to the war
        if any(same_side(ctx, sources, {k}) for k in ends):
            continue
        return e
    return None
