"""Statements: who said what, in whole quotes and in reported speech, with the speaker as written
in the text (a span) and the actor it names.

Steps: quotes are paired and joined into units (`quotes`), attributed through speech cues
(`direct`); reported speech is read from cue verbs, "according to", cue nouns and "Name:" lines
(`reported`); quoted fragments merge into the reported clause around them (`assemble`); speech-act
events and statements are linked (`links`). The cue lexicon is data (`lexicon`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.symbols import NOUN, VERB

from app.extract.statements.assemble import merge, to_record
from app.extract.statements.direct import DOCUMENT_NOUNS, find_direct
from app.extract.statements.lexicon import cues
from app.extract.statements.links import link_events
from app.extract.statements.quotes import quote_spans
from app.extract.statements.reported import (
    find_according_to,
    find_colon_lines,
    find_nouns,
    find_verbs,
)
from app.extract.statements.speakers import speaker_of_verb

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext

__all__ = ["find_statements", "quote_spans"]


def _record_document_authors(ctx: DocContext) -> None:
    """Remember who issued a statement ("Hamas said in a statement") for a later "according to
    the statement"."""
    t = ctx.table  # only the tokens the tests below can take
    reporting = t.lemma_lower_in(cues().reporting, t.pos_in(VERB))
    for i in t.where(reporting | t.lemma_lower_in(DOCUMENT_NOUNS, t.pos_in(NOUN))):
        tok = ctx.doc[i]
        if tok.pos_ == "VERB" and tok.lemma_.lower() in cues().reporting:
            for prep in tok.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ in ("in", "through", "via")
                    and any(p.lemma_.lower() in DOCUMENT_NOUNS for p in prep.children)
                ):
                    key = speaker_of_verb(ctx, tok).key
                    if key:
                        ctx.statement_authors.append((tok.i, key))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
            for c in tok.children:
                key = ctx.links.actor[c.i]
                if c.dep_ == "poss" and key:
                    ctx.statement_authors.append((tok.i, key))


def find_statements(ctx: DocContext, norm_text: str) -> None:
    _record_document_authors(ctx)
    direct = find_direct(ctx, norm_text)
    reported = (
        find_verbs(ctx)
        + find_according_to(ctx)
        + find_nouns(ctx)
        + find_colon_lines(ctx, norm_text)
    )
    found = merge(ctx, direct, reported)
    records = [to_record(ctx, f) for f in found]
    link_events(ctx, found, records)
    ctx.statements.extend(records)
