"""The speed shortcuts give what the plain computation they replace gives."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.symbols import NOUN
from spacy.tokens import Token

from app.extract import ArticleInput, knowledge
from app.extract.actors.agent_phrases import agent_term
from app.extract.context import DocContext
from app.extract.nlp import get_nlp
from app.extract.statements.quotes import has_words, word_count

TEXT = (
    "The harbour police of Velmora said on Friday that two customs officers had seized a "
    "tanker's papers. Fishermen's unions in the port, who met the mayor's deputies, called "
    "the inspections \u201can act of spite by the ministry.\u201d"
)


@pytest.fixture(scope="module")
def ctx() -> DocContext:
    article = ArticleInput(text=TEXT, date=dt.date(2024, 5, 3))
    return DocContext.create(article, get_nlp()(TEXT), text=TEXT)


@pytest.mark.parametrize(
    "text", ["", "  ", "one", "one two", "it's well-known, isn't it", "a b c d", TEXT]
)
@pytest.mark.parametrize("n", [1, 2, 3, 4, 31])
def test_has_words_is_a_word_count_bound(text: str, n: int) -> None:
    assert has_words(text, n) == (word_count(text) >= n)


def test_span_text_is_the_spans_text(ctx: DocContext) -> None:
    doc = ctx.doc
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert ctx.span_text(start, end) == doc[start:end].text


def test_ents_are_the_docs(ctx: DocContext) -> None:
    assert [(e.start, e.end, e.label_) for e in ctx.ents] == [
        (e.start, e.end, e.label_) for e in ctx.doc.ents
    ]


def test_lemma_lower_in_is_a_token_by_token_test(ctx: DocContext) -> None:
    table = ctx.table
    nouns = table.pos_in(NOUN)
    words = {"officer", "union", "inspection", "paper", "deputy"}
    got = table.where(table.lemma_lower_in(words, nouns))
    want = [t.i for t in ctx.doc if t.pos == NOUN and t.lemma_.lower() in words]
    assert got == want and want


def _agent_term_in_full(tok: Token) -> knowledge.AgentTerm | None:
    """agent_term without its last-word shortcut."""
    lex = knowledge.agents()
    lemma = tok.lemma_.lower()
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        for key in (
            f"{prev.lemma_.lower()} {lemma}",
            f"{prev.lower_} {tok.lower_}",
            f"{prev.lower_} {lemma}",
        ):
            if lex.get(key):
                return lex[key]
    return lex.get(lemma) or lex.get(tok.lower_)


def test_agent_term_shortcut_turns_away_no_term(ctx: DocContext) -> None:
    found = [agent_term(t) for t in ctx.doc]
    assert found == [_agent_term_in_full(t) for t in ctx.doc]
    assert any(found)  # police, officers, fishermen ...
