"""Reported speech: what a source said, holds, wants or found, in the reporter's words.

- a cue verb with its complement: "Hamas said (it was ready ...)", "Trump urged (supporters to
  watch the polls)", "the poll shows (Clinton ahead)";
- "according to X, ...": the rest of the sentence;
- a cue noun with its content: "Trump's claim (that ...)", "raised questions about (...)";
- a line "Name: ..." (a headline or a transcript): the words after the colon.
The speaker is the cue's subject (or possessor, or the name before the colon); stance verbs and
cue nouns count only when that speaker looks like a source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.symbols import NOUN, VERB

from app.extract.statements.direct import according_to
from app.extract.statements.found import Found
from app.extract.statements.lexicon import cues
from app.extract.statements.quotes import has_words
from app.extract.statements.speakers import (
    Speaker,
    looks_like_source,
    speaker_of_token,
    speaker_of_verb,
    subject_of,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

MIN_WORDS = 3
_STANCE_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd"})
_STANCE_PREPS = frozenset({"for", "about", "against", "on", "of", "over", "as"})
_STRIP = " ,;:.\n\t-–—"
_COLON_LINE = re.compile(r"[^\S\n]*([^:\n]{2,40}?):[^\S\n]+(?=\S)")
_MAX_NAME_TOKENS = 5
_THAT_WINDOW = 8  # tokens between a reporting verb and a misattached "that"


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _content(ctx: DocContext, children: list[Token]) -> tuple[int, int] | None:
    """Character span of the complements, trimmed of punctuation; None when under three words."""
    return _trim(ctx, [t for c in children for t in c.subtree])


def _trim(ctx: DocContext, toks: list[Token]) -> tuple[int, int] | None:
    if not toks:
        return None
    start, end = _span_of(toks)
    raw = ctx.article.text[start:end]
    text = raw.strip(_STRIP)
    if not has_words(text, MIN_WORDS):
        return None
    start += len(raw) - len(raw.lstrip(_STRIP))
    return start, start + len(text)


def _complements(verb: Token, lemma: str) -> list[Token]:
    c = cues()
    kids = [k for k in verb.children if k.dep_ == "ccomp"]
    if lemma in c.reporting and kids:
        return kids
    if lemma not in c.stance and lemma not in c.evidence:
        return []
    right = [
        k
        for k in verb.rights
        if k.dep_ in _STANCE_DEPS or (k.dep_ == "prep" and k.lower_ in _STANCE_PREPS)
    ]
    return right or kids


def _parataxis_content(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """ "The talks, he said, were useful": the clause the parenthetical cue sits in."""
    head = verb.head
    cue = {x.i for x in verb.subtree}  # once, not once per token of the head's subtree
    toks = [t for t in head.subtree if t.i not in cue]
    toks = [t for t in toks if ctx.sent_of[t.i] == ctx.sent_of[verb.i]]
    if not toks:
        return None
    start, end = _span_of(toks)
    raw = ctx.article.text[start:end]
    text = raw.strip(_STRIP)
    if not has_words(text, MIN_WORDS):
        return None
    start += len(raw) - len(raw.lstrip(_STRIP))
    return start, start + len(text)


def _that_clause_after(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """ "tweeted in the early hours that ...", misparsed: "that" and the rest of the sentence."""
    sent = ctx.sents[ctx.sent_of[verb.i]]
    for t in ctx.doc[verb.i + 1 : min(sent.end, verb.i + _THAT_WINDOW)]:
        if t.pos_ == "VERB" or t.is_punct:
            return None
        if t.lower_ == "that":
            rest = [x for x in ctx.doc[t.i : sent.end] if not x.is_space]
            return _trim(ctx, rest)
    return None


def find_verbs(ctx: DocContext) -> list[Found]:
    c = cues()
    out: list[Found] = []
    t = ctx.table  # only the verbs with a cue's lemma (the test below, read from the table)
    for i in t.where(t.lemma_lower_in(c.reporting | c.stance | c.evidence, t.pos_in(VERB))):
        tok = ctx.doc[i]
        if ctx.quote_at(tok.idx) is not None:
            continue
        lemma = tok.lemma_.lower()
        if lemma not in c.reporting and lemma not in c.stance and lemma not in c.evidence:
            continue
        span = None
        kids = _complements(tok, lemma)
        if kids:
            span = _content(ctx, kids)
        elif tok.dep_ == "parataxis" and lemma in c.speech:
            span = _parataxis_content(ctx, tok)
        elif lemma in c.reporting:
            span = _that_clause_after(ctx, tok)
        if span is None:
            continue
        if lemma not in c.reporting or not any(k.dep_ == "ccomp" for k in kids):
            subj = subject_of(tok)
            if subj is None or not looks_like_source(ctx, subj):
                continue
        out.append(Found(span[0], span[1], "indirect", tok, speaker=speaker_of_verb(ctx, tok)))
    return out


def find_according_to(ctx: DocContext) -> list[Found]:
    """ "According to X, ..." outside quotes: the rest of the sentence is X's statement."""
    out = []
    for i in ctx.table.where(ctx.table.lower_in(["according"])):
        tok = ctx.doc[i]
        if not any(c.lower_ == "to" for c in tok.children):
            continue
        if ctx.quote_at(tok.idx) is not None:
            continue
        sent = ctx.sents[ctx.sent_of[tok.i]]
        phrase = list(tok.subtree)
        p0, p1 = phrase[0].i, phrase[-1].i
        rest = [t for t in sent if (t.i < p0 or t.i > p1) and not t.is_space]
        while rest and rest[0].is_punct:
            rest.pop(0)
        while rest and rest[-1].is_punct:
            rest.pop()
        if len(rest) < MIN_WORDS:
            continue
        start, end = _span_of(rest)
        out.append(Found(start, end, "indirect", tok, speaker=according_to(ctx, tok)))
    return out


def _noun_speaker(ctx: DocContext, noun: Token) -> Speaker:
    for child in noun.children:
        if child.dep_ == "poss":
            return speaker_of_token(ctx, child)
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
            if pobj is not None and looks_like_source(ctx, pobj):
                return speaker_of_token(ctx, pobj)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if noun.dep_ in ("dobj", "pobj") and head.pos_ == "VERB":
        subj = subject_of(head)
        if subj is not None and looks_like_source(ctx, subj):
            return speaker_of_token(ctx, subj)
    return Speaker()


def find_nouns(ctx: DocContext) -> list[Found]:
    c = cues()
    out = []
    t = ctx.table  # only the nouns with a cue's lemma (the test below, read from the table)
    for i in t.where(t.lemma_lower_in(c.nouns, t.pos_in(NOUN))):
        tok = ctx.doc[i]
        if tok.lemma_.lower() not in c.nouns:
            continue
        if ctx.quote_at(tok.idx) is not None:
            continue
        kids = [
            k
            for k in tok.rights
            if (k.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in k.children))
            or (k.dep_ == "prep" and k.lower_ in c.noun_preps)
        ]
        if not kids:
            continue
        span = _content(ctx, kids)
        if span is None:
            continue
        speaker = _noun_speaker(ctx, tok)
        if not speaker.found:
            continue
        out.append(Found(span[0], span[1], "indirect", tok, speaker=speaker))
    return out


def find_colon_lines(ctx: DocContext, norm_text: str) -> list[Found]:
    """ "Pence: ..." at the start of a line (a headline or a transcript turn)."""
    out = []
    pos = 0
    for line in norm_text.split("\n"):
        m = _COLON_LINE.match(line)
        if m:
            name = ctx.doc.char_span(pos + m.start(1), pos + m.end(1), alignment_mode="expand")
            rest = line[m.end() :].rstrip()
            if name is not None and _is_name(ctx, name) and has_words(rest, MIN_WORDS):
                start = pos + m.end()
                end = start + len(rest)
                head = name.root
                spk = speaker_of_token(ctx, head)
                spk.start, spk.end = name.start_char, name.end_char
                out.append(Found(start, end, "indirect", None, ":", speaker=spk))
        pos += len(line) + 1
    return out


def _is_name(ctx: DocContext, name: Span) -> bool:
    toks = [t for t in name if not t.is_punct]
    if not toks or len(toks) > _MAX_NAME_TOKENS:
        return False
    if any(ctx.links.place[t.i] for t in toks) and not any(ctx.links.actor[t.i] for t in toks):
        return False
    if not any(t.pos_ == "PROPN" or ctx.links.actor[t.i] for t in toks):
        return False
    return all(t.text[:1].isupper() for t in toks if t.is_alpha and t.lower_ not in ("of", "the"))
