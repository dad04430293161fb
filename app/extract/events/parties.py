"""Targets the sentence names around an act when no argument is an actor itself: the side the
act asked for, backed or opposed is against ("called for a total war against al-Shabab"), the
sides of a conflict or accord ("urged an end to the fight between the U.S. and Europe", "would
support a deal between Britain and Mauritius"), and whoever made the offer a bare refusal or
acceptance answers ("the Chinese side proposed ..., but the European side refused"), and, the other
way round, whoever answers an offer ("X proposed a price, but Y refused": the offer was to Y)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.disputes import dispute_parties
from app.extract.events.owners import demonym_owner, thing_owners
from app.extract.mentions import actors_of
from app.extract.syntax import first_child, prep_objects, subject_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# Acts the source wants done to, or does to, the side "against" names: a call for a war against
# X or a threat of measures against X is aimed at X. Not praise or blame: "condemned the moves
# against X" or "backed the war against X" is no act of the source's aimed at X.
AGAINST_TYPES = frozenset({"REQUEST", "THREATEN", "COERCE", "SANCTION"})
# Reactions to a conflict or an accord reach all of its sides: asking to end a fight between X
# and Y asks X and Y; backing or rejecting a deal between X and Y is about both.
SIDES_TYPES = frozenset({"REQUEST", "SUPPORT", "AGREE", "REJECT", "ACCUSE", "THREATEN"})
_AFTER_PREPS = ("after", "following", "during", "in", "through")
# a bare "refused" or "agreed" answers the offer or request of the clause it is joined to
REPLY_TYPES = frozenset({"REJECT", "AGREE"})
_MAX_STEPS = 3  # prepositions followed down from the act ("the end to a fight over spirits ...")


def around_targets(
    ctx: DocContext, verb: Token, dobj: Token | None, plover: str, sources: list[str]
) -> list[str]:
    """The sides named inside the act, else the author of the offer a bare reply answers, else
    the other party of the accord accepted or of the talks a protest was called off after."""
    return (
        named_sides(ctx, verb, dobj, plover, sources)
        or offerers(ctx, verb, plover, sources)
        or answerers(ctx, verb, plover, sources)
        or negotiators(ctx, verb, plover, sources)
        or dispute_parties(ctx, verb, plover, sources)
        or undoers(ctx, verb, plover, sources)
        or addressees(ctx, dobj, plover, sources)
    )


def addressees(ctx: DocContext, dobj: Token | None, plover: str, sources: list[str]) -> list[str]:
    """Whom a warning or a demand the object names is addressed to, when a clause on it says:
    "issued a series of warnings demanding that Washington change its stance", "an ultimatum
    urging Kyiv to withdraw" (the clause's verb is a request or threat verb of the lexicon)."""
    if dobj is None or plover not in ("THREATEN", "REQUEST"):
        return []
    lex = knowledge.event_lexicon()
    for noun in [dobj, *prep_objects(dobj, ("of",))]:
        for clause in (c for c in noun.children if c.dep_ == "acl"):
            frames = {p.frame for p in lex.verbs.get(clause.lemma_.lower(), ())}
            if not frames & {"request", "threat"}:
                continue
            content = first_child(clause, "ccomp")
            asked = [first_child(clause, "dobj")]
            asked += [first_child(content, "nsubj")] if content is not None else []
            found = [k for t in asked for k in actors_of(ctx, t) if k not in sources]
            if found:
                return list(dict.fromkeys(found))
    return []


def undoers(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """Whose measure a demand asks to be undone, when the clause says whose it is: "demanded
    that Israel's blockade be lifted", "highlighted the Taliban's curbs, demanding they be
    reversed" (the pronoun stands for the object of the clause the demand hangs on)."""
    if plover != "REQUEST":
        return []
    clause = first_child(verb, "ccomp")
    subj = first_child(clause, "nsubjpass") if clause is not None else None
    if subj is None:
        return []
    if subj.lower_ in ("it", "they") and verb.dep_ in ("advcl", "conj"):
        subj = first_child(verb.head, "dobj")  # the measure the main clause names
    if subj is None or subj.pos_ == "PRON":
        return []
    owner = demonym_owner(ctx, subj, sources)  # "demanded that the Indian ban be lifted"
    return thing_owners(ctx, subj, sources) or ([owner] if owner else [])


def negotiators(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """The other party of an accord the act accepts ("agreed to a ceasefire with Israel"), else,
    for a protest called off, the party of the talks it came out of ("called off the strike
    after deliberations with the government": whom the strike was against). Talks behind other
    acts are often a mediator's ("agreed to a truce after talks with Egypt and Qatar"), so those
    take nothing from them."""
    talks = knowledge.event_lexicon().counterpart_nouns
    for accord in prep_objects(verb, ("to", "on")):
        if accord.lemma_.lower() in talks:
            found = _parties_with(ctx, accord, sources)
            if found:
                return found
    obj = first_child(verb, "dobj")
    act = knowledge.event_lexicon().nouns.get(obj.lemma_.lower()) if obj is not None else None
    protest = act is not None and (
        act.plover == "PROTEST" or verb.lemma_.lower() in act.labor_after  # "called off a strike"
    )
    if plover != "CONCEDE" or not protest:
        return []
    for noun in prep_objects(verb, _AFTER_PREPS):
        if noun.lemma_.lower() in talks:
            found = _parties_with(ctx, noun, sources)
            if found:
                return found
    return []


def _parties_with(ctx: DocContext, noun: Token, sources: list[str]) -> list[str]:
    found = [k for p in prep_objects(noun, ("with",)) for k in actors_of(ctx, p)]
    return [k for k in dict.fromkeys(found) if k not in sources]


def offerers(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """Who made the offer or request that a reply with no object answers: the subject of the
    clause it is coordinated with ("X proposed a price, but Y refused") or that it follows ("Y
    agreed after X asked"). Read from the parse, for a proposal that is no event with a source
    of its own ("the Chinese side proposed ..."); coreference._refused answers a proposal coded
    as an event, also from the sentence before."""
    if plover not in REPLY_TYPES or first_child(verb, "dobj", "xcomp", "ccomp") is not None:
        return []
    offers = knowledge.event_lexicon().offer_verbs
    asked = [verb.head] if verb.dep_ == "conj" else []
    asked += [c for c in verb.children if c.dep_ == "advcl"]
    for other in asked:
        if other.pos_ != "VERB" or other.lemma_.lower() not in offers:
            continue
        if found := _subject_side(ctx, other, sources):
            return found
    return []


def answerers(ctx: DocContext, verb: Token, plover: str, sources: list[str]) -> list[str]:
    """Whom an offer with no addressee was made to: the subject of a bare refusal or acceptance
    coordinated with it ("the Chinese side proposed a price, but the European side refused") or
    that it follows ("Y refused after X proposed"). The reverse of `offerers`; an offer is
    PLOVER's AGREE, made to whoever answers it."""
    lex = knowledge.event_lexicon()
    if plover != "AGREE" or verb.lemma_.lower() not in lex.offer_verbs:
        return []
    replies = [c for c in verb.children if c.dep_ == "conj"]
    replies += [verb.head] if verb.dep_ == "advcl" else []
    for reply in replies:
        pats = lex.verbs.get(reply.lemma_.lower(), ())
        if reply.pos_ != "VERB" or not any(p.plover in REPLY_TYPES for p in pats):
            continue
        if first_child(reply, "dobj", "xcomp", "ccomp") is not None:
            continue  # "but Y refused to pay": a refusal of its own, not an answer
        if found := _subject_side(ctx, reply, sources):
            return found
    return []


def _subject_side(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """The actors a verb's subject names other than the sources, or the state a side noun's
    demonym names ("the Chinese side")."""
    subj, _ = subject_of(verb)
    found = [k for k in actors_of(ctx, subj) if k not in sources]
    owner = None if found else demonym_owner(ctx, subj, sources)
    return found + ([owner] if owner else [])


def named_sides(
    ctx: DocContext, verb: Token, dobj: Token | None, plover: str, sources: list[str]
) -> list[str]:
    """The actors that the act asked for, backed or opposed names as its sides, read from the
    verb's object and prepositional objects and the phrases hung on them."""
    if plover not in AGAINST_TYPES and plover not in SIDES_TYPES:
        return []
    level = [c for c in verb.children if c.dep_ == "prep" and c.lower_ != "by"]
    level += [dobj] if dobj is not None else []
    for _ in range(2 * _MAX_STEPS + 2):  # a preposition and its object are two levels
        nxt: list[Token] = []
        for t in level:
            if t.dep_ != "prep":
                nxt.extend(c for c in t.children if c.dep_ in ("prep", "conj"))
                continue
            found = _sides_of(ctx, t, plover, sources)
            if found:
                return found
            nxt.extend(c for c in t.children if c.dep_ == "pobj")
        level = nxt
    return []


def _sides_of(ctx: DocContext, prep: Token, plover: str, sources: list[str]) -> list[str]:
    word = prep.lower_
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs or word not in ("against", "between", "among"):
        return []
    if word == "against" and plover not in AGAINST_TYPES:
        return []
    if word != "against" and plover not in SIDES_TYPES:
        return []
    found = actors_of(ctx, objs[0])
    named = [c for c in _conjuncts(objs[0]) if actors_of(ctx, c) or ctx.links.place[c.i]]
    if word != "against" and len(named) < len(_conjuncts(objs[0])):
        return []  # "a link between the attack and Iran": not every side is named
    return [k for k in found if k not in sources]


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for t in out:
        out.extend(c for c in t.children if c.dep_ == "conj")
    return out
