"""Who speaks: the speaker's words in the text (a span) and, when known, the actor they name.

A speaker is the subject of a cue ("the newspaper wrote", "he said", "most tax experts agree"),
the object of "according to", or the name before a colon. Its span is the noun phrase as written,
so a pronoun speaker can be checked against the text; its actor is what the phrase resolves to:
a named actor, a pronoun's antecedent, or for a definite common noun ("the group") the actor of
that kind named before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extract.mentions import actors_of, resolve_pronoun
from app.extract.statements.lexicon import cues

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# Modifiers that belong to a speaker's noun phrase ("the Republican presidential nominee").
_NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "case"})
_NOT_SPEAKER_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)
SOURCE_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "who", "it", "you"})
_LOOKBACK = 400  # tokens searched back for the actor a definite noun stands for


@dataclass
class Speaker:
    key: str | None = None  # actor key
    start: int | None = None  # character span of the speaker's words
    end: int | None = None

    @property
    def found(self) -> bool:
        return self.key is not None or self.start is not None


def phrase_span(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by `tok`, without clauses or appositions."""
    left = tok
    for child in tok.lefts:
        if child.dep_ in _NP_DEPS:
            left = child.left_edge if child.left_edge.i < left.i else left
    right = tok
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") and child.i == right.i + 1:
            right = child
    return left.idx, right.idx + len(right.text)


def subject_of(verb: Token) -> Token | None:
    """The subject of a cue verb, borrowed from the governing verb for "saying"/"and said"."""
    cur = verb
    for _ in range(3):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj
        agent = next((c for c in cur.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if cur.dep_ not in ("conj", "xcomp", "advcl") or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def looks_like_source(ctx: DocContext, tok: Token) -> bool:
    """Could this subject be a source of speech: an actor, a pronoun, a name or a source noun?"""
    if ctx.links.actor[tok.i] or tok.lower_ in SOURCE_PRONOUNS:
        return True
    if tok.pos_ == "PROPN" and tok.ent_type_ not in _NOT_SPEAKER_ENTS:
        return True
    return tok.lemma_.lower() in cues().source_nouns or tok.lower_ in cues().source_nouns


def speaker_of_token(ctx: DocContext, tok: Token) -> Speaker:
    start, end = phrase_span(tok)
    key = refer_back(ctx, tok) if tok.pos_ == "NOUN" else None
    if key is None:
        keys = actors_of(ctx, tok)
        key = keys[0] if keys else None
    if key is None and tok.pos_ == "PROPN" and tok.ent_type_ not in _NOT_SPEAKER_ENTS:
        key = _unrecognised(ctx, tok)
    if key is None and tok.pos_ == "NOUN":
        key = _owner(ctx, tok)
    return Speaker(key, start, end)


def speaker_of_verb(ctx: DocContext, verb: Token) -> Speaker:
    subj = subject_of(verb)
    if subj is None or subj.ent_type_ in _NOT_SPEAKER_ENTS:
        return Speaker()
    if subj.lower_ in ("it", "there", "that", "this", "which") and subj.dep_ == "nsubj":
        # "it" is a speaker only when it stands for an organisation
        key = resolve_pronoun(ctx, subj) if subj.lower_ == "it" else None
        return Speaker(key, subj.idx, subj.idx + len(subj.text)) if key else Speaker()
    return speaker_of_token(ctx, subj)


def _owner(ctx: DocContext, tok: Token) -> str | None:
    """ "her campaign announced": the actor a possessive pronoun stands for."""
    for child in tok.children:
        if child.dep_ == "poss" and child.pos_ == "PRON":
            return resolve_pronoun(ctx, child)
    return None


def refer_back(ctx: DocContext, tok: Token) -> str | None:
    """The actor a definite noun such as "the group" or "the newspaper" stands for: an actor of a
    fitting kind named before it, preferring one whose own name holds the noun."""
    kinds = cues().referring.get(tok.lemma_.lower())
    if not kinds or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
        return None
    if any(c.dep_ in ("compound", "amod", "poss") for c in tok.children):
        return None  # "the Republican party", "the Trump campaign": named, not referring back
    lemma = tok.lemma_.lower()
    seen: list[str] = []
    for i in range(tok.i - 1, max(-1, tok.i - _LOOKBACK), -1):
        key = ctx.links.actor[i]
        if key and ctx.doc[i].pos_ not in ("PROPN", "NOUN"):
            continue
        if key and key not in seen:
            seen.append(key)
    for key in seen:  # "the Islamic State group", "the Trump campaign"
        if any(lemma in alias.lower().split() for alias in ctx.actors.by_key[key].aliases):
            return key
    for kind in kinds:
        for key in seen:
            if _fits(ctx, key, kind):
                return key
    return None


def _fits(ctx: DocContext, key: str, kind: str) -> bool:
    if kind == "media":
        return key in ctx.actors.media
    if key in ctx.actors.media:
        return False
    rec = ctx.actors.by_key[key]
    if rec.kind != kind:
        return False
    # an intergovernmental body is an organisation but not "the group"
    return not (kind == "organization" and (rec.code or "").startswith("IGO"))


def _unrecognised(ctx: DocContext, subj: Token) -> str | None:
    """A proper-noun subject that NER missed ("Badrakhan said"): a person named in passing."""
    toks = [c for c in subj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [subj]
    if len(toks) > 4 or ctx.links.place[subj.i] or any(t.is_stop for t in toks):
        return None
    if subj.ent_type_ == "ORG":
        return None
    from app.extract.actors import person_actor

    start, end = toks[0].i, toks[-1].i + 1
    key = person_actor(ctx, start, end)
    ctx.mention_actor(key, start, end)
    return key
