"""Hostile text shapes: what the parser is given is bounded (no word or sentence long enough to
make a step quadratic), offsets stay valid, and quotes are still attributed as before.
Time and memory against length are measured by bench/pathological.py, not here."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.extract.nlp import MAX_RUN, MAX_SENTENCE_TOKENS, get_nlp, normalize_text
from app.extract.records import Extraction

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
