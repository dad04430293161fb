"""Events PLOVER does not code: no explicit actor (manual, "Some residual issues", "Required
entities": "4 people were arrested/killed in a suicide bombing ... have no explicit, named actor
so they will not be coded"; nor natural disasters, "mudslides destroyed dozens of houses").

The last step of extraction, once every other step (lookbacks, coreference, the sources borrowed
from earlier acts, PLOVER's unidentified actor) has had its say. An event still without a source
is dropped only when its agent slot names nobody in the text:
- an agentless passive ("a journalist was arrested", "354 passengers were freed"), unless the
  passive subject is the actor's own force retreating ("troops were withdrawn");
- a passive whose "by" agent, or an active verb whose subject, is an event, a thing or a natural
  force ("the biggest attack killed 25 people", "killed by the blast");
- an event noun with no owner, "by"/"from" phrase or modifier that names a side;
- a procedure told in general: what a role or a pronoun for no actor "can" do if a condition
  holds ("if the judge rules against him, the card holder can appeal"; `procedures`).
A text that names a would-be actor Dyad could not resolve ("Doctors from two aid groups said",
"analysts accuse ...") keeps its event: that is Dyad's miss, not the codebook's uncoded case.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from app.extract import knowledge
from app.extract.events.agentless import CAUSE_PREPS
from app.extract.events.procedures import general_procedure
from app.extract.events.unidentified import claimed_after
from app.extract.knowledge.files import data_text
from app.extract.syntax import (
    first_child,
    is_passive,
    is_passive_participle,
    prep_objects,
    subject_of,
    trigger_token,
)
from app.extract.violence_words import violence_words
from app.vocab import ParticipantRole

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_SIDE_DEPS = ("poss", "compound", "amod", "nmod")
_AGENT_PREPS = ("by", "from")


@dataclass(frozen=True)
class UncodedWords:
    non_actor_doers: frozenset[str]
    own_force_retreat_codes: frozenset[str]
    from_source_codes: frozenset[str]
    procedure_modals: frozenset[str]
    procedure_condition_marks: frozenset[str]


@functools.lru_cache(maxsize=1)
def uncoded_words() -> UncodedWords:
    raw = yaml.safe_load(data_text("uncoded.yaml")) or {}
    return UncodedWords(
        non_actor_doers=frozenset(str(w) for w in raw.get("non_actor_doers") or ()),
        own_force_retreat_codes=frozenset(str(w) for w in raw.get("own_force_retreat_codes") or ()),
        from_source_codes=frozenset(str(w) for w in raw.get("from_source_codes") or ()),
        procedure_modals=frozenset(str(w) for w in raw.get("procedure_modals") or ()),
        procedure_condition_marks=frozenset(
            str(w) for w in raw.get("procedure_condition_marks") or ()
        ),
    )


def drop_uncoded(ctx: DocContext) -> None:
    """Remove the events with no source whose text names no actor (see the module docstring);
    statements linked to a removed event lose the link, the others follow the new indices."""
    keep = [
        not (ev.actors_in(ParticipantRole.SOURCE) == [] and names_no_actor(ctx, ev))
        for ev in ctx.events
    ]
    if all(keep):
        return
    new_index: dict[int, int] = {}
    kept: list[EventRecord] = []
    for i, (ev, k) in enumerate(zip(ctx.events, keep, strict=True)):
        if k:
            new_index[i] = len(kept)
            kept.append(ev)
    ctx.events[:] = kept
    for st in ctx.statements:
        if st.event_id is not None:
            st.event_id = new_index.get(st.event_id)


def names_no_actor(ctx: DocContext, ev: EventRecord) -> bool:
    """The event's agent slot names nobody in the text."""
    tok = trigger_token(ctx, ev)
    if tok.pos_ == "NOUN":
        return _bare_noun(ctx, tok)
    verbless = _verbless_predicate(tok)
    if verbless is None and _passive(tok):
        return _agentless_passive(ctx, ev, tok)
    if claimed_after(ctx, ev):
        return False
    subj = verbless or subject_of(tok)[0]
    if subj is not None and verbless is None and general_procedure(ctx, tok, subj, uncoded_words()):
        return True  # "if the judge rules against him, the card holder can appeal"
    return subj is not None and _no_actor(ctx, subj)


def _verbless_predicate(verb: Token) -> Token | None:
    """The sentence's root noun when the parser hung the main verb under it as a clause of a
    noun ("The biggest attack, in 2009, killed 25 people", "Doctors from two aid groups
    donated ...", "A newspaper called on Arabs ..."): that noun is the verb's subject."""
    root = verb.sent.root
    if verb.dep_ != "acl" or root.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(a.pos_ in ("VERB", "AUX") for a in verb.ancestors):
        return None
    return root


def _passive(verb: Token) -> bool:
    """A passive, or the bare second verb of one ("rebels were neutralized or captured")."""
    if is_passive(verb) or is_passive_participle(verb):
        return True
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "dobj") for c in verb.children)
        and _passive(verb.head)
    )


def _agentless_passive(ctx: DocContext, ev: EventRecord, verb: Token) -> bool:
    agent = first_child(verb, "agent")
    if agent is None and verb.dep_ == "conj":
        agent = first_child(verb.head, "agent")  # "were arrested and detained by police"
    if agent is not None:
        objs = [p for p in agent.children if p.dep_ == "pobj"]
        return bool(objs) and all(_no_actor(ctx, p) for p in objs)
    words = uncoded_words()
    if ev.cameo_code in words.own_force_retreat_codes:
        return False  # "troops were withdrawn": the force is the retreating actor's
    if ev.cameo_code in words.from_source_codes and any(
        ctx.links.actor[t.i] is not None or t.ent_type_ in ("GPE", "ORG") or t.pos_ == "PROPN"
        for p in prep_objects(verb, ("from",))
        # the name may be the object's modifier, linked to no actor: "the Zanu PF party"
        for t in (p, *(c for c in p.children if c.dep_ in ("compound", "amod", "appos")))
    ):
        return False  # "deported from Iran", "expelled from the party": who expels is named
    if claimed_after(ctx, ev):
        return False  # a named group claims the act (see unidentified)
    for c in verb.children:  # "killed when Israeli tanks shelled the area": the clause's doer
        subj = first_child(c, "nsubj") if c.dep_ == "advcl" else None
        if subj is not None and not _no_actor(ctx, subj):
            return False
    # "killed in Ukrainian shelling": the cause names a side Dyad did not make the source
    # (places and dates in those phrases name nobody: "killed Friday in Aungban")
    for act in prep_objects(verb, CAUSE_PREPS):
        if ctx.links.place[act.i] is not None or act.ent_type_ in ("DATE", "TIME", "GPE"):
            continue
        if ctx.links.actor[act.i] is not None or act.ent_type_ in ("NORP", "ORG", "PERSON"):
            return False
        if any(_names_side(ctx, c) for c in act.children if c.dep_ in _SIDE_DEPS):
            return False
        if any(t.dep_ == "nsubj" and _names_side(ctx, t) for t in act.subtree):
            return False  # "in the collapse of a bridge that militants had mined"
    return True


def _bare_noun(ctx: DocContext, noun: Token) -> bool:
    """An event noun with no owner, agent phrase or side-naming modifier, and no doer of the
    verb it is the object of ("the rebels carried out an attack")."""
    for c in noun.children:
        if c.dep_ in _SIDE_DEPS and (c.dep_ == "poss" or _names_side(ctx, c)):
            return False
        if c.dep_ in ("prep", "agent") and c.lower_ in _AGENT_PREPS and first_child(c, "pobj"):
            return False
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        subj, _ = subject_of(noun.head)
        if subj is not None and not _no_actor(ctx, subj):
            return False
    return True


def _no_actor(ctx: DocContext, tok: Token) -> bool:
    """A doer that is an event, a thing or a natural force, with nothing naming a side on it
    ("the Israeli strike", "Russia's invasion" name one)."""
    if ctx.links.actor[tok.i] is not None or tok.pos_ in ("PRON", "PROPN"):
        return False
    if any(_names_side(ctx, c) for c in tok.children if c.dep_ in _SIDE_DEPS):
        return False
    lemma, low = tok.lemma_.lower(), tok.lower_
    return bool({lemma, low} & _non_actor_words()) or lemma in knowledge.event_lexicon().nouns


@functools.lru_cache(maxsize=1)
def _non_actor_words() -> frozenset[str]:
    """Things, instruments and act nouns: a doer named by one of these names no actor."""
    lex = knowledge.event_lexicon()
    return frozenset(
        uncoded_words().non_actor_doers
        | violence_words().instruments
        | lex.act_nouns
        | lex.battle_nouns
        | lex.aerial_acts
    )


def _names_side(ctx: DocContext, tok: Token) -> bool:
    if tok.ent_type_ in ("DATE", "TIME"):
        return False  # "last week's explosion": a time, no side
    if tok.dep_ == "poss" or ctx.links.actor[tok.i] is not None:
        return True
    if tok.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
        return True
    agents = knowledge.agents()  # "army gunfire", "militants": a would-be actor Dyad missed
    if tok.lemma_.lower() in agents or tok.lower_ in agents:
        return True
    return knowledge.country_of(tok.lower_) is not None
