"""Which unnamed agents a noun phrase names: the lexicon term of its head noun ("police",
"rights groups"), or of the head with its "of" object ("owners of food stalls"), and the
further countries of a conjoined country modifier ("Kenyan and Ugandan officials")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import agent_actor

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def agent_term(tok: Token) -> knowledge.AgentTerm | None:
    lex = knowledge.agents()
    lemma = tok.lemma_.lower()
    last = knowledge.agent_last_words()
    if lemma not in last and tok.lower_ not in last and " " not in lemma + tok.lower_:
        return None  # no term ends with this word (a term is looked up by its last word)
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        bigram = (
            lex.get(f"{prev.lemma_.lower()} {lemma}")
            or lex.get(f"{prev.lower_} {tok.lower_}")
            or lex.get(f"{prev.lower_} {lemma}")  # "rights groups": not the lemma "right"
        )
        if bigram:
            return bigram
    return lex.get(lemma) or lex.get(tok.lower_)


def of_phrase_term(tok: Token) -> knowledge.AgentTerm | None:
    """ "owners of food stalls and restaurants": a noun that is no agent alone names one with
    the "of" object it owns, read as the compound the lexicon lists ("stall owner")."""
    lex = knowledge.agents()
    lemma = tok.lemma_.lower()
    if lemma not in knowledge.agent_last_words() and " " not in lemma:
        return None  # no term ends with this noun
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and (term := lex.get(f"{obj.lemma_.lower()} {lemma}")):
                    return term
    return None


def mention_sides(ctx: DocContext, tok: Token, country: str | None, code: str) -> None:
    """ "Cameroon and C.A.R. officials met": each further country of a conjunct of the noun's
    country modifier names the same agent of that country, a side of its own (the manual codes
    a meeting with every side as an actor: "Compound and Reciprocal Actors", PLOVER_MANUAL.tex
    l.237-255). The conjunct's token stands for it; `other_sides` reads it back."""
    for mod in tok.lefts:
        if mod.dep_ not in ("amod", "compound", "nmod"):
            continue
        for conj in mod.conjuncts:
            if conj.i > tok.i or conj.dep_ != "conj":
                continue
            place = ctx.links.place[conj.i]
            other = ctx.places.by_key[place].country if place is not None else None
            if other is None and (named := knowledge.country_of(conj.text)):
                other = named.alpha3
            if other and other != country and other in knowledge.countries().by_code:
                ctx.mention_actor(agent_actor(ctx, other, code), conj.i, conj.i + 1, alias=False)


def other_sides(ctx: DocContext, tok: Token, key: str | None) -> list[Token]:
    """ "Kenyan and Ugandan officials": the conjunct of the country modifier names the same
    kind of agent of another country (`mention_sides`), a side of its own."""
    code = ctx.actors.by_key[key].code if key and ctx.kind_of(key) == "agent" else None
    return [
        conj
        for mod in tok.lefts
        if code and mod.dep_ in ("amod", "compound", "nmod")
        for conj in mod.conjuncts
        if (other := ctx.links.actor[conj.i]) not in (None, key)
        and (ctx.actors.by_key[other].code or "")[3:] == code[3:]
    ]
