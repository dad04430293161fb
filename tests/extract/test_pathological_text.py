"""Hostile text shapes: what the parser is given is bounded (no word or sentence long enough to
make a step quadratic), offsets stay valid, and quotes are still attributed as before.
Time and memory against length are measured by bench/pathological.py, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from app.extract.nlp import (
    MAX_PARSE_TOKENS,
    MAX_RUN,
    MAX_SENTENCE_TOKENS,
    cap_sentences,
    get_nlp,
    normalize_text,
    parse,
)
from app.extract.records import Extraction

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

SHAPES = {
    "quote run": 'Hamas said "' + '"' * 3000 + " today.",
    "bracket run": "(Hamas" * 600,
    "no punctuation": " ".join(["word"] * 1500),
    "long word": "x" * 5000,
}


@pytest.mark.parametrize("shape", SHAPES)
def test_parser_input_has_no_long_words_and_keeps_offsets(shape: str) -> None:
    text = SHAPES[shape]
    norm = normalize_text(text)
    assert len(norm) == len(text)
    assert max(len(w) for w in norm.split()) <= MAX_RUN


def test_runs_of_one_mark_are_hollowed_not_tokenised_one_by_one(nlp_loaded: None) -> None:
    doc = get_nlp().make_doc(normalize_text(SHAPES["quote run"]))
    assert len(doc) < 20, len(doc)


@pytest.mark.parametrize("shape", ["bracket run", "no punctuation"])
def test_sentences_are_capped(nlp_loaded: None, shape: str) -> None:
    doc = get_nlp()(normalize_text(SHAPES[shape]))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


def test_real_sentences_are_left_to_the_parser(nlp_loaded: None) -> None:
    doc = get_nlp()(normalize_text("Hamas met Egypt in Cairo. Fatah met Qatar on Monday."))
    assert [s.text for s in doc.sents] == [
        "Hamas met Egypt in Cairo.",
        "Fatah met Qatar on Monday.",
    ]


def test_many_quotes_in_one_sentence_keep_their_speaker(run: Callable[..., Extraction]) -> None:
    # 400 quotes with a speech cue between each pair: every quote is still attributed, and the
    # offsets point into the text as given.
    text = "Hamas said " + " and then said ".join(f'"we want talks number {i}"' for i in range(400))
    out = run(text + ".")
    direct = [s for s in out.statements if s.kind == "direct"]
    assert len(direct) == 400
    assert all(text[s.start : s.end] == s.text for s in direct)
    assert direct[0].speaker is not None and direct[0].cue == "said"


# --- work linear in the text (measured in tokens handled, not in seconds) ------------------

QUOTED_WORDS = "Hamas said " + '"a" ' * 15_000  # 45,000 tokens in 60,000 characters
SPACED_BRACKETS = "(Hamas " * 9_000  # 18,000 tokens


class _CountingNlp:
    """Stands in for the pipeline in `parse`: tokenises for real, records the size of every doc
    the statistical components would be given, and returns it unparsed."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def make_doc(self, text: str) -> Doc:
        return get_nlp().make_doc(text)

    def __call__(self, doc: Doc | str) -> Doc:
        doc = self.make_doc(doc) if isinstance(doc, str) else doc
        self.sizes.append(len(doc))
        return doc


@pytest.mark.parametrize("text", [QUOTED_WORDS, SPACED_BRACKETS], ids=["quoted", "brackets"])
def test_long_texts_are_parsed_in_bounded_pieces_each_token_once(
    nlp_loaded: None, text: str
) -> None:
    norm = normalize_text(text)
    counting = _CountingNlp()
    doc = parse(counting, norm)  # type: ignore[arg-type]
    # Memory of the models follows the largest piece, not the text; the work is each token once.
    assert max(counting.sizes) <= MAX_PARSE_TOKENS
    assert sum(counting.sizes) == len(counting.make_doc(norm)) == len(doc)
    assert doc.text == norm, "same text, so every offset is unchanged"


def test_pieces_end_after_a_sentence_end(nlp_loaded: None) -> None:
    sentence = "Hamas met Egypt in Cairo on Monday. "
    norm = normalize_text(sentence * 1_500)
    counting = _CountingNlp()
    parse(counting, norm)  # type: ignore[arg-type]
    doc = counting.make_doc(norm)
    end = 0
    for size in counting.sizes[:-1]:
        end += size
        assert doc[end - 1].text == "."


def test_the_sentence_cap_is_one_pass_over_a_text_the_old_cap_took_hours_on(
    nlp_loaded: None,
) -> None:
    # 150,000 tokens without a sentence end: the cap used to set each token's boundary one by one,
    # each setting rescanning the whole doc (150,000^2 token visits, hours); now one array write.
    doc = get_nlp().make_doc(normalize_text(" ".join(["a"] * 150_000)))
    cap_sentences(doc)
    starts = [t.i for t in doc if t.is_sent_start]
    assert starts == list(range(0, 150_000, MAX_SENTENCE_TOKENS))


def test_quoted_words_extract_in_full(run: Callable[..., Extraction]) -> None:
    # 12,000 tokens of quoted words: parsed in pieces and extracted, offsets into the text given.
    text = "Hamas said " + '"a" ' * 4_000 + "."
    out = run(text)
    assert out.sentences and all(0 <= s.start < s.end <= len(text) for s in out.sentences)
    assert all(text[m.start : m.end] == m.text for m in out.mentions)


def test_thousands_of_names_in_one_text_extract_in_full(run: Callable[..., Extraction]) -> None:
    # 5,000 "(Hamas " mentions: each name that spaCy did not call a place used to be checked
    # against every token of the text (25 million token visits: minutes); one word set now.
    text = "(Hamas " * 5_000
    out = run(text)
    assert out.mentions and all(text[m.start : m.end] == m.text for m in out.mentions)
