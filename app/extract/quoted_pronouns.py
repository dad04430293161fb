"""Pronouns inside a witness's or an official's quotation, for `mentions.resolve_pronoun`: the
quotation's own "they" chains ("they picked out police officers ... At night, they picked out
ten more": the same "they"), a "they" that opens the quotation (the group the sentence
introducing it has as its subject) and "them" after a chain of verbs (the first verb's object:
"picked out ten people and shot them")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.pronoun_kinds import compatible

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from spacy.tokens import Token

    from app.extract.context import DocContext


def shared_object(tok: Token) -> Token | None:
    """The object of the first of two coordinated verbs that "them" takes up in the second:
    "picked out ten people and shot them", "rounded up the men and beat them"."""
    verb = tok.head
    if tok.lower_ != "them" or tok.dep_ != "dobj" or verb.dep_ != "conj":
        return None
    # the first verb of the chain ("picked out X, tied their hands and shot them")
    for _ in range(4):
        if verb.dep_ != "conj" or verb.head.pos_ != "VERB":
            break
        verb = verb.head
    first = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return first if first is not None and first.tag_ in ("NNS", "NNPS") else None


def quoted_antecedent(
    ctx: DocContext,
    tok: Token,
    quote: tuple[int, int],
    resolve: Callable[[Token], str | None],
    exclude: set[str] | None = None,
) -> str | None:
    """Inside a quotation "he" is not the speaker: only an antecedent quoted before it will do,
    the nearest one. A subject pronoun that goes on from the same pronoun as an earlier subject
    stands for what that one stands for, not for an object named in between ("they picked out
    police officers and shot them. At night, they picked out ten more": the same "they").
    `exclude`: actors the pronoun cannot be (whom its own verb's object pronoun stands for)."""
    low = tok.lower_
    subject = tok.dep_ in ("nsubj", "nsubjpass")
    nearest = None
    for i in range(tok.i - 1, -1, -1):
        t = ctx.doc[i]
        if t.idx < quote[0]:
            break
        key = ctx.links.actor[i]
        at_subject = t.dep_ in ("nsubj", "nsubjpass")
        if key and key not in (exclude or ()) and compatible(ctx, key, low):
            nearest = nearest or key
            if at_subject or not subject:
                break
        elif subject and at_subject and t.pos_ == "PRON" and t.lower_ == low:
            return resolve(t)  # what the earlier pronoun stands for
    if nearest is None and subject and low in ("they", "he", "she"):
        return _subject_before_quote(ctx, quote, person=low != "they")
    return nearest


def _subject_before_quote(
    ctx: DocContext, quote: tuple[int, int], *, person: bool = False
) -> str | None:
    """The "they" that opens what a quotation says about others: the group the sentence just
    before the quotation has as its subject ("The strikers blocked the port road. 'Then they
    burned two trucks ...'"). Only a group, never a person (a person would be "he" or "she"),
    and only a sentence outside any quotation. With `person`, the "he" or "she" that opens it:
    the person that sentence is about ("The governor toured the valley. 'She asked Chile for
    planes ...'"), never one who speaks there (the speaker of the quotation would say "I")."""
    opening = ctx.quote_tokens(quote)
    if opening is None:
        return None
    si = ctx.sent_of[opening[0].i]
    if all(t.is_punct for t in ctx.doc[ctx.sents[si].start : opening[0].i]):
        si -= 1  # the quotation opens its sentence: the sentence before introduces it
    if si < 0:
        return None
    found = None
    by_agent = False
    for t in ctx.sents[si]:
        key = ctx.links.actor[t.i]
        if key is None or t.idx >= quote[0] or ctx.quote_at(t.idx) is not None:
            continue
        if (ctx.kind_of(key) == "person") != person:
            continue
        # a passive's agent is its clause's actor ("... could be read by Erdogan as weakness")
        agent = t.dep_ == "pobj" and t.head.dep_ == "agent"
        if t.dep_ not in ("nsubj", "nsubjpass") and not agent:
            continue
        # the main clause's, or what its speaker reports ("they then asked ..., he said")
        verb = t.head.head if agent else t.head
        while agent and verb.dep_ == "conj":
            verb = verb.head  # "drafted by X and approved by Y": both the reported clause's
        if person and verb.lemma_ in knowledge.speech_verbs():
            continue
        if verb.dep_ == "ROOT" or (
            verb.dep_ == "ccomp"
            and verb.head.dep_ == "ROOT"
            and verb.head.lemma_ in knowledge.speech_verbs()
        ):
            if agent and found not in (None, key) or by_agent and key != found:
                return None  # two people, one of them only a passive's agent: ambiguous
            by_agent = by_agent or agent
            found = found or key
    if person and found is not None and _named_after(ctx, quote, found):
        return None  # 'Biden met Xi. "He was frank," Biden said': the speaker is no "he"
    return found


def _named_after(ctx: DocContext, quote: tuple[int, int], key: str) -> bool:
    """The actor is named in the sentence that closes the quotation, after it (as its speaker)."""
    closing = ctx.quote_tokens(quote)
    if closing is None:
        return False
    sent = ctx.sents[ctx.sent_of[closing[-1].i]]
    return any(ctx.links.actor[i] == key for i in range(closing[-1].i + 1, sent.end))
