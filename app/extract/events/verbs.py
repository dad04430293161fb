"""Verb events: source = subject (or passive agent, or the subject inherited through
xcomp/conj/pcomp/relative clauses); target = direct object, dative, passive subject or the
pattern's prepositional object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.coding import emit
from app.extract.events.fallback_targets import fallback_targets
from app.extract.events.implicit import implicit_sources
from app.extract.events.modality import frame_hedged, modality, nobody
from app.extract.events.non_events import own_claim
from app.extract.events.owners import (
    act_authors,
    object_owners,
)
from app.extract.events.place_recipients import place_recipients
from app.extract.events.possessed import possessor_targets
from app.extract.events.targets import (
    clause_subject_targets,
    place_state,
    places_among,
    victims,
)
from app.extract.events.thing_acts import forces_among, thing_doer
from app.extract.events.type_rules import (
    PLACE_ACTED_IN,
    PLACE_AS_TARGET,
    SOURCE_REQUIRED,
)
from app.extract.events.verb_checks import (
    asked_about,
    asked_against,
    clause_penalty,
    diplomatic_protest,
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
            target_toks = [_participle_patient(tok)]
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
    targets = fallback_targets(
        ctx, tok, pattern, lex, dobj, target_toks, sources, targets, passive=passive
    )
    if passive and not sources:  # "killed in a U.S. airstrike", "police said ... were arrested"
        sources = implicit_sources(ctx, tok, pattern.plover, targets)
        confidence -= 0.1 if sources else 0.0
        if sources and not targets and pattern.plover == "RETREAT":
            targets = victims(ctx, tok, target_toks, sources)  # "fishermen held by X were freed"
    if not targets:  # "imposed a curfew in Gulu", "a curfew was imposed on Gulu", "banned her book"
        obj = first_child(tok, "nsubjpass") if passive else dobj
        targets = place_recipients(ctx, tok, obj, pattern.plover, sources)
        targets = targets or possessor_targets(ctx, obj, pattern.plover, sources)
    person_act = pattern.cameo in lex.person_act_codes  # where the person was held is no target
    places = places_among(ctx, target_toks, where_is=not person_act)
    acted_in = pattern.plover in PLACE_ACTED_IN and not person_act
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
    if pattern.plover == "SUPPORT" and not targets and own_claim(dobj):
        return False  # "cites old maps to back its claims": evidence for itself, no one supported
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
    # "held no talks", "signed no deal": the object that makes the verb an event says there was none
    obj = first_child(tok, "dobj") if pattern.objs else None
    negated = mode.negated or (obj is not None and nobody(obj, lex))
    hypothetical = mode.hypothetical
    if pattern.frame in ("threat", "request", "accuse") and not frame_hedged(tok, lex):
        hypothetical = False  # a threat or a demand is real though what it names is not
    emit(
        ctx,
        tok,
        pattern,
        sources,
        targets,
        negated=negated,
        hypothetical=hypothetical,
        intent=mode.intent and not pattern.frame,
        future=mode.future and not pattern.frame,
        unless=mode.unless,
        confidence=confidence,
    )
    return True


def _participle_patient(tok: Token) -> Token | None:
    """What a bare passive participle acts on: the noun it modifies ("sanctions imposed on Iran"),
    the main subject ("Asked by VOA, Rubio said"); joined to another clause, that clause's noun
    ("a theory floated by X, but dismissed by Y": the theory)."""
    first = tok.head if tok.dep_ == "conj" else tok
    if first.dep_ == "acl":
        return first.head
    if first is not tok:
        return first_child(first, "attr") or subject_of(first)[0]
    return subject_of(tok.head)[0]
