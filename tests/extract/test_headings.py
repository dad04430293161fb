"""Section headings become sentences of their own (app/extract/headings.py), and sentences that
only look like one keep their words together. Sentence spans still slice the text as given."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.extract import Extraction

SPLIT = [
    (
        "The ministers will vote on the gas deal in May. Turkish reluctance Selin Arda, a "
        "researcher in Izmir, said the deal was fragile.",
        "Turkish reluctance",
    ),
    (
        "Talks resumed in Geneva. Pragmatism vs. ideology Analysts suggest Ankara wants a way out.",
        "Pragmatism vs. ideology",
    ),
    (
        "The rebels gave the governor two days. Reaction Officials in Quetta have not answered.",
        "Reaction",
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
