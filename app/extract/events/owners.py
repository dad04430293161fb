"""Whose thing an argument is when it names no actor: the possessor or author of an object
("rejected Russia's demands", "criticized the decision by Japan") or the state of a demonym
("rejected an Indian proposal")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.mentions import actors_of, suffered
from app.extract.syntax import (
    RELATIVE_PRONOUNS,
    definite,
    first_child,
    prep_objects,
    subject_of,
)
from app.extract.violence_words import violence_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

_COUNTERPART_NOUNS = knowledge.event_lexicon().counterpart_nouns
AUTHOR_REACH = 5  # sentences back for the act "the airstrikes" names again

# Reactions to someone's act: the act's author is the target ("criticized the decision by Japan").
REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "THREATEN", "CONCEDE"})


def object_owners(ctx: DocContext, verb: Token, dobj: Token, pattern: EventPattern) -> list[Token]:
    """Whose thing the object is, when the object itself is no actor.

    "dismissed Putin's response", "rejected Russia's demands": the possessor; "criticized the
    decision by Japan", "condemned the attack ... by Kurdish militants": the author after "by".
    """
    if ctx.links.actor[dobj.i] is not None or pattern.plover not in REACTION_TYPES:
        return []
    out: list[Token] = []
    if pattern.no_dobj_target and not suffered(dobj) and not _tie_with(dobj):
        out.extend(  # else the possessor is already read
            c
            for c in dobj.children
            if (c.dep_ == "poss" and c.pos_ != "PRON")
            or (c.dep_ == "compound" and ctx.links.actor[c.i])  # "a United Nations appeal"
        )
    for head in (dobj, verb):
        for prep in head.children:
            # "calls by Belarus's rulers", "a fresh offer from Afghanistan"
            if prep.dep_ == "prep" and (
                prep.lower_ == "by" or (prep.lower_ == "from" and head is dobj)
            ):
                out.extend(p for p in prep.children if p.dep_ == "pobj")
            elif prep.dep_ == "prep" and prep.lower_ == "including":
                # "defied calls, including by the Security Council": some of the authors
                out.extend(
                    p
                    for by in prep.children
                    if by.dep_ in ("agent", "prep") and by.lower_ in ("by", "from")
                    for p in by.children
                    if p.dep_ == "pobj"
                )
    return out


def _tie_with(dobj: Token) -> bool:
    """Ties with a partner ("upgraded Chile's naval ties with Ecuador"): the possessor is the
    other end of the ties, the side acting on them, not the one the act falls on."""
    words = knowledge.event_lexicon().relation_nouns
    return dobj.lemma_.lower() in words and bool(prep_objects(dobj, ("with",)))


def thing_owners(ctx: DocContext, tok: Token | None, sources: list[str]) -> list[str]:
    """Whose thing an argument is when it names no actor: "conceded to demands from UNITA",
    "complained about Israel's raids", "rejected calls by the Kremlin"."""
    if tok is None or ctx.links.actor[tok.i] is not None:
        return []
    out: list[str] = []
    for c in tok.children:
        owners: list[Token] = []
        if (c.dep_ == "poss" and c.pos_ != "PRON" and not suffered(tok)) or (
            c.dep_ == "compound" and ctx.links.actor[c.i]
        ):
            owners = [c]
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "for"):
            owners = [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            owners = stated_authors(c)  # "an attack claimed by X", "a bombing blamed on X"
        for o in owners:
            out.extend(k for k in actors_of(ctx, o) if k not in sources and k not in out)
    if not out and tok.lemma_.lower() in _COUNTERPART_NOUNS:
        # "broke its commitment to the farmers' union", "demanded a truce with X": the
        # other party of a commitment or an accord
        for p in prep_objects(tok, ("to", "with")):
            out.extend(k for k in actors_of(ctx, p) if k not in sources and k not in out)
    return out


def act_authors(ctx: DocContext, act: Token, exclude: list[str]) -> list[str]:
    """Who carried out an act noun: its owner or author ("a U.S. airstrike", "raids by the
    army", "an attack claimed by X"), else, when "the airstrikes" names an act told shortly
    before, the author stated at its latest earlier mention."""
    found = thing_owners(ctx, act, exclude)
    if not found:
        owner = demonym_owner(ctx, act, exclude)
        found = [owner] if owner else []
    if found or not definite(act) or first_child(act, "poss") is not None:
        return found
    si = ctx.sent_of[act.i]
    lo = ctx.sents[max(0, si - AUTHOR_REACH)].start
    lemma = act.lemma_.lower()
    for i in range(act.i - 1, lo - 1, -1):
        told = ctx.doc[i]
        if told.pos_ == "NOUN" and told.lemma_.lower() == lemma:
            # the latest mention decides: if it names no author, the act stays unattributed
            owner = demonym_owner(ctx, told, exclude)
            return thing_owners(ctx, told, exclude) or ([owner] if owner else [])
    return []


def stated_authors(participle: Token) -> list[Token]:
    """The author a participle naming authorship states for the act it modifies: "claimed by
    X", "carried out by X", "blamed on X", "attributed to X" (word list in violence.yaml)."""
    prep = violence_words().author_verbs.get(participle.lemma_.lower())
    if prep is None:
        return []
    return [
        p
        for c in participle.children
        if (c.dep_ == "agent" and prep == "by") or (c.dep_ == "prep" and c.lower_ == prep)
        for p in c.children
        if p.dep_ == "pobj"
    ]


def demonym_owner(ctx: DocContext, tok: Token | None, sources: list[str]) -> str | None:
    """The state whose demonym modifies an argument that names no actor: "rejected an Indian
    proposal", "demolished Palestinian homes" (the demonym becomes an alias of the state)."""
    if tok is None or ctx.links.actor[tok.i] is not None:
        return None
    src_countries = {ctx.actors.by_key[k].country for k in sources}
    # "the Chinese AI model": the demonym may modify a compound of the noun
    mods = [*tok.children, *(g for c in tok.children if c.dep_ == "compound" for g in c.children)]
    for c in mods:
        if c.dep_ not in ("amod", "compound", "nmod") or c.i > tok.i or ctx.links.actor[c.i]:
            continue
        if c.pos_ not in ("ADJ", "PROPN"):
            continue
        text = ctx.doc[c.left_edge.i : c.i + 1].text if c.left_edge.i < c.i else c.text
        country = knowledge.country_of(text) or knowledge.country_of(c.text)
        if country is None or country.alpha3 in src_countries:
            continue
        key = state_actor(ctx, country.alpha3)
        ctx.actors.add_alias(key, text)
        return key
    return None


def content_subjects(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    """Who acts in the clause on an object noun: the news it reports or the deed it is ("welcomed
    the announcement that Ukraine had agreed", "condemned the raid that the army carried out"):
    Ukraine, the army."""
    out: list[str] = []
    for clause in noun.children:
        if clause.dep_ not in ("acl", "ccomp", "relcl") or clause.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in RELATIVE_PRONOUNS:
            continue  # "the attack that killed ...": the noun itself is the subject
        out.extend(k for k in actors_of(ctx, subj) if k not in sources and k not in out)
    return out


def relative_authors(
    ctx: DocContext, verb: Token, dobj: Token | None, sources: list[str]
) -> list[str]:
    """Who made or did what a relative object stands for: the owner of its noun, else the
    subject of the clause that tells it ("the experts published a report, which Moscow
    denied"; "the army shelled the town on Friday, which the U.N. condemned"). Only a noun the
    clause has as its object is told by that clause's subject ("on trial on charges which X
    dismissed" says nothing of who brought them)."""
    if dobj is None or dobj.lower_ not in ("which", "that") or dobj.pos_ != "PRON":
        return []
    if verb.dep_ == "advcl" and verb.head.pos_ == "VERB" and verb.i > verb.head.i:
        told = verb.head  # a "which" that stands for the whole clause before it
    elif verb.dep_ == "relcl":
        noun = verb.head
        # after a comma the parser hangs "which" on the nearest noun ("on Friday, which"):
        # it may stand for the phrase that noun ends
        while noun.dep_ == "pobj" and dobj.i > 0 and ctx.doc[dobj.i - 1].text in (",", "—", "-"):
            found = thing_owners(ctx, noun, sources)
            if found:
                return found
            noun = noun.head.head
        if noun.pos_ == "VERB":
            told = noun
        else:
            found = thing_owners(ctx, noun, sources)
            if found or noun.dep_ != "dobj":
                return found
            told = noun.head
    else:
        return []
    subj, _ = subject_of(told)
    return [k for k in actors_of(ctx, subj) if k not in sources] if subj is not None else []


def passive_relative_owners(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """Whose thing a passive relative or participle clause judges: "the U.S. proposal of a truce
    that is supported by Kyiv", "an Indian plan backed by Nepal" (the United States, India).
    The noun the clause hangs on, or the noun whose "of" phrase that is, names no actor here
    (an actor it names is read as the argument itself)."""
    subj = first_child(verb, "nsubjpass")
    relative = verb.dep_ == "relcl" and subj is not None and subj.lower_ in RELATIVE_PRONOUNS
    if not relative and not (verb.dep_ == "acl" and verb.tag_ == "VBN" and subj is None):
        return []
    noun = verb.head
    nouns = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        nouns.append(noun.head.head)  # "the proposal of a truce that ...": the proposal's owner
    for n in nouns:
        owner = demonym_owner(ctx, n, sources)
        found = thing_owners(ctx, n, sources) or ([owner] if owner else [])
        if found:
            return found
    return []
