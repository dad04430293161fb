"""Targets of noun events that the noun phrase names indirectly: the owner of what the act is
aimed at ("sanctions on Iranian banks") and the actor a threat's or a call's infinitive acts on
("Russia's threat to cut gas supplies to Moldova")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.events.owners import demonym_owner, thing_owners
from app.extract.events.targets import place_state, victims
from app.extract.mentions import actors_of
from app.extract.syntax import RELATIVE_PRONOUNS, first_child, subject_of

# acts that fall on someone: being protected from one makes the protected its target
SHIELDED_FROM = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def noun_object_owners(ctx: DocContext, objs: list[Token], sources: list[str]) -> list[str]:
    """Whose thing the act's prepositional object is, when it names no actor: its possessor, a
    compound actor, a by-phrase ("a crackdown on protests by students") or a demonym ("sanctions
    on Iranian oil exports")."""
    for p in objs:
        found = thing_owners(ctx, p, sources)
        if found:
            return found
        owner = demonym_owner(ctx, p, sources)
        if owner:
            return [owner]
    return []


def infinitives(noun: Token) -> list[Token]:
    """Infinitives that say what a threat or a call is to do: its content, no event of its own."""
    return [
        c
        for c in noun.children
        if c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def infinitive_target(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    """The first actor, else the state of the first place, in the infinitive that says what a
    threat or call is to do ("a threat to cut gas supplies to Moldova")."""
    for clause in infinitives(noun):
        toks = sorted(clause.subtree, key=lambda t: (_depth(t, clause), t.i))
        for t in toks:
            key = ctx.links.actor[t.i]
            if key is None or key in sources:
                continue
            rec = ctx.actors.by_key[key]
            if rec.kind == "agent" and not rec.country:
                continue  # "a threat to send troops": the source's own, unnamed forces
            return [key]
        for t in toks:
            place = ctx.links.place[t.i]
            key = place_state(ctx, place, sources) if place else None
            if key:
                return [key]
        for t in toks:  # "a threat to impose tariffs on Mexican steel"
            owner = demonym_owner(ctx, t, sources) if t.pos_ == "NOUN" else None
            if owner:
                return [owner]
    return []


def _depth(tok: Token, root: Token) -> int:
    depth = 0
    while tok.i != root.i and tok.head.i != tok.i:
        tok = tok.head
        depth += 1
    return depth


def sufferer_target(ctx: DocContext, noun: Token, plover: str, sources: list[str]) -> list[str]:
    """Who the clause says suffers the act: the subject that is "under" it ("Iran is under U.S.
    sanctions"), that died in it ("21 passengers died in the attack by the BLA"), the object
    protected from it ("shielded the port from shelling by the navy"), or the target of
    the same act told by the verb the noun is the subject of ("airstrikes by the army killed 50
    militants")."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    prep = noun.head.lower_ if noun.dep_ == "pobj" else None
    if noun.dep_ == "nsubj":
        for ev in ctx.events:
            if ev.trigger_start == verb.idx and ev.plover_type == plover:
                return [p.actor for p in ev.participants if p.role == "target"]
        return []
    lex = knowledge.event_lexicon()
    if prep == "from" and verb.lemma_.lower() in lex.shielding_verbs and plover in SHIELDED_FROM:
        # "protected reporters from arrests by the police": the protected are whom it hits
        return [k for k in actors_of(ctx, first_child(verb, "dobj")) if k not in sources]
    dies = prep in ("in", "during") and verb.lemma_.lower() in lex.death_verbs
    if prep != "under" and not (dies and plover == "ASSAULT"):
        return []
    subj, _ = subject_of(verb)
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
        subj = subj.head.head  # "its central bank, which is under EU sanctions"
    if subj is None:
        return []
    found = [k for k in actors_of(ctx, subj) if k not in sources]
    found = found or thing_owners(ctx, subj, sources)
    if not found and dies:
        found = victims(ctx, verb, [subj], sources)
    owner = None if found else demonym_owner(ctx, subj, sources)
    return found or ([owner] if owner else [])


def state_pair(ctx: DocContext, noun: Token) -> tuple[str, str] | None:
    """The two states a hyphenated modifier names ("Egypt-Ethiopia talks", "Armenia-Azerbaijan
    clashes"), in word order. Read from the words themselves: the NER often takes the pair for
    one name. Whether the order means anything depends on the act (`pair_*_types` in
    events.yaml): only a cooperative act is read first -> second, as coders read a dyad."""
    for c in noun.children:
        if c.dep_ not in ("compound", "amod", "nmod"):
            continue
        parts = c.text.split("-")
        if len(parts) != 2:  # "India - Pakistan" parsed as two compounds
            doc = c.doc
            before = doc[c.i - 2] if c.i >= 2 and doc[c.i - 1].text == "-" else None
            if before is None or before.head.i != c.i:
                continue
            parts = [before.text, c.text]
        found = [knowledge.country_of(p) for p in parts]
        if found[0] and found[1] and found[0].alpha3 != found[1].alpha3:
            return state_actor(ctx, found[0].alpha3), state_actor(ctx, found[1].alpha3)
    return None
