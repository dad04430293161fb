"""The party a lawyer speaks for: "the counsel for the airline wrote that her client owes no
refund": in the lawyer's words "her client" is the airline, the one whose lawyer the speaker
is. Walks up from the noun to the clause that reports the lawyer's words; nothing else is
searched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_REPORTED = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "conj", "advcl", "dobj", "pobj"})


def represented_party(ctx: DocContext, noun: Token) -> str | None:
    """The actor "his/her/their client" stands for: the one whose counsel says the clause
    ("X's lawyer said", "Y, X's lawyer, wrote", "the lawyer for X told"), if that one is an
    actor. None for any other noun or when no lawyer speaks."""
    words = knowledge.actor_words()
    if noun.lower_ not in words.represented_nouns:
        return None
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
        return None  # "the firm's client", "a client" are somebody else
    cur = noun
    for _ in range(6):
        if cur.dep_ not in _REPORTED or cur.head.i == cur.i:
            return None
        cur = cur.head
        speaker = next((c for c in cur.children if c.dep_ == "nsubj" and c.i < noun.i), None)
        party = _client_of(ctx, speaker, words.counsel_nouns) if speaker is not None else None
        if party is not None:
            return party
    return None


def _client_of(ctx: DocContext, speaker: Token, counsel: frozenset[str]) -> str | None:
    for tok in (speaker, *(c for c in speaker.children if c.dep_ == "appos")):
        if tok.lemma_.lower() not in counsel:
            continue
        # "X's lawyer", "the lawyer for X"
        owners = [c for c in tok.children if c.dep_ == "poss"] + [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
        ]
        for c in owners:
            key = ctx.links.actor[c.i] if c.dep_ in ("poss", "pobj") else None
            if key is not None:
                return key
    return None
