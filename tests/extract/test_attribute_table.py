"""The attribute table gives every token the attributes the model's own attribute ruler gives."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from app.extract.attribute_table import ATTRIBUTE_TABLE_NAME, use_attribute_table
from app.extract.nlp import get_nlp, model_name

# The tag map and the ruler's exceptions: contractions, multi-word rules ("gon na", "y' all"),
# a rule on the token after its first ("let 's"), pronoun case by dependency, "there is",
# auxiliaries, negation, spaces, and an empty text.
TEXTS = [
    "The ministers were not sure that the talks would go on, but they didn't stop.",
    "I ai n't gonna wait , y' all ! Let 's go . Gotta run. C'mon , nothin' is free .",
    "There 's a ferry at the pier. There are two. It was I who saw you and it saw me.",
    "Do n't do that . He does not . Whether or not that is so, they have had enough.",
    "  The council   met \n\n in Lyon\t on Monday .  ",
    "",
]
_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def pipelines() -> tuple[spacy.language.Language, spacy.language.Language]:
    stock = spacy.load(model_name())
    table = spacy.load(model_name())
    use_attribute_table(table)
    return stock, table


def test_the_table_replaces_the_ruler(
    pipelines: tuple[spacy.language.Language, spacy.language.Language],
) -> None:
    _, table = pipelines
    assert ATTRIBUTE_TABLE_NAME in table.pipe_names
    assert "attribute_ruler" not in table.pipe_names
    assert ATTRIBUTE_TABLE_NAME in get_nlp().pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_same_attributes_as_the_ruler(
    pipelines: tuple[spacy.language.Language, spacy.language.Language], text: str
) -> None:
    stock, table = pipelines
    a, b = stock(text), table(text)
    assert np.array_equal(a.to_array(_ATTRS), b.to_array(_ATTRS))
    assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [
        (t.pos_, str(t.morph), t.lemma_) for t in b
    ]


def test_a_ruler_beyond_the_table_is_kept() -> None:
    nlp = spacy.load(model_name())
    # an operator: no fixed run of tokens
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    use_attribute_table(nlp)
    assert "attribute_ruler" in nlp.pipe_names
    assert ATTRIBUTE_TABLE_NAME not in nlp.pipe_names
