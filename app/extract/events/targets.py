"""Target fallbacks when no argument names an actor: the places arguments name, the actor in a
pledge's or threat's complement, what a protest is against, and unnamed victims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import agent_actor, state_actor
from app.extract.events.counted import counted_before, part_of_named
from app.extract.events.owners import demonym_owner, thing_owners
from app.extract.events.retold import same_side
from app.extract.mentions import actors_of, name_span
from app.extract.quoted_pronouns import shared_object
from app.extract.syntax import antecedent, first_child, prep_objects
from app.extract.violence_words import violence_words
from app.vocab import ParticipantRole

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


_THOSE = frozenset({"those", "them", "these"})


def places_among(
    ctx: DocContext, toks: Sequence[Token | None], *, where_is: bool = True
) -> list[str]:
    """Places named by argument tokens or their "of" phrase ("the town of Goma"), then those
    where an argument that names no actor is ("troops to a force in Liberia"), unless `where_is`
    is off (an act on a person: "arrested an engineer in Iran" is not done to Iran)."""
    out = []
    for t in toks:
        if t is None:
            continue
        cands = [t] + [
            g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        if ctx.links.actor[t.i] is None:  # "in Idlib province"
            cands += [c for c in t.children if c.dep_ == "compound"]
        if ctx.links.actor[t.i] is None and where_is:
            cands += [
                g
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "in"
                for g in c.children
                if g.dep_ == "pobj"
            ]
        for c in cands:
            key = ctx.links.place[c.i]
            if key and ctx.links.actor[c.i] is None:
                out.append(key)
    return out


def complement_target(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """For pledge/threaten/refuse frames without an object: the first other actor in the
    complement ("refused to meet X"), else the country of a place it names ("refused to deploy
    peacekeepers in Iraq")."""
    src_countries = {ctx.actors.by_key[k].country for k in sources}
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl"):
            for t in _nearest_first(c):
                key = ctx.links.actor[t.i]
                place = ctx.links.place[t.i] if key is None else None
                if place and ctx.places.by_key[place].kind == "country":
                    country = ctx.places.by_key[place].country
                    if country and country not in src_countries and country in _COUNTRIES:
                        key = state_actor(ctx, country)  # "offered to hand over to Britain"
                        ctx.actors.add_alias(key, name_span(t).text)
                if not key:
                    continue
                rec = ctx.actors.by_key[key]
                if key in sources or (rec.kind == "agent" and not rec.country):
                    continue  # "refused to deploy troops": the source's own, unnamed forces
                if t.dep_ == "nsubj" and same_side(ctx, set(sources), {key}):
                    continue  # "threatened that its army would respond": the source acting
                return [key]
            for t in c.subtree:  # "threatened to impose restrictions against German goods"
                if t.pos_ == "NOUN" and t.dep_ in ("dobj", "pobj"):
                    owner = demonym_owner(ctx, t, sources)
                    if owner:
                        return [owner]
            for t in c.subtree:
                place = ctx.links.place[t.i]
                key = place_state(ctx, place, sources) if place else None
                if key:
                    return [key]
    return []


def place_state(ctx: DocContext, place: str, sources: list[str]) -> str | None:
    """The state a place stands for as an event's target ("airstrikes on Gaza", "curfew in
    Baghdad"), unless it is the source's own country. A capital named for its state becomes one
    of the state's names here, as in "Moscow demanded"."""
    rec = ctx.places.by_key[place]
    country = rec.country
    if not country or country not in _COUNTRIES:
        return None
    if country in {ctx.actors.by_key[k].country for k in sources}:
        return None
    key = state_actor(ctx, country)
    if ctx.places.capital_of.get(place) == country:
        ctx.actors.add_alias(key, rec.name)
    return key


_COUNTRIES = knowledge.countries().by_code


def _nearest_first(root: Token) -> list[Token]:
    """A clause's tokens, those closest to its verb in the tree first ("agreed to hand over to
    Spain three men suspected of robbing an Air Europa depot": Spain before Air Europa)."""
    out: list[Token] = []
    later: list[Token] = []  # "... unless the Kremlin closed its base": the condition comes last
    level = [root]
    while level:
        out.extend(level)
        nxt = [c for t in level for c in t.children]
        later.extend(c for c in nxt if c.dep_ == "advcl")
        level = sorted((c for c in nxt if c.dep_ != "advcl"), key=lambda t: t.i)
    for clause in later:
        out.extend(t for t in _nearest_first(clause) if t not in out)
    return out


def answered(verb: Token) -> list[Token]:
    """What an act answers, when the sentence says: "dismissed the charges while replying to
    the remarks by the rebel commander", "... in response to a statement by Israel"."""
    lex = knowledge.event_lexicon()
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "advcl" and c.lemma_.lower() in lex.response_verbs:
            out.extend(prep_objects(c, ("to",)))
        elif c.dep_ == "prep" and c.lower_ in ("in", "after"):
            for noun in c.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in lex.response_nouns:
                    out.extend(prep_objects(noun, ("to",)))
    return out


def protested(verb: Token) -> list[Token]:
    """What an act is "in protest against/of/over"."""
    out: list[Token] = []
    for noun in prep_objects(verb, ("in",)):
        if noun.lemma_.lower() == "protest":
            out.extend(prep_objects(noun, ("against", "of", "over", "at")))
    return out


def captives(
    dobj: Token | None, pattern: knowledge.EventPattern, lex: knowledge.EventLexicon
) -> list[Token]:
    """People an act names in the very word its pattern matched: "taking many hostages", "took
    100 passengers hostage" (the object is the act's word, and also who suffers it)."""
    if dobj is None or not pattern.no_dobj_target or dobj.lemma_.lower() not in lex.victim_nouns:
        return []
    return [dobj, *(c for c in dobj.children if c.dep_ == "compound")]


def riders(ctx: DocContext, args: Sequence[Token | None], sources: list[str]) -> list[str]:
    """Who an attacked vehicle carries, when the text says: "ambushed a bus transporting a
    paramilitary force" (word list in violence.yaml)."""
    verbs = violence_words().conveying_verbs
    out: list[str] = []
    for arg in args:
        for clause in arg.children if arg is not None else ():
            if clause.dep_ != "acl" or clause.lemma_.lower() not in verbs:
                continue
            for obj in (c for c in clause.children if c.dep_ == "dobj"):
                out.extend(k for k in actors_of(ctx, obj) if k not in sources and k not in out)
    return out


def deportees(ctx: DocContext, verb: Token, targets: list[str], sources: list[str]) -> list[str]:
    """People a state deports or expels are not its own: civilians the article's country was
    guessed for ("Thailand deported 173 women and children") become civilians of no country."""
    if verb.lemma_.lower() not in violence_words().removal_verbs:
        return targets
    own = {ctx.actors.by_key[k].country for k in sources} - {None}
    out: list[str] = []
    for k in targets:
        rec = ctx.actors.by_key[k]
        if rec.kind == "agent" and (rec.code or "").endswith("CVL") and rec.country in own:
            k = agent_actor(ctx, None, "CVL")
        if k not in out:
            out.append(k)
    return out


def victims(
    ctx: DocContext,
    verb: Token,
    args: Sequence[Token | None],
    sources: list[str],
    *,
    sites: bool = False,
) -> list[str]:
    """Unnamed people hurt or detained ("killed 23 people", "arrested dozens of villagers",
    "picked out ten people and shot them"), or a place of civilians attacked when `sites`
    ("stormed a hotel"): the civilians of the country where it happened, else of the country
    the article is about (of none for deportees). With `sites`, a site or vehicle of a state
    force ("attacked a military vehicle") is that force of the same country."""
    # "deported 40 others", "singled out passengers, shooting many"
    others = _others_hurt(ctx, verb, args) or counted_before(ctx, args) or part_of_named(ctx, args)
    if others:
        return [k for k in others if k not in sources]
    lex = knowledge.event_lexicon()
    people = [
        t
        for t in (shared_object(a) or antecedent(a) if a is not None else None for a in args)
        if t is not None
        and ctx.links.actor[t.i] is None
        # (the small model lemmatizes "the wounded" as the verb "wound": its form is checked too)
        and (
            t.lemma_.lower() in lex.victim_nouns
            or t.lower_ in lex.victim_nouns
            or (sites and sources and _civilian_site(t))
        )
    ]
    force = next((f for f in (_force_of(ctx, t) for t in args) if f), None) if sites else None
    if not people and force is None:
        return []
    places = places_among(ctx, [*prep_objects(verb, ("in",)), *people])
    country = ctx.places.by_key[places[0]].country if places else ctx.dominant_country()
    if verb.lemma_.lower() in violence_words().removal_verbs:
        country = None  # the people deported from a country are not its own
    if country not in _COUNTRIES:
        country = None
    key = agent_actor(ctx, country, force if not people and force else "CVL")
    return [] if key in sources else [key]


def _others_hurt(ctx: DocContext, verb: Token, args: Sequence[Token | None]) -> list[str]:
    """ "Killing one soldier and injuring four others", "ambushed a bus carrying soldiers and
    killed 18 of those on board": the others, or some of those, are of the side the act
    coordinated with it fell on (its targets, already coded: it is told first)."""
    if not any(t is not None and (t.lemma_.lower() == "other" or _some_of_those(t)) for t in args):
        return []
    sides = [verb.head] if verb.dep_ == "conj" else []
    sides += [c for c in verb.children if c.dep_ == "conj"]
    for side in sides:
        for ev in ctx.events:
            if ev.trigger_start == side.idx and ev.plover_type == "ASSAULT" and not ev.negated:
                return ev.actors_in(ParticipantRole.TARGET)
    return []


def _some_of_those(tok: Token) -> bool:
    """A number of the people just named: "18 of those on board", "five of them"."""
    return tok.pos_ == "NUM" and any(
        p.lower_ in _THOSE for p in prep_objects(tok, ("of",)) if p.pos_ == "PRON"
    )


def _force_of(ctx: DocContext, tok: Token | None) -> str | None:
    """The state force whose site or vehicle an attack hit, when a modifier names it ("attacked
    a military vehicle", "stormed a police station"): its role code (MIL, COP, SPY)."""
    if tok is None or ctx.links.actor[tok.i] is not None:
        return None
    for c in tok.children:
        if c.dep_ in ("amod", "compound") and c.i < tok.i:
            term = knowledge.agents().get(c.lemma_.lower())
            if term and term.code in violence_words().state_force_codes:
                return term.code
    return None


def _civilian_site(tok: Token) -> bool:
    """A place of civilians ("stormed a hotel"), unless the text says who was in it ("a bus
    transporting soldiers")."""
    lex = knowledge.event_lexicon()
    return tok.lemma_.lower() in lex.civilian_sites and not any(
        c.dep_ == "acl" for c in tok.children
    )


def clause_subject_targets(
    ctx: DocContext, comp: Token | None, sources: list[str], pattern: knowledge.EventPattern
) -> list[str]:
    """The subject of the act's complement clause ("urged Israel to stop"); but a threat told
    as what the threatener's own side would do ("Kenya warned that its forces would strike
    al-Shabab camps") is aimed at what they would act on, never at that side."""
    csubj = first_child(comp, "nsubj") if comp is not None else None
    if comp is None or csubj is None:
        return []
    named = [k for k in actors_of(ctx, csubj) if k not in sources]
    if pattern.plover != "THREATEN" or not named or not same_side(ctx, set(sources), set(named)):
        return named
    obj = first_child(comp, "dobj")
    if obj is None:
        return []
    acted = [k for k in actors_of(ctx, obj) if k not in sources] or thing_owners(ctx, obj, sources)
    return [k for k in acted if not same_side(ctx, set(sources), {k})]
