"""Targets of a verb event when no argument of the verb names one: the owner of its object
("rejected an Indian proposal"), what its content or purpose clause addresses, the side the
discourse around it names, the victims or captives of an attack, in the order tried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.events.accord_parties import consented_accord, purpose_of_object
from app.extract.events.ceased import ceased_targets
from app.extract.events.owners import (
    REACTION_TYPES,
    content_subjects,
    demonym_owner,
    passive_relative_owners,
    relative_authors,
    thing_owners,
)
from app.extract.events.parties import around_targets
from app.extract.events.relation_partners import relation_partners
from app.extract.events.targets import (
    answered,
    captives,
    complement_target,
    deportees,
    protested,
    riders,
    victims,
)
from app.extract.events.type_rules import (
    CONTENT_TYPES,
    HOSTILE_PURPOSE_TYPES,
    JUDGEMENT_TYPES,
    VICTIM_TYPES,
)
from app.extract.events.verb_checks import direct_argument, discussed_topic, hostile_purpose
from app.extract.mentions import actors_of
from app.extract.syntax import prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract import knowledge
    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern


def fallback_targets(  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    ctx: DocContext,
    tok: Token,
    pattern: EventPattern,
    lex: knowledge.EventLexicon,
    dobj: Token | None,
    target_toks: list[Token | None],
    sources: list[str],
    targets: list[str],
    *,
    passive: bool,
) -> list[str]:
    """The verb's targets after the fallbacks; `targets` are those its arguments named."""
    if not targets and not pattern.frame and not discussed_topic(pattern):
        owned = [*target_toks, dobj] if dobj is not None and not passive else target_toks
        if dobj is not None:  # "froze the assets of Russian oligarchs"
            owned += prep_objects(dobj, ("of",))
        for t in owned:
            targets = thing_owners(ctx, t, sources)
            if targets:
                break
        # a demonym names the owner only of the act's own object ("rejected an Indian
        # proposal"), not of what a preposition adds ("cut funding for Israeli fuel")
        direct = [t for t in owned if t is not None and direct_argument(t, tok, dobj)]
        for t in direct if not targets else ():
            owner = demonym_owner(ctx, t, sources)
            if owner:
                targets = [owner]
                break
    if not targets and pattern.frame and dobj is not None and not passive:
        # "demanded a truce with X", "demanded Israel's withdrawal": the object's other party
        targets = thing_owners(ctx, dobj, sources)
        if not targets and pattern.frame == "accuse":  # "accused a Russian trawler of ..."
            targets = [k for k in [demonym_owner(ctx, dobj, sources)] if k is not None]
    if not targets and dobj is not None and not passive and pattern.plover in CONTENT_TYPES:
        targets = content_subjects(ctx, dobj, sources)  # "welcomed news that X had agreed"
    if not targets and not passive:  # "called for a war against X", "X proposed, but Y refused"
        targets = around_targets(ctx, tok, dobj, pattern.plover, sources)
    if not targets and pattern.plover in REACTION_TYPES:
        for t in answered(tok):  # "rejected the claims while responding to a statement by X"
            targets = [k for k in actors_of(ctx, t) if k not in sources] or thing_owners(
                ctx, t, sources
            )
            if targets:
                break
    if not targets and pattern.plover in REACTION_TYPES and not passive:
        targets = relative_authors(ctx, tok, dobj, sources)  # "a report, which Moscow denied"
    if not targets and pattern.plover in JUDGEMENT_TYPES and passive:
        targets = passive_relative_owners(ctx, tok, sources)  # "X's plan that is backed by Y"
    if not targets and pattern.plover == "PROTEST":
        # "staged a hunger strike in protest against violations by the security forces"
        for t in protested(tok):
            targets = actors_of(ctx, t) or thing_owners(ctx, t, sources)
            if targets:
                break
    if not targets and (
        pattern.frame in ("intent", "threat", "refuse") or pattern.plover == "PROTEST"
    ):  # a protest's target is whom its purpose clause addresses ("rallied to demand ... of X")
        targets = complement_target(ctx, tok, sources)
    if not targets and pattern.frame == "intent" and not passive:
        # "offered a plan for assisting X"; "a truce with X could start if Y agrees"
        targets = purpose_of_object(ctx, dobj, sources) or consented_accord(ctx, tok, sources)
    if not targets and pattern.plover in HOSTILE_PURPOSE_TYPES and hostile_purpose(tok, lex):
        targets = complement_target(ctx, tok, sources)  # "an operation to flush out al-Shabab"
    if not targets and pattern.plover in VICTIM_TYPES:
        # "killed 23 people"; "stormed a hotel", but not "retook a village" (territory)
        sites = pattern.plover == "ASSAULT" and pattern.require_target != "place"
        held = captives(dobj, pattern, lex)  # "taking many hostages"
        if not pattern.no_dobj_target:  # "expelled 40 mostly students and traders": two objects
            first = dobj.i if dobj is not None else -1
            held += [c for c in tok.children if c.dep_ == "dobj" and c.i != first]
        targets = list(
            dict.fromkeys(k for t in held for k in actors_of(ctx, t) if k not in sources)
        )
        targets = targets or victims(ctx, tok, [*target_toks, *held], sources, sites=sites)
    if not targets and pattern.people_target:  # "rescued 40 passengers", "were rescued"
        targets = victims(ctx, tok, target_toks[:1], sources)
    if pattern.plover == "COERCE":
        targets = deportees(ctx, tok, targets, sources)
    if not targets and pattern.plover == "ASSAULT":
        targets = riders(ctx, target_toks, sources)  # "ambushed a bus transporting soldiers"
    if not targets and pattern.plover == "CONSULT":  # "discuss boosting its ties with X"
        targets = relation_partners(ctx, tok, sources)
    if not targets:  # "must quit intimidating Taiwan"
        targets = ceased_targets(ctx, tok, pattern.plover, sources)
    return targets
