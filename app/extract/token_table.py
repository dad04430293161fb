"""The parse's per-token attributes as one integer table, so that a loop wanting a few tokens
(the verbs, the capitalised words outside entities, the word "according") finds their indices
at C speed instead of building a spaCy `Token` object for every token of the text.

Read once per parsed text (`DocContext.table`); strings are compared as their hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, IS_TITLE, IS_UPPER, LOWER, POS
from spacy.symbols import IDS

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from numpy.typing import NDArray
    from spacy.tokens import Doc, Token

COLUMNS = (POS, ENT_IOB, IS_TITLE, IS_UPPER, LOWER, IS_SPACE)
_COL = {attr: i for i, attr in enumerate(COLUMNS)}
_INSIDE = (1, 3)  # ENT_IOB of a token in an entity ("I", "B"); 2 is "O", 0 unset


class TokenTable:
    """Columns of `COLUMNS` for every token of one doc; the masks are boolean arrays over the
    tokens, combined with `&` and turned into indices by `where`."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.array: NDArray[np.uint64] = np.asarray(doc.to_array(list(COLUMNS)), dtype=np.uint64)

    def column(self, attr: int) -> NDArray[np.uint64]:
        return self.array[:, _COL[attr]]

    @staticmethod
    def where(mask: NDArray[np.bool_]) -> list[int]:
        """Indices of the tokens where `mask` holds, in order."""
        return [int(i) for i in np.flatnonzero(mask)]

    def with_pos(self, *names: str) -> list[Token]:
        """The tokens whose coarse part of speech is one of `names` ("VERB", "NOUN"), in order."""
        doc = self.doc
        return [doc[i] for i in self.where(self.pos_in(*(IDS[n] for n in names)))]

    def pos_in(self, *pos: int) -> NDArray[np.bool_]:
        return np.isin(self.column(POS), pos)

    def lower_in(self, words: Iterable[str]) -> NDArray[np.bool_]:
        strings = self.doc.vocab.strings
        return np.isin(self.column(LOWER), [strings[w] for w in words])

    def outside_ents(self) -> NDArray[np.bool_]:
        return np.isin(self.column(ENT_IOB), _INSIDE, invert=True)

    def title(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_TITLE) == 1, dtype=np.bool_)

    def upper(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_UPPER) == 1, dtype=np.bool_)

    def space(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_SPACE) == 1, dtype=np.bool_)
