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

_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "acl", "attr", "acomp"})
_SUBJECTS = ("nsubj", "nsubjpass")


def relation_partners(ctx: DocContext, trigger: Token, sources: list[str]) -> list[str]:
    """The other party of the source's ties that the consultation's content names."""
    if len(sources) != 1:
        return []
    scope = _topics(trigger)
    if trigger.pos_ == "NOUN" and trigger.dep_ in _SUBJECTS:
        # "the visit is aimed at boosting cooperation with X": what the noun's clause says of it
        scope += _topics(trigger.head)
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
            if prep is None or not _own_trade(ctx, t, top, sources):
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


def _topics(head: Token) -> list[Token]:
    """What a consultation is about: its object and complements, a topic preposition ("talks
    on", "aimed at"), a clause of purpose; never a time or cause clause or phrase ("held talks
    ... after Kenya's ties with Somalia collapsed", "on Monday after X stopped importing wheat")."""
    lex = knowledge.event_lexicon()
    out: list[Token] = []
    for c in head.children:
        topic = c.dep_ in _CONTENT_DEPS or (c.dep_ == "prep" and c.lower_ in lex.topic_preps)
        purpose = c.dep_ == "advcl" and not any(
            m.dep_ == "mark" and m.lower_ in lex.circumstance_marks for m in c.children
        )
        if topic or purpose:
            out.append(c)
    return out


def _own_trade(ctx: DocContext, t: Token, top: Token, sources: list[str]) -> bool:
    """No clause between the talks and the trade word names a trader other than the source
    ("talks for Peru to buy wheat", "discussed Kenya's purchase of jets": someone else's)."""
    own = _countries(ctx, sources)
    node = t
    while True:
        for trader in (c for c in node.children if c.dep_ in ("poss", *_SUBJECTS)):
            owners = actors_of(ctx, trader)
            if not (set(owners) & set(sources) or _countries(ctx, owners) & own):
                return False
        if node.i == top.i or node.head.i == node.i:
            return True
        node = node.head


def _countries(ctx: DocContext, keys: list[str]) -> set[str]:
    return {c for k in keys if (c := ctx.actors.by_key[k].country)}
