"""Who a bare "snipers" shoot for, when the text says it only by whom they hit: snipers who kill
the armed attackers themselves (militants, rebels, insurgents of one state) are that state's
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
    countries = {t.country for t in targets}
    if not targets or len(countries) != 1 or None in countries:
        return None
    if not all((t.code or "")[3:] in armed for t in targets):
        return None
    return agent_actor(ctx, countries.pop(), term.code)
