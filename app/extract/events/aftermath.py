"""The toll of an attack told just before: "the militants launched an assault on a Kenya-U.S.
base. Three Americans were killed." The agentless killing is the attack's own harm, so its
author is the attacker.

Only where the story leaves no doubt whose harm it is: the attack is real and told in the same
sentence or the one just before, in the same paragraph; the victims belong to the side attacked
(the attack's target is of their country) and not to the attacker's (a battle story's "our
soldiers shot dead two militants ... seven people were killed" tells the militants' victims, not
the soldiers'). A passive with its own "by" agent or its own cause ("killed in a separate
shooting") is left alone (`agentless`).
"""

from __future__ import annotations

import operator
from functools import partial
from typing import TYPE_CHECKING

from app.extract.events.agentless import agentless_passives
from app.extract.events.earlier import borrow_sources, earlier_acts
from app.extract.syntax import is_passive
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext
    from app.extract.records import EventRecord

TOLL_REACH = 1  # sentences back: the toll follows the attack it counts
CIVILIANS = "CVL"  # the sector code of a country's civilians (PLOVER/CAMEO agent codes)


def toll_sources(ctx: DocContext) -> None:
    """Give an agentless killing with no source the author of the attack told just before."""
    for ev, verb in agentless_passives(ctx):
        if ev.plover_type != PloverType.ASSAULT or not is_passive(verb):
            continue
        victims = ev.actors_in(ParticipantRole.TARGET)
        attack = _attack_before(ctx, ev)
        if attack is None:
            continue
        attackers = attack.actors_in(ParticipantRole.SOURCE)
        if _victims_of(ctx, victims, attackers, attack.actors_in(ParticipantRole.TARGET)):
            # only the latest attack counts: it is the one borrowed from or none is
            borrow_sources(ctx, ev, PloverType.ASSAULT, TOLL_REACH, partial(operator.is_, attack))


def _attack_before(ctx: DocContext, ev: EventRecord) -> EventRecord | None:
    """The latest real attack with an author, told in the sentence or the one before and in the
    same paragraph."""
    for prev in earlier_acts(ctx, PloverType.ASSAULT, ev.trigger_start, ev.sentence, TOLL_REACH):
        if prev.negated or prev.hypothetical or not prev.actors_in(ParticipantRole.SOURCE):
            continue
        between = ctx.text[ctx.sents[prev.sentence].end_char : ctx.sents[ev.sentence].start_char]
        return None if "\n" in between else prev
    return None


def _victims_of(
    ctx: DocContext, victims: list[str], attackers: list[str], attacked: list[str]
) -> bool:
    """The victims are of the side attacked: their country is the attack's target's, and none
    of them is of the attacker's country or one of the attackers. An attack on a building or a
    place ("gunmen stormed the hotel") harms the civilians in it."""
    if set(victims) & set(attackers):
        return False
    if not attacked:
        return all(_civilians(ctx, k) for k in victims) and not any(
            _civilians(ctx, k) for k in attackers
        )
    countries = {ctx.actors.by_key[k].country for k in victims}
    if None in countries:
        return False
    theirs = {ctx.actors.by_key[k].country for k in attackers}
    hit = {ctx.actors.by_key[k].country for k in attacked}
    return not countries & theirs and countries <= hit


def _civilians(ctx: DocContext, key: str) -> bool:
    rec = ctx.actors.by_key[key]
    return rec.kind == "agent" and (rec.code or "")[3:] == CIVILIANS
