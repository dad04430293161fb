"""Verb events: source = subject (or passive agent, or the subject inherited through
xcomp/conj/pcomp/relative clauses); target = direct object, dative, passive subject or the
pattern's prepositional object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.coding import emit
from app.extract.events.implicit import implicit_sources
from app.extract.events.modality import frame_hedged, modality
from app.extract.events.owners import (
    REACTION_TYPES,
    act_authors,
    content_subjects,
    demonym_owner,
    object_owners,
    thing_owners,
)
from app.extract.events.parties import around_targets
from app.extract.events.place_recipients import place_recipients
from app.extract.events.possessed import possessor_targets
from app.extract.events.targets import (
    answered,
    captives,
    clause_subject_targets,
    complement_target,
    deportees,
    place_state,
    places_among,
    protested,
    riders,
    victims,
)
from app.extract.events.thing_acts import forces_among, thing_doer
from app.extract.events.type_rules import (
    CONTENT_TYPES,
    HOSTILE_PURPOSE_TYPES,
    PLACE_ACTED_IN,
    PLACE_AS_TARGET,
    SOURCE_REQUIRED,
    VICTIM_TYPES,
)
from app.extract.events.verb_checks import (
    asked_about,
    asked_against,
    clause_penalty,
    diplomatic_protest,
    direct_argument,
    discussed_topic,
    hostile_purpose,
    is_act,
    suffered_of,
    two_sided,
)
from app.extract.mentions import actors_of
from app.extract.syntax import (
    borrowed_patient,
    direct_object,
    displaced_agent,
    first_child,
    is_passive,
    is_passive_participle,
    passive_run_head,
    prep_objects,
    shared_agent,
    subject_of,
)
from app.vocab import REQUIRES_RECIPIENT

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

_VERBAL_ATTACK = knowledge.EventPattern(lemma="attack", cameo="111", plover="ACCUSE")


def verb_event(  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    ctx: DocContext, tok: Token, pattern: EventPattern, lex: knowledge.EventLexicon
) -> bool:
    """Code one event from a verb with this pattern; False when the pattern does not apply."""
    if asked_about(tok, lex):
        return False
    passive = is_passive(tok)
    run_head = None if passive else passive_run_head(tok)
    shared_passive = run_head is not None  # "had been arrested and sentenced": one subject
    patient = None if passive or shared_passive else borrowed_patient(tok)
    shared_passive = shared_passive or patient is not None
    participle = not passive and not shared_passive and is_passive_participle(tok)
    confidence = 0.9
    if passive or participle or shared_passive:
        agent = first_child(tok, "agent") or shared_agent(tok) or displaced_agent(tok)
        src_tok = (
            next((c for c in agent.children if c.dep_ == "pobj"), None)
            if agent is not None
            else None
        )
        sources = actors_of(ctx, src_tok)
        if participle:  # the participle's patient is the noun it modifies or the main subject
            target_toks = [tok.head if tok.dep_ == "acl" else subject_of(tok.head)[0]]
            passive = True
        elif run_head is not None:
            target_toks = [first_child(run_head, "nsubjpass")]
            passive = True
        elif patient is not None:
            target_toks = [patient]
            passive = True
        else:
            target_toks = [first_child(tok, "nsubjpass")]
            if pattern.no_dobj_target and pattern.cameo in lex.own_force_codes:
                # "forces of MINUSCA were deployed": the forces are their owner's, who acts
                owners = forces_among(ctx, actors_of(ctx, target_toks[0]), lex)
                sources, target_toks = sources or owners, []
    else:
        subj, inherited = subject_of(tok)
        if (
            tok.dep_ in ("pcomp", "pobj")
            and tok.head.lower_ == "by"
            and (tok.head.dep_ == "agent" or is_passive(tok.head.head))
        ):
            # "civilians were displaced by fighting between rebels and the army": the passive's
            # subject suffered the act; the sides fought, all of them actors (PLOVER, two-sided)
            subj = next(iter(prep_objects(tok, ("between",))), None)
        sources = actors_of(ctx, subj)
        if not sources and subj is not None and is_act(subj, lex):
            # "a Pakistani military operation killed ...", "airstrikes by the Somali army have
            # killed ...": whoever carried out the act
            sources = act_authors(ctx, subj, [])
        if pattern.actor_subject and thing_doer(tok, subj, bool(sources), inherited, lex):
            return False  # "a provision allows ...", "their partnership helped ...": no act
        if inherited:
            confidence -= 0.1
        dobj = direct_object(tok)
        target_toks = [] if pattern.no_dobj_target else [dobj]
        target_toks.append(first_child(tok, "dative", "iobj"))
    pattern = diplomatic_protest(ctx, pattern, sources)  # "China protested to Japan"
    target_toks.extend(prep_objects(tok, pattern.preps))
    dobj = direct_object(tok)
    asked = [*prep_objects(tok, pattern.preps), *([dobj] if dobj is not None else [])]
    target_toks.extend(asked_against(asked, pattern.plover, lex))  # "demanded X's ouster"
    if dobj is not None:  # "sign an agreement with Fatah", "hosted talks between X and Y"
        # "demanded the release of X": the "of" phrase of an act suffered is its patient
        suffered_act = suffered_of(dobj, pattern.plover, lex)
        target_toks.extend(
            prep_objects(dobj, tuple(p for p in pattern.preps if p != "of" or not suffered_act))
        )
        for inner in prep_objects(
            dobj, ("in", "of", "for")
        ):  # "500 million euros in aid to Ukraine"
            target_toks.extend(prep_objects(inner, pattern.preps))
    if dobj is not None and not passive:
        target_toks.extend(object_owners(ctx, tok, dobj, pattern))
        if (
            pattern.no_dobj_target
            and ctx.links.actor[dobj.i] is None
            and not suffered_of(dobj, pattern.plover, lex)  # "demanded the release of X"
        ):
            target_toks.extend(prep_objects(dobj, ("of",)))  # "froze the assets of X"
    if dobj is None and not passive and not pattern.no_dobj_target:
        # "killed and injured 1,000 fighters": coordinated verbs share the object
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                target_toks.append(first_child(c, "dobj"))
    targets: list[str] = []
    for t in target_toks:
        for k in actors_of(ctx, t):
            if k not in targets:
                targets.append(k)
    if not targets and not passive:
        # "allow the government to take charge", "urged Israel to stop"
        targets = clause_subject_targets(ctx, first_child(tok, "ccomp", "xcomp"), sources, pattern)
    if pattern.target_not_person:
        targets = [k for k in targets if ctx.kind_of(k) != "person"]
    if pattern.require_target == "actor" and not targets:
        return False  # "warned that ..." is speech, "warned Israel" is a threat
    if (
        pattern.dobj_actor
        and dobj is not None
        and not actors_of(ctx, dobj)
        and not places_among(ctx, [dobj])
    ):
        return False  # "meet its requirements" is not a meeting
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
    if passive and not sources:  # "killed in a U.S. airstrike", "police said ... were arrested"
        sources = implicit_sources(ctx, tok, pattern.plover, targets)
        confidence -= 0.1 if sources else 0.0
        if sources and not targets and pattern.plover == "RETREAT":
            targets = victims(ctx, tok, target_toks, sources)  # "fishermen held by X were freed"
    if not targets:  # "imposed a curfew in Gulu", "a curfew was imposed on Gulu", "banned her book"
        obj = first_child(tok, "nsubjpass") if passive else dobj
        targets = place_recipients(ctx, tok, obj, pattern.plover, sources)
        targets = targets or possessor_targets(ctx, obj, pattern.plover, sources)
    places = places_among(ctx, target_toks)
    acted_in = pattern.plover in PLACE_ACTED_IN and pattern.cameo not in lex.person_act_codes
    if not targets and not places and acted_in and not two_sided(tok, lex):
        places = places_among(ctx, prep_objects(tok, ("in",)))
    if not targets and places and pattern.plover in PLACE_AS_TARGET:
        # "airstrikes on Gaza", "shelled Kharkiv": the place stands for its country (CAMEO practice)
        key = place_state(ctx, places[0], sources)
        if key:
            targets = [key]
            confidence -= 0.1
    if not targets:
        confidence -= 0.15
    if pattern.require_target and not targets and (pattern.require_target == "actor" or not places):
        return False
    if pattern.plover in REQUIRES_RECIPIENT and not targets:  # the codebook codes none without
        return False
    if pattern.plover in SOURCE_REQUIRED and not sources:
        return False
    if (
        pattern.lemma == "attack"
        and sources
        and all(ctx.kind_of(k) == "person" for k in sources)
        and not places
    ):
        pattern = _VERBAL_ATTACK  # "Trump attacked the newspaper": words, not weapons
    if not sources:
        confidence *= 0.7
    confidence -= clause_penalty(tok)
    mode = modality(tok, lex)
    hypothetical = mode.hypothetical
    if pattern.frame in ("threat", "request", "accuse") and not frame_hedged(tok, lex):
        hypothetical = False  # a threat or a demand is real though what it names is not
    emit(
        ctx,
        tok,
        pattern,
        sources,
        targets,
        negated=mode.negated,
        hypothetical=hypothetical,
        intent=mode.intent and not pattern.frame,
        future=mode.future and not pattern.frame,
        unless=mode.unless,
        confidence=confidence,
    )
    return True
