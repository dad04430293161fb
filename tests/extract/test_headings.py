"""Section headings become sentences of their own (app/extract/headings.py), and sentences that
only look like one keep their words together. Sentence spans still slice the text as given."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.extract import Extraction

SPLIT = [
    (
        "Votes were still being counted on Sunday. Election tension Observers in Lusaka said "
        "the count was slow.",
        "Election tension",
    ),
    (
        "The two ministers signed the customs pact. Border cooperation Economists expect trade "
        "across the river to grow.",
        "Border cooperation",
    ),
    (
        "Police fired on a crowd in Kabwe. Condemnation Lawmakers have demanded an inquiry.",
        "Condemnation",
    ),
    ("Floods cut the road to Beira. Donor talks Since March, Japan has sent aid.", "Donor talks"),
]

KEPT = [
    "Former top European Union official Anna Lindqvist said the talks would resume.",
    "Immigration Minister Ali Kaya said it would cut arrivals.",
    "He told The Standard that the talks had failed.",
    "Doctors Without Borders said it would leave the camp.",
    "The case went before The Hague court in June.",
    'Aid groups said Wednesday "The border must open now."',
]


def _sentences(ex: Extraction, text: str) -> list[str]:
    return [text[s.start : s.end] for s in ex.sentences]


@pytest.mark.parametrize(("text", "heading"), SPLIT)
def test_a_heading_run_into_a_sentence_is_a_sentence(
    run: Callable[..., Extraction], text: str, heading: str
) -> None:
    assert heading in _sentences(run(text), text)


@pytest.mark.parametrize("text", KEPT)
def test_a_sentence_that_looks_like_a_heading_stays_whole(
    run: Callable[..., Extraction], text: str
) -> None:
    assert _sentences(run(text), text) == [text]
