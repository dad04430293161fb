"""Quotation marks: the quoted spans of a text, joined into the units a reader sees as one quote,
and the tests that tell a quoted name, title or scare quote from a statement.

All scans are linear in the text: quotes are paired in one pass per paragraph, and joining looks
only at each quote's successor.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extract.statements.lexicon import cues

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

# an attribution between two halves of a quote: '"X," said Jane Doe, a lawyer in Ohio. "Y"'
MAX_GAP_WORDS = 30
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_MAX_TITLE_WORDS = 6


# words after which a quoted phrase is part of a noun phrase, not an utterance
def _modifies_noun(tok: Token) -> bool:
    return tok.pos_ in ("ADP", "DET", "NUM") or tok.tag_ in ("POS", "PRP$")


_NAME_END = re.compile(r"(?:^|\s)[A-Z][\w.'’-]* $")
_SMALL = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with"}
)


@dataclass
class QuoteUnit:
    """One quotation as a reader sees it: one or more quoted parts, start of the first part to
    the end of the last ('"X," he said. "Y."' is one unit with two parts)."""

    parts: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


_OPENERS = frozenset("\u201c\u201e\u00ab")  # “ „ «
_CLOSERS = frozenset("\u201d\u00bb")  # ” »
_STRAIGHT = frozenset('"\u201f\u2033')
_MARK = re.compile("[\n" + "".join(sorted(_OPENERS | _CLOSERS | _STRAIGHT)) + "]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of double quotes, paired within paragraphs.

    Give the original text when it has typographic quotes: an opening mark then starts a quote
    even after a stray one, and a closing mark with nothing open is ignored, so one stray mark
    does not shift every later pair. Straight marks alternate. One pass over the text.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _MARK.finditer(text):  # only the marks and line breaks: the rest changes nothing
        i, ch = m.start(), m.group()
        if ch == "\n":
            opened = None  # quotes are paired within a paragraph
        elif ch in _OPENERS:
            opened = i
        elif ch in _CLOSERS or ch in _STRAIGHT:
            if opened is not None:
                if i - opened > 1 and not text[opened + 1 : i].isspace():
                    spans.append((opened + 1, i))
                opened = None
            elif ch in _STRAIGHT:
                opened = i
    return spans


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def has_words(text: str, n: int) -> bool:
    """`word_count(text) >= n`, without finding the words after the n-th (a gap between two
    quotations can be paragraphs long)."""
    return next(itertools.islice(_WORD.finditer(text), n - 1, None), None) is not None


def whole_sentence(text: str) -> bool:
    """A quoted text that is a sentence of its own ("No," / "Never!"), not a fragment."""
    t = text.strip()
    return bool(t) and t[0].isupper() and t[-1] in ".!?,"


def join_units(ctx: DocContext, norm_text: str) -> list[QuoteUnit]:
    """Quotes joined across an attribution or a bare gap within one paragraph."""
    units: list[QuoteUnit] = []
    for q in ctx.quotes:
        if units and _continues(ctx, norm_text, units[-1].parts[-1], q):
            units[-1].parts.append(q)
        else:
            units.append(QuoteUnit([q]))
    return units


def _continues(
    ctx: DocContext, norm_text: str, prev: tuple[int, int], nxt: tuple[int, int]
) -> bool:
    gap = norm_text[prev[1] + 1 : nxt[0] - 1]
    if "\n" in gap or has_words(gap, MAX_GAP_WORDS + 1):
        return False
    if not gap.strip(" ,;:.-–—…"):
        return True  # "It's finished," "In my head, anyway."
    closing = norm_text[prev[0] : prev[1]].rstrip()[-1:]
    if closing not in (",", "—", "–", "…", "-") and not gap.rstrip().endswith((",", ":")):
        return False  # a quote that ends its sentence starts a new statement
    span = ctx.doc.char_span(prev[1] + 1, nxt[0] - 1, alignment_mode="expand")
    if span is None:
        return False
    verbs = [t for t in span if t.pos_ == "VERB" and t.lemma_.lower() in cues().speech]
    # '"X," he said, adding that "Y"': the second quote has a cue of its own
    if len(verbs) != 1 or gap.rstrip(" ,:").endswith("that"):
        return False
    return not any(is_name_or_title(ctx, norm_text, *q) for q in (prev, nxt))


def is_name_or_title(ctx: DocContext, norm_text: str, start: int, end: int) -> bool:
    """A quoted title, nickname or label rather than words someone said."""
    text = norm_text[start:end].strip()
    words = _WORD.findall(text)
    if not words:
        return True
    capitalised = all(w[0].isupper() or w.lower() in _SMALL or w[0].isdigit() for w in words)
    if capitalised and text[-1] not in ".!?,":
        return True  # Title Case without closing punctuation: "The Art of the Deal"
    before = ctx.doc.char_span(max(0, start - 40), start - 1, alignment_mode="contract")
    if before is not None and len(before):
        prev = [t for t in before if not t.is_punct][-2:]
        if any(t.lower_ in cues().titles or t.lemma_.lower() in cues().titles for t in prev):
            return True
        last = before[-1]
        if capitalised and len(words) <= _MAX_TITLE_WORDS and _modifies_noun(last):
            return True  # a name in a noun phrase: on "Face the Nation," / NBC's "Nightly News."
    if len(words) <= 3 and text[-1] not in ".!?,":
        # a nickname inside a name: Dwayne "The Rock" Johnson
        left, right = norm_text[max(0, start - 30) : start - 1], norm_text[end + 1 : end + 3]
        if _NAME_END.search(left) and right[:1] == " " and right[1:2].isupper():
            return True
    return False
