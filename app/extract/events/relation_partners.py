"""Whom a consultation is held with when it names no one met but what it is about: the other
party of the source's own ties. "Okafor will discuss strengthening Nigeria's trade links with
Ghana", "the envoy's trip is meant to deepen cooperation with Chile": Ghana, Chile.

The ties must be the source's own (owned by the source or its country, or owned by no one in a
visit's or talk's purpose): "discussed China's ties with Russia" is talk about others, whose
party met is not said. PLOVER codes the party met as CONSULT's recipient; a meeting of several
sources (two or more actors) is reciprocal and keeps none.

Talks about the source's own trade are held with its trading partner: "is negotiating to import
eggs from Brazil", "talks on selling jets to India" (the goods' origin after an import verb, the
buyer after a sale verb; `trade_from_words`, `trade_to_words` in events.yaml). Someone else's
trade ("discussed Kenya's purchase of jets from France", "talks for Peru to buy wheat from X")
is talk about others and names no party met.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.mentions import actors_of
from app.extract.syntax import first_child, prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "advcl", "prep", "acl", "attr", "acomp"})
_SUBJECTS = ("nsubj", "nsubjpass")


def relation_partners(ctx: DocContext, trigger: Token, sources: list[str]) -> list[str]:
    """The other party of the source's ties that the consultation's content names."""
    if len(sources) != 1:
        return []
    scope = [c for c in trigger.children if c.dep_ in _CONTENT_DEPS]
    if trigger.pos_ == "NOUN" and trigger.dep_ in _SUBJECTS:
        # "the visit is aimed at boosting cooperation with X": what the noun's clause says of it
        scope += [c for c in trigger.head.children if c.dep_ in _CONTENT_DEPS]
    own = _countries(ctx, sources)
    words = knowledge.event_lexicon().relation_nouns
    for top in scope:
        for t in top.subtree:
            if t.lemma_.lower() not in words:
                continue
            poss = first_child(t, "poss")
            owners = actors_of(ctx, poss) if poss is not None else []
            mine = set(owners) & set(sources) or _countries(ctx, owners) & own
            if poss is not None and not mine:
                continue  # someone else's ties
            partners = [
                k
                for p in prep_objects(t, ("with",))
                for k in actors_of(ctx, p)
                if k not in sources and not _countries(ctx, [k]) & own
            ]
            if partners:
                return list(dict.fromkeys(partners))
    return trade_partners(ctx, scope, sources)


def trade_partners(ctx: DocContext, scope: list[Token], sources: list[str]) -> list[str]:
    """The seller the source's talks to import or buy name, or the buyer of its sales."""
    lex = knowledge.event_lexicon()
    own = _countries(ctx, sources)
    for top in scope:
        for t in top.subtree:
            lemma = t.lemma_.lower()
            prep = "from" if lemma in lex.trade_from_words else None
            prep = "to" if lemma in lex.trade_to_words else prep
            if prep is None or not _own_trade(ctx, t, sources):
                continue
            partners = [
                k
                for p in prep_objects(t, (prep,))
                for k in actors_of(ctx, p)
                if k not in sources and not _countries(ctx, [k]) & own
            ]
            if partners:
                return list(dict.fromkeys(partners))
    return []


def _own_trade(ctx: DocContext, t: Token, sources: list[str]) -> bool:
    """A trade word with no trader of its own named (the talks' source trades), or the source's."""
    trader = first_child(t, "poss", *_SUBJECTS)
    if trader is None:
        return True
    owners = actors_of(ctx, trader)
    return bool(owners) and bool(
        set(owners) & set(sources) or _countries(ctx, owners) & _countries(ctx, sources)
    )


def _countries(ctx: DocContext, keys: list[str]) -> set[str]:
    return {c for k in keys if (c := ctx.actors.by_key[k].country)}
