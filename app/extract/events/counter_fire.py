"""Who a bare "snipers" shoot for, when the text says it by whom they hit and who acts there:
snipers who kill the armed attackers themselves (militants, rebels, insurgents of one state),
where that state's forces are named acting in the same or the previous sentence, are those
forces. A bare sniper otherwise stays nobody's (actor_words.yaml, marked_only): protest
killings by unnamed snipers are the classic unattributed case, and there the ones hit are
civilians, never an armed group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import agent_actor
from app.extract.syntax import first_child, trigger_token
from app.extract.violence_words import violence_words
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext
    from app.extract.records import EventRecord


def counter_fire_source(ctx: DocContext, ev: EventRecord) -> str | None:
    """The state force a bare marked-only agent ("snipers killed three militants") acts for:
    the one state whose armed group every target of the act is. None otherwise."""
    if ev.plover_type != PloverType.ASSAULT or ev.negated:
        return None
    subj = first_child(trigger_token(ctx, ev), "nsubj")
    if subj is None or ctx.links.actor[subj.i] is not None:
        return None
    term = knowledge.agents().get(subj.lemma_.lower())
    if term is None or term.term not in knowledge.actor_words().marked_only or not term.code:
        return None
    if any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in subj.children):
        return None  # "rebel snipers", "their snipers": the text says whose
    armed = violence_words().armed_group_codes
    targets = [
        ctx.actors.by_key[p.actor] for p in ev.participants if p.role == ParticipantRole.TARGET
    ]
    countries = {t.country or "" for t in targets}
    if not targets or len(countries) != 1 or "" in countries:
        return None
    if not all((t.code or "")[3:] in armed for t in targets):
        return None
    country = countries.pop()
    return agent_actor(ctx, country, term.code) if _state_force_near(ctx, ev, country) else None


def _state_force_near(ctx: DocContext, ev: EventRecord, country: str) -> bool:
    """The text says a state's forces act here: one of `country`'s forces (army, police,
    intelligence) is named in the act's sentence or the one before ("the army took part in the
    operation"). Where armed groups fight each other, rebels are shot by other rebels: without
    such a cue the snipers stay nobody's. Only these two sentences' links are read."""
    forces = violence_words().state_force_codes
    first = ctx.sents[max(ev.sentence - 1, 0)].start
    for key in set(ctx.links.actor[first : ctx.sents[ev.sentence].end]):
        rec = ctx.actors.by_key[key] if key is not None else None
        if rec is not None and rec.country == country and (rec.code or "")[3:] in forces:
            return True
    return False
