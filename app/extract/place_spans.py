"""Where place names hide from the entity recogniser: the span it gives is trimmed of "the" and
a possessive ("New Mexico's"), a place can sit inside an organisation's name ("the U.S. Federal
Trade Commission", "Development Bank of Mauritius", "Cuyahoga County Executive"), and a
division follows the town it holds ("Fresno, Calif.", "New Quay, Ceredigion")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from spacy.tokens import Span, Token

    from app.extract.gazetteer import GazetteerEntry

__all__ = ["inner_place", "trim", "written_lower"]

_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})

# Labels of names that may hold a place name without being one: "the Lagos Chamber of Commerce".
NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})

# A town inside an organisation's name is a place only when it is this big: "Owensboro Public
# Schools" names Owensboro, "Glenrock Lagoon" names no town of Glenrock that Dyad knows.
MIN_TOWN_IN_NAME = 15_000


def trim(ent: Span) -> Span:
    """The entity without a leading "the" and a trailing possessive."""
    start, end = trimmed_range(ent)
    return ent.doc[start:end]


def trimmed_range(ent: Span) -> tuple[int, int]:
    """(start, end) of `trim(ent)`, without making its `Span`."""
    start, end = ent.start, ent.end
    if end - start > 1 and ent.doc[start].lower_ == "the":
        start += 1
    if end - start > 1 and ent.doc[end - 1].text in _POSSESSIVE:
        end -= 1
    return start, end


def _fits(entry: GazetteerEntry | None, tail: bool, words: int, in_context: bool) -> bool:
    """Whether an organisation's name names this place: a country anywhere in it; a first-level
    division of a country the article is about, or named in several words; a county or
    district named with its generic word ("Cuyahoga County Executive") in such a country; a
    sizeable town of such a country only after "of" ("University of Chicago"). A leading town
    is too often a word or a person ("Union", "Orange Drugs", "Thomson Reuters")."""
    if entry is None or not entry.country:
        return False
    if entry.kind == "country":
        return True
    if entry.kind == "city":
        return tail and in_context and entry.population >= MIN_TOWN_IN_NAME
    if entry.level == 1:
        return in_context or words > 1
    return entry.level == 2 and in_context and words > 1


def inner_place(
    name: Span,
    lookup: Callable[[str], GazetteerEntry | None],
    in_context: Callable[[GazetteerEntry], bool],
) -> list[tuple[Span, GazetteerEntry]]:
    """The places named at the start of an organisation's name ("the U.S. National Guard",
    "Cuyahoga County Executive") and after its last "of" ("Development Bank of Mauritius"):
    at each end, the longest name of at most three words that `lookup` knows."""
    toks = trim(name)
    if len(toks) < 2:
        return []
    doc = toks.doc
    ofs = [t.i for t in toks if t.lower_ == "of"]
    ends: list[list[tuple[Span, bool]]] = []
    if ofs and ofs[-1] + 1 < toks.end and toks.end - ofs[-1] - 1 <= 3:
        ends.append([(doc[ofs[-1] + 1 : toks.end], True)])
    stop = ofs[0] if ofs else toks.end - 1  # the name itself is not its own prefix
    ends.append(
        [(doc[toks.start : toks.start + n], False) for n in (3, 2, 1) if toks.start + n <= stop]
    )
    found: list[tuple[Span, GazetteerEntry]] = []
    for candidates in ends:
        for span, is_tail in candidates:
            if not span[0].text[:1].isupper():
                continue
            entry = lookup(span.text)
            words = sum(1 for t in span if t.is_alpha)
            if entry is not None and _fits(entry, is_tail, words, in_context(entry)):
                found.append((span, entry))
                break
    return found


def written_lower(tok: Token) -> bool:
    """Whether a capitalised word also stands in the text in lower case ("Time will tell" and
    "the time needed"): a common word, not a name."""
    low = tok.lower_
    if tok.text == low or not low.isalpha():
        return False
    words = tok.doc.user_data.get(_LOWER_WORDS)
    if words is None:  # once per text
        words = frozenset(_LOWER_WORD.findall(tok.doc.text))
        tok.doc.user_data[_LOWER_WORDS] = words
    return low in words


_LOWER_WORDS = "dyad_lower_words"
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
