"""Actor identity: one actor per state, composite agent, organisation or person, however
the article names it (full name, surname, family-first given name, well-known short name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.knowledge import AGENT_NAMES, name_words, norm
from app.identity import agent_key, named_key, state_key, unidentified_key
from app.vocab import ActorKind

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


def org_actor(ctx: DocContext, name: str) -> str:
    kb = knowledge.organizations().get(norm(name))
    if kb:
        key = ctx.actors.ensure(
            named_key(ActorKind.ORGANIZATION, kb.name),
            kb.name,
            kb.kind,
            country=kb.country,
            code=kb.code,
        )
        if kb.country:
            ctx.country_context[kb.country] += 1
        return key
    known = ctx.actors.alias_index.get(norm(name))
    if known:
        return known
    return ctx.actors.ensure(named_key(ActorKind.ORGANIZATION, name), name, "organization")


def state_actor(ctx: DocContext, alpha3: str) -> str:
    c = knowledge.countries().by_code[alpha3]
    return ctx.actors.ensure(state_key(alpha3), c.name, "state", country=alpha3, code=alpha3)


def agent_actor(ctx: DocContext, alpha3: str | None, code: str) -> str:
    label = AGENT_NAMES.get(code, code.lower())
    if alpha3:
        c = knowledge.countries().by_code[alpha3]
        name = f"{c.adjective} {label}"
        return ctx.actors.ensure(
            agent_key(f"{alpha3}{code}"), name, "agent", country=alpha3, code=f"{alpha3}{code}"
        )
    return ctx.actors.ensure(agent_key(code), label, "agent", code=code)


def region_agent(ctx: DocContext, region: str, adjective: str, code: str) -> str:
    """An agent of a region, not of one state ("Western politicians": WSTGOV, no country)."""
    label = AGENT_NAMES.get(code, code.lower())
    name = f"{adjective.capitalize()} {label}"
    return ctx.actors.ensure(agent_key(f"{region}{code}"), name, "agent", code=f"{region}{code}")


# Armed agents whose group the text cannot name are one "unidentified armed group".
_ARMED_CODES = frozenset({"UAF", "INS", "REB", "MIL", "CRM"})


def unidentified_actor(ctx: DocContext, code: str) -> str:
    """An unnamed actor ("unknown gunmen", "unidentified assailants"): no country, no state."""
    if code in _ARMED_CODES:
        return ctx.actors.ensure(
            unidentified_key("UAF"), "unidentified armed group", "agent", code="UAF"
        )
    label = AGENT_NAMES.get(code, code.lower())
    return ctx.actors.ensure(unidentified_key(code), f"unidentified {label}", "agent", code=code)


def known_surname(ctx: DocContext, start: int, end: int) -> str | None:
    """The person a bare family name refers to ("Sharaa", "Al-Sharaa" after "Ahmed al-Sharaa").

    Particles (al-, bin, von der ...) and case are ignored; two people sharing a surname keep
    their own full-name mentions. A bare surname means the most recent person with that surname
    who was not named as someone's relative: news style names a relative in full ("his son,
    Shkelzen Berisha") and goes on calling the story's person by the surname.
    """
    words = name_words(ctx.span_text(start, end))
    if not words or len(words) > 3 or not knowledge.is_particle_name(words):
        return None
    sk = knowledge.surname_key(words)
    cands = ctx.actors.surnames.get(sk) if sk else None
    if not sk or not cands:
        return None
    named = [k for k in cands if k not in ctx.actors.relatives]
    return named[-1] if named else cands[-1]


def person_actor(ctx: DocContext, start: int, end: int) -> str:
    first, end_char = ctx.char_range(start, end)
    full = " ".join(ctx.article.text[first:end_char].split())
    words = name_words(full)
    key = known_surname(ctx, start, end)
    if key:
        return key
    if len(words) == 1:
        cands = ctx.actors.given_names.get(words[0].casefold())
        if cands:
            return cands[-1]  # family-first names ("Xi" after "Xi Jinping")
    key = ctx.actors.identity.get(named_key(ActorKind.PERSON, full))
    if key:
        return key
    canonical = knowledge.famous_people().get(norm(full)) if len(words) <= 3 else None
    if canonical and norm(canonical) != norm(full):  # "Macron" alone: Emmanuel Macron
        key = ctx.actors.identity.get(named_key(ActorKind.PERSON, canonical))
        if key:
            return key
        full, words = canonical, name_words(canonical)
    sk = knowledge.surname_key(words)
    particle_only = knowledge.is_particle_name(words)
    if len(words) > 1 and sk and not particle_only and sk in ctx.actors.bare_surnames:
        # "Putin said ... Vladimir Putin": the person first named by surname gets the full name
        key = ctx.actors.bare_surnames.pop(sk)
        rec = ctx.actors.by_key[key]
        rec.name = full
        ctx.actors.identity[named_key(ActorKind.PERSON, full)] = key
    else:
        key = ctx.actors.ensure(named_key(ActorKind.PERSON, full), full, "person")
    if len(words) > 1 and sk and not particle_only:
        ctx.actors.surnames.setdefault(sk, []).append(key)
        ctx.actors.given_names.setdefault(words[0].casefold(), []).append(key)
    elif sk and particle_only and sk not in ctx.actors.surnames:
        ctx.actors.bare_surnames.setdefault(sk, key)
    return key
