"""Noun events: a lexicon noun with a findable source ("a siege by Egypt on Qatar",
"workers went on strike")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.events.coding import emit
from app.extract.events.modality import modality, nobody
from app.extract.events.non_events import prospective
from app.extract.events.noun_args import (
    infinitive_target,
    infinitives,
    noun_object_owners,
    state_pair,
    sufferer_target,
)
from app.extract.events.owners import stated_authors, thing_owners
from app.extract.events.patterns import light_verb, noun_pattern
from app.extract.events.relation_partners import relation_partners
from app.extract.events.required_recipient import linked_state
from app.extract.events.retold import earlier_sources
from app.extract.events.targets import place_state, places_among, protested
from app.extract.events.type_rules import PLACE_AS_TARGET
from app.extract.mentions import actor_of, actors_of
from app.extract.syntax import first_child, prep_objects, subject_of
from app.vocab import REQUIRES_RECIPIENT

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

_LABOR_STRIKE = knowledge.EventPattern(
    lemma="strike", cameo="143", plover="PROTEST", preps=("against",)
)  # "tourists visited Vietnam" is nobody meeting anybody


def content_clauses(tok: Token) -> list[Token]:
    """Clauses that state what a demand or threat noun asks: "its demand that Chile free ...",
    also when the parser hangs the clause on the verb ("repeated its demand this week that ...")."""
    out = [c for c in tok.children if c.dep_ in ("acl", "ccomp")]
    if tok.dep_ == "dobj":
        out += [
            c
            for c in tok.head.children
            if c.dep_ in ("ccomp", "advcl")
            and c.i > tok.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ]
    return [c for c in out if first_child(c, "nsubj") is not None]


def _danger(noun: Token) -> bool:
    """A threat that is a danger someone poses, not a warning anyone issued (PLOVER: threats are
    verbal acts): "he is a threat to national security", "the China threat"."""
    if noun.dep_ == "attr":
        return True
    if any(c.dep_ == "poss" or c.lower_ == "by" for c in noun.children):
        return False
    named = any(c.dep_ == "compound" for c in noun.children)
    return named and not (infinitives(noun) or content_clauses(noun))


def _attended(noun: Token, pattern: EventPattern, lex: knowledge.EventLexicon) -> Token | None:
    """The verb of going to talks the noun is the purpose of ("flew to Lome for negotiations with
    Togo", "will go back to Lima for negotiations with Peru"), whose subject takes part in them."""
    prep = noun.head
    if pattern.plover != "CONSULT" or noun.dep_ != "pobj" or prep.lower_ != "for":
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.talks_travel_verbs:
        return None
    return verb


def _venue(noun: Token) -> bool:
    """A meeting named as the place of another act ("speaking at a Security Council meeting",
    "criticized by envoys at the summit"): a forum someone attends is no consultation with a
    counterpart (PLOVER CONSULT), unless the text names whom the meeting was with."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "at"


def _mistaken_possessor(noun: Token, sources: list[str], named: list[str]) -> bool:
    """A possessive pronoun resolved to the very actor the noun is aimed at: nobody supports
    or meets themselves, so the pronoun stands for someone the text names without an actor."""
    poss = first_child(noun, "poss")
    return poss is not None and poss.pos_ == "PRON" and bool(sources) and set(sources) <= set(named)


def noun_event(ctx: DocContext, tok: Token, pattern: EventPattern) -> None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    sense = noun_pattern(tok, pattern)
    if sense is None or (sense.plover == "THREATEN" and _danger(tok)):
        return
    pattern = sense
    sources: list[str] = []
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    sources.extend(actors_of(ctx, p))
        elif c.dep_ == "acl" and c.tag_ == "VBN":  # "an attack claimed by X", "blamed on X"
            sources.extend(k for p in stated_authors(c) for k in actors_of(ctx, p))
    possessed: list[str] = []
    if pattern.poss_is_target:  # "his arrest", "the general's assassination"
        for c in tok.children:
            if c.dep_ == "poss":
                possessed.extend(actors_of(ctx, c))
    # "her White House meeting", "the bloc's trade negotiations": beside a possessor, a named
    # modifier of a meeting is its venue, its topic or the one met, not who meets
    venue = pattern.plover == "CONSULT" and first_child(tok, "poss") is not None
    pair = None if sources else state_pair(ctx, tok)  # "Egypt-Ethiopia talks"
    lex = knowledge.event_lexicon()
    mutual = pair is not None and pattern.plover in lex.pair_mutual_types
    if pair and pattern.plover not in lex.pair_directed_types and not mutual:
        pair = None  # "U.S.-Ukraine aid": who gives to whom is not in the word order
    if pair:
        sources = list(pair) if mutual else [pair[0]]
    if not sources:
        for c in tok.children:
            if c.dep_ == "poss" and pattern.poss_is_target:
                continue
            if venue and c.dep_ in ("compound", "nmod"):
                continue
            if c.dep_ in ("poss", "compound", "nmod", "amod"):
                key = ctx.links.actor[c.i] or (actor_of(ctx, c) if c.dep_ == "poss" else None)
                if key is None and c.dep_ == "amod":
                    country = knowledge.countries().by_demonym.get(knowledge.norm(c.text))
                    key = state_actor(ctx, country.alpha3) if country else None
                if key:
                    sources.append(key)
    light = light_verb(tok, pattern.plover)
    if light is not None and first_child(light, "expl") is not None:
        light = None  # "there will be an arrest": an existential names nobody who acts
    if (
        not sources and light is not None
    ):  # "workers went on strike", "the army mounted an offensive"
        subj, _ = subject_of(light)
        sources = actors_of(ctx, subj)
    attended = None if sources or light is not None else _attended(tok, pattern, lex)
    if attended is not None:  # "flew to Lome for negotiations with Togo": the traveller takes part
        sources = actors_of(ctx, subject_of(attended)[0])
    sources = list(dict.fromkeys(sources))  # "al-Shabab attacks": one actor, three tokens
    if not sources:  # "Russia shelled Kharkiv ... the attacks on Kharkiv": the same act again
        objs = prep_objects(tok, pattern.preps)
        aimed = [k for p in objs for k in actors_of(ctx, p)]
        aimed += [k for p in places_among(ctx, objs) for k in [place_state(ctx, p, [])] if k]
        aimed += possessed  # "police arrested Mhlanga ... Mhlanga's arrest"
        sources = earlier_sources(ctx, tok, pattern.plover, aimed, owner_is_target=bool(possessed))
    if not sources:
        return
    if pattern.labor_after and light is not None and light.lemma_.lower() in pattern.labor_after:
        pattern = _LABOR_STRIKE
    if mutual:  # "India-Pakistan clashes": both sides act, neither is the one acted on
        emit(
            ctx,
            tok,
            pattern,
            sources,
            [],
            negated=False,
            hypothetical=prospective(tok),
            intent=False,
            confidence=0.6,
        )
        return
    targets: list[str] = [pair[1]] if pair else []
    objs = prep_objects(tok, pattern.preps)
    if light is not None:  # "held a phone call with Zelenskyy": the preposition hangs on the verb
        objs += prep_objects(light, pattern.preps)
    for p in objs:
        named = actors_of(ctx, p)
        if _mistaken_possessor(tok, sources, named):
            return  # "their support for Ukraine": the pronoun's antecedent was not found
        targets.extend(k for k in named if k not in targets and k not in sources)
    if not targets and pattern.plover == "PROTEST":
        # "refugees started a hunger strike in protest against the deportations"
        for p in protested(tok) + (protested(light) if light is not None else []):
            found = actors_of(ctx, p) or thing_owners(ctx, p, sources)
            targets.extend(k for k in found if k not in targets and k not in sources)
    if not targets:  # "sanctions on Iranian banks", "a crackdown on protests by students"
        targets = noun_object_owners(ctx, objs, sources)
    if not targets and pattern.plover in PLACE_AS_TARGET:  # "attacks on Gaza", "a visit to Kyiv"
        places = places_among(ctx, objs)
        if not places and pattern.plover == "ASSAULT":
            # "Russian strikes in Ukraine": violence in another country falls on it (talks in
            # Moscow are only held there; an insurgent's attacks at home have no state target)
            places = places_among(ctx, prep_objects(tok, ("in",)))
        key = place_state(ctx, places[0], sources) if places else None
        targets = [key] if key else []
    if not targets:
        targets = sufferer_target(ctx, tok, pattern.plover, sources)
    targets.extend(k for k in possessed if k not in targets and k not in sources)
    if not targets and pattern.plover in ("REQUEST", "THREATEN"):
        # "its demand that Chile free the prisoners": the one the demand is made of
        for c in content_clauses(tok):
            if not targets:
                subj = first_child(c, "nsubj")
                targets = [k for k in actors_of(ctx, subj) if k not in sources]
    if not targets and pattern.plover in ("REQUEST", "THREATEN"):
        targets = infinitive_target(ctx, tok, sources)  # "its threat to cut gas to Moldova"
    if not targets and pattern.plover in ("REQUEST", "THREATEN"):
        # "Hamas should abide by the PA's demands", "Iran rejected Washington's demands": whoever
        # answers the demand is the one it was made to
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ == "dobj" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj, _ = subject_of(verb)
            targets = [k for k in actors_of(ctx, subj) if k not in sources]
    if not targets and not objs and pattern.plover in REQUIRES_RECIPIENT:  # "... unless Minsk"
        targets = linked_state(ctx, tok, sources)
    if not targets and pattern.plover == "CONSULT":  # "the trip is meant to deepen ties with X"
        targets = relation_partners(ctx, tok, sources)
    if pattern.plover == "CONSULT" and not targets and _venue(tok):
        return
    if pattern.require_target and not targets:
        return  # "criticism", "praise" alone: no act on anyone the text names
    if attended is not None and not targets:
        return  # "arrived for talks": whom with is not said, nor that they took place
    # "will have a meeting with X": "have" is no act of its own, so its mode is the meeting's
    had = light if light is not None and light.lemma_.lower() in lex.meeting_light_verbs else None
    carrier = attended if attended is not None else had
    going = modality(carrier, lex) if carrier is not None else None
    emit(
        ctx,
        tok,
        pattern,
        sources,
        targets,
        # "had no talks with X", "will have no meetings": the noun itself says none took place
        negated=(going is not None and going.negated) or nobody(tok, lex),
        # "Britain's proposed deal", "a possible strike", "is due to sail there for talks"
        hypothetical=prospective(tok) or (going is not None and going.hypothetical),
        intent=False,
        confidence=0.6 if targets else 0.5,
        # "will come for talks", "will have talks": a future meeting is an intent to meet (AGREE)
        future=going is not None and going.future,
    )
