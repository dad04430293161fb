"""Direct quotes: each quote unit attributed through the nearest speech cue around it.

The cue is looked for in the sentences the quote touches (outside the quoted words), then in a
short sentence right after it ('"..." he said.'), then in a sentence ending in a colon right
before it. A quote paragraph with no cue that follows a quoted speaker's paragraph continues that
speaker's words and joins that statement. Otherwise the quote keeps no speaker: never a guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.symbols import VERB

from app.extract.statements.found import Found
from app.extract.statements.lexicon import cues
from app.extract.statements.quotes import (
    QuoteUnit,
    has_words,
    is_name_or_title,
    join_units,
    whole_sentence,
)
from app.extract.statements.speakers import Speaker, speaker_of_token, speaker_of_verb

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

MIN_WORDS = 3  # shorter quotes are statements only when they are a whole sentence
_SHORT_SENT = 12  # tokens: '"...," the minister said on Tuesday.'


def _inside(unit: QuoteUnit, char: int) -> bool:
    return any(a - 1 <= char < b + 1 for a, b in unit.parts)


def verb_cues(ctx: DocContext, span: Span, unit: QuoteUnit) -> list[Token]:
    """The speech verbs and "according (to)" of `span` outside the quote's words."""
    table, doc = ctx.table, ctx.doc
    # the verbs and "according", picked from the token array, not from a Token per token
    maybe = table.pos_in(VERB) | table.lower_in(("according",))
    out = []
    for i in table.where(maybe[span.start : span.end]):
        tok = doc[span.start + i]
        if _inside(unit, tok.idx):
            continue
        speech = tok.pos_ == "VERB" and tok.lemma_.lower() in cues().speech
        if speech or (tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)):
            out.append(tok)
    return out


def according_to(ctx: DocContext, tok: Token) -> Speaker:
    """Speaker named by "according to X" (tok is "according"); "the statement" points back to
    whoever issued a statement earlier in the article."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return Speaker()
    spk = speaker_of_token(ctx, pobj)
    if spk.key is None and pobj.lemma_.lower() in DOCUMENT_NOUNS:
        earlier = [k for i, k in ctx.statement_authors if i < tok.i]
        if earlier:
            spk.key = earlier[-1]
    return spk


DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "release",
        "report",
        "interview",
        "tweet",
        "post",
        "letter",
        "speech",
        "declaration",
        "announcement",
        "message",
        "video",
        "briefing",
    }
)


def cue_speaker(ctx: DocContext, tok: Token) -> Speaker:
    if tok.lower_ == "according":
        return according_to(ctx, tok)
    return speaker_of_verb(ctx, tok)


def _cue_for(ctx: DocContext, unit: QuoteUnit, norm_text: str) -> Token | None:
    doc = ctx.doc
    first = doc.char_span(unit.start, unit.end, alignment_mode="expand")
    if first is None or len(first) == 0:
        return None
    s_from, s_to = ctx.sent_of[first.start], ctx.sent_of[first.end - 1]
    found = verb_cues(ctx, doc[ctx.sents[s_from].start : ctx.sents[s_to].end], unit)
    if not found and s_to + 1 < len(ctx.sents):
        after = unit.end + 1
        while after < len(norm_text) and norm_text[after] in " ,.":
            after += 1
        nxt = ctx.sents[s_to + 1]
        if nxt.start_char <= after + 1 and len(nxt) <= _SHORT_SENT:
            found = verb_cues(ctx, nxt, unit)
    if not found and s_from > 0:
        prev = ctx.sents[s_from - 1]
        if prev.text.rstrip().endswith(":") and unit.start - prev.end_char <= 3:
            found = verb_cues(ctx, prev, unit)
    if not found:
        return None
    return min(found, key=lambda c: min(abs(c.idx - unit.start), abs(c.idx - unit.end)))


def _opens_paragraph(norm_text: str, unit: QuoteUnit) -> bool:
    i = unit.start - 2
    while i >= 0 and norm_text[i] in " \t":
        i -= 1
    return i < 0 or norm_text[i] == "\n"


def find_direct(ctx: DocContext, norm_text: str) -> list[Found]:
    out: list[Found] = []
    last_person: Speaker | None = None  # the person quoted last: who "he said" most likely means
    prev: Found | None = None
    for unit in join_units(ctx, norm_text):
        text = norm_text[unit.start : unit.end]
        if not has_words(text, MIN_WORDS) and not whole_sentence(text):
            continue  # a quoted word or phrase: part of the reported clause around it, if any
        if is_name_or_title(ctx, norm_text, unit.start, unit.end):
            continue
        cue = _cue_for(ctx, unit, norm_text)
        speaker = cue_speaker(ctx, cue) if cue is not None else Speaker()
        if (
            cue is not None
            and speaker.key is None
            and speaker.start is not None
            and speaker.end is not None
        ):
            subj = ctx.doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
            if subj is not None and subj.root.lower_ in ("he", "she") and last_person is not None:
                speaker.key = last_person.key
        if (
            cue is None
            and prev is not None
            and prev.speaker.found
            and _opens_paragraph(norm_text, unit)
            and not has_words(norm_text[prev.end : unit.start], _SHORT_SENT + 1)
        ):
            # a quote paragraph that goes on with the last speaker's words: the same statement
            prev.end = unit.end
            prev.parts.extend(unit.parts)
            continue
        if speaker.key is not None and ctx.kind_of(speaker.key) == "person":
            last_person = speaker
        found = Found(unit.start, unit.end, "direct", cue, speaker=speaker, parts=list(unit.parts))
        out.append(found)
        prev = found
    return out
