"""The recipient the codebook requires (COOPERATE, AID, SANCTION: "Requires recipient: Yes")
when an event noun's own phrase names none: the one other state its sentence names.

"reimposing U.N. sanctions ... to prevent Iran from acquiring a weapon", "U.N. sanctions can snap
back if Tehran does not comply", "the Turkish economy is recovering from U.S. sanctions", "making
military aid conditional on access to Ukraine's minerals": sanctions and aid always fall on
someone, and when the sentence names a single other state, that is whom. Not counted: the
source's own country, and whoever the clauses above the noun have acting ("Britain will take
measures, including reimposing sanctions": Britain imposes, it is no recipient; "X said ...": the
speaker). Two other states, or none, leave the event without a recipient: a wrong one is worse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.mentions import actors_of
from app.extract.places import is_locative
from app.extract.syntax import subject_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_STATE_KINDS = frozenset({"state", "agent"})  # a state, or its government, army, police ...


def sole_other_state(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    """The state of the one other country the noun's sentence names, as a list (or none)."""
    doers = set(sources)
    for verb in noun.ancestors:  # who acts in the clauses the noun is part of
        if verb.pos_ in ("VERB", "AUX"):
            subj, _ = subject_of(verb)
            doers.update(actors_of(ctx, subj))
    taken = {ctx.actors.by_key[k].country for k in doers} - {None}
    named: dict[str, set[str | None]] = {}  # country -> the actors that name it (None: a demonym)
    for t in ctx.sents[ctx.sent_of[noun.i]]:
        found = _country_named(ctx, t)
        if found is not None and found[0] not in taken:
            named.setdefault(found[0], set()).add(found[1])
    if len(named) != 1:
        return []
    ((code, keys),) = named.items()
    if code not in knowledge.countries().by_code:
        return []
    if None in keys or any(ctx.kind_of(k) == "state" for k in keys if k is not None):
        return [state_actor(ctx, code)]
    # "aid to Afghan civilians": the one body of that country the sentence names, not its state
    return [k for k in keys if k is not None] if len(keys) == 1 else []


def _country_named(ctx: DocContext, tok: Token) -> tuple[str, str | None] | None:
    """(country, actor) a token names: a state or a body of one ("the Iranian government"), a
    capital standing for its government ("if Tehran does not comply"), a demonym ("the Turkish
    economy": its state)."""
    key = ctx.links.actor[tok.i]
    place = ctx.links.place[tok.i] if key is None else None
    if place is not None:  # not "aid convoys in east Bosnia", "talks in Tehran": a location
        where = ctx.places.by_key[place]
        code = where.country if where.kind == "country" else ctx.places.capital_of.get(place)
        return (code, None) if code and not is_locative(tok) else None
    if key is not None:
        rec = ctx.actors.by_key[key]
        ok = rec.country is not None and rec.kind in _STATE_KINDS
        return (rec.country, key) if ok and rec.country else None
    if tok.dep_ == "amod" and tok.pos_ in ("ADJ", "PROPN"):
        demonym = knowledge.countries().by_demonym.get(knowledge.norm(tok.text))
        if demonym is not None and demonym.alpha3 in knowledge.countries().by_code:
            return demonym.alpha3, None
    return None
