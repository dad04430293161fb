"""The parse's per-token attributes as one integer table, so that a loop wanting a few tokens
(the verbs, the capitalised words outside entities, the word "according") finds their indices
at C speed instead of building a spaCy `Token` object for every token of the text.

Read once per parsed text (`DocContext.table`); strings are compared as their hashes.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, IS_TITLE, IS_UPPER, LEMMA, LOWER, POS
from spacy.symbols import IDS

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Collection, Iterable, Sequence

    from numpy.typing import NDArray
    from spacy.tokens import Doc, Token

COLUMNS = (POS, ENT_IOB, IS_TITLE, IS_UPPER, LOWER, IS_SPACE)
_COL = {attr: i for i, attr in enumerate(COLUMNS)}
_LOWERED: dict[int, str] = {}  # lemma hash -> lemma lower-cased, across texts
_MAX_LOWERED = 200_000  # emptied when it grows past this (a long-lived worker's vocabulary)
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
        return np.flatnonzero(mask).tolist()

    def with_pos(self, *names: str) -> list[Token]:
        """The tokens whose coarse part of speech is one of `names` ("VERB", "NOUN"), in order."""
        doc = self.doc
        return [doc[i] for i in self.where(self.pos_in(*(IDS[n] for n in names)))]

    def pos_in(self, *pos: int) -> NDArray[np.bool_]:
        return _any_of(self.column(POS), pos)

    def lower_in(self, words: Iterable[str]) -> NDArray[np.bool_]:
        strings = self.doc.vocab.strings
        return _any_of(self.column(LOWER), [strings[w] for w in words])

    def lemma_lower_in(self, words: Collection[str], among: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """The tokens of `among` whose lemma, lower-cased, is one of `words` (`tok.lemma_.lower()
        in words`): each distinct lemma is lower-cased once (and the process keeps those of
        earlier texts: a string's hash is the same in every vocabulary)."""
        lemmas = self._lemmas
        strings = self.doc.vocab.strings
        if len(_LOWERED) > _MAX_LOWERED:
            _LOWERED.clear()
        where = np.flatnonzero(among)
        # each distinct lemma tested once; `inverse` maps it back to its tokens (an `==` per
        # lemma found costs more when many are)
        distinct, inverse = np.unique(lemmas[where], return_inverse=True)
        found = np.zeros(len(distinct), dtype=np.bool_)
        for k, h in enumerate(distinct.tolist()):
            low = _LOWERED.get(h)
            if low is None:
                low = _LOWERED[h] = strings[h].lower()
            found[k] = low in words
        mask = np.zeros(len(lemmas), dtype=np.bool_)
        mask[where[found[inverse]]] = True
        return mask

    @functools.cached_property
    def _lemmas(self) -> NDArray[np.uint64]:
        # not a column of `array`: the table is also read before the lemmatizer has run
        return np.asarray(self.doc.to_array(LEMMA), dtype=np.uint64)

    def outside_ents(self) -> NDArray[np.bool_]:
        return ~_any_of(self.column(ENT_IOB), _INSIDE)

    def title(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_TITLE) == 1, dtype=np.bool_)

    def upper(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_UPPER) == 1, dtype=np.bool_)

    def space(self) -> NDArray[np.bool_]:
        return np.asarray(self.column(IS_SPACE) == 1, dtype=np.bool_)


def _any_of(column: NDArray[np.uint64], values: Sequence[int]) -> NDArray[np.bool_]:
    """Where `column` holds one of `values`: an `==` per value, as `np.isin` (which sorts) costs
    ~0.1 ms a call, several times the comparisons for the handful of values asked here."""
    mask = np.zeros(len(column), dtype=np.bool_)
    for v in values:
        mask |= column == v
    return mask
