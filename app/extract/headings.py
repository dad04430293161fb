"""Section headings as sentences of their own, marked before the parser.

News pages carry subheadings ("Recent attacks", "Reaction from the president") with no final
full stop. On its own line a heading is cut off by the line break; in text whose line breaks
were flattened to spaces the parser glues it to the next sentence, and its words become that
sentence's subject ("Reaction Officials have not responded", "The attack The Jaffar Express
...").
Two boundaries are marked, both before the parser (which keeps a preset sentence start):
- after a line break that ends a short line with no final punctuation, when the next line
  starts with a capital (a heading on its own line);
- before a capitalised sentence-opening word ("Since", "The", "According") that comes a few
  words after a sentence end with no punctuation between: the words before it are a heading.
Only sentence starts change; the text and every offset stay as given.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
import yaml
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_SPACE, ORTH

from app.extract.knowledge.files import data_text

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

HEADINGS_NAME = "dyad_headings"
MAX_HEADING_TOKENS = 8  # "The 'Quad' and regional security" is 7 tokens
MAX_HEADING_LINE_TOKENS = 12
_HOLD_TOKENS = 3
_HEADING_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "CC"})
_ENDS = frozenset({".", "!", "?"})
_CLOSERS = frozenset({'"', "'", "\u201d", "\u2019", ")"})
# punctuation that continues a sentence: a heading has none of it inside or at its end
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "-", "\u2013", "\u2014", "--", "/"})
# Penn tags of words a heading does not end with ("... to The Hague", "... before The")
_FUNCTION_TAGS = frozenset(
    {"IN", "DT", "CC", "TO", "PRP", "PRP$", "MD", "WDT", "WP", "WP$", "POS", "EX", "RP", "HYPH"}
)


@functools.cache
def _raw() -> dict[str, list[str]]:
    raw = yaml.safe_load(data_text("headings.yaml")) or {}
    return {str(k): [str(w) for w in v or ()] for k, v in raw.items()}


@functools.cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    raw = _raw()
    return frozenset(raw["sentence_openers"]), frozenset(raw["name_determiners"])


@functools.cache
def _abstract_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """Endings of abstract nouns, and the nouns that end so but name bodies or people."""
    raw = _raw()
    return tuple(raw["abstract_endings"]), frozenset(raw["body_nouns"])


def _is_title(tok: Token) -> bool:
    return tok.text[:1].isupper() and (len(tok.text) == 1 or not tok.text[1:].isupper())


def _ends_sentence(doc: Doc, j: int) -> bool:
    """Token j closes a sentence: a full stop (or ! ?), or a quote or bracket right after one
    and followed by a space (a straight quote stuck to the next word opens a quotation)."""
    t = doc[j]
    closing = t.text in _CLOSERS and bool(t.whitespace_) and j > 0 and doc[j - 1].text in _ENDS
    return t.text in _ENDS or closing


def _sentence_start_before(doc: Doc, k: int) -> int | None:
    """Where the sentence holding token k starts, when it is at most MAX_HEADING_TOKENS before
    k with no clause punctuation between (else None)."""
    start = k
    while True:
        j = start - 1
        if j < 0 or _ends_sentence(doc, j) or "\n" in doc[j].text:
            return start
        if doc[j].text in _CLAUSE_MARKS or doc[j].is_space or k - j > MAX_HEADING_TOKENS:
            return None
        start = j


def _heading_before(doc: Doc, k: int, determiners: frozenset[str]) -> bool:
    """The few words between the last sentence end and the opener at k make up a heading."""
    start = _sentence_start_before(doc, k)
    if start is None:
        return False
    words = [t for t in doc[start:k] if t.is_alpha]
    if not words or not words[0].text[:1].isupper():
        return False
    if sum(t.is_quote for t in doc[start:k]) % 2:
        return False  # a quotation opened before the word: 'said Wednesday "A trade war ...'
    last = doc[k - 1]
    if last.tag_ in _FUNCTION_TAGS or (last.tag_.startswith("VB") and doc[k].lower_ in determiners):
        return False  # "... to The Hague", "told The Associated Press"
    # capitalised words run into the opener and on after it: one name ("Doctors Without
    # Borders", "the Bring Back Our Girls movement"), not a heading and a sentence
    run = k
    while run > start and (_is_title(doc[run - 1]) or not doc[run - 1].is_alpha):
        run -= 1
    after = doc[k + 1] if k + 1 < len(doc) else None
    in_name = run == start or sum(t.is_alpha for t in doc[run:k]) > 1
    return not (in_name and after is not None and _is_title(after))


@functools.cache
def _agent_nouns() -> frozenset[str]:
    from app.extract import knowledge

    return frozenset(knowledge.agents())


def _abstract(tok: Token) -> bool:
    """An abstract noun or an adjective ("reluctance", "ideology", "crucial"): no title for the
    person named after it."""
    low = tok.lower_
    if tok.tag_ == "JJ":
        return True
    return (
        tok.tag_ in ("NN", "NNP")
        and low.endswith(_abstract_words()[0])
        and low not in _abstract_words()[1]
        and low not in _agent_nouns()
    )


def _heading_before_subject(doc: Doc, k: int, lower_words: Callable[[], set[str]]) -> bool:
    """A heading of abstract words ends right before the capitalised first word of the next
    sentence's subject: "US support crucial Aurangzeb, speaking Sunday, dismissed ...",
    "Reaction Officials have not responded"."""
    # the word before k ends any heading here: tested first, it spares most capitalised nouns
    # the walk back to the sentence start
    before = doc[k - 1]
    if not (before.tag_ in _HEADING_TAGS or before.text == "vs.") or not _abstract(before):
        return False
    start = _sentence_start_before(doc, k)
    if start is None or start == k:
        return False
    prefix = doc[start:k]
    first, last = prefix[0], prefix[-1]
    if not first.text[:1].isupper() or first.lower_ in _words()[0]:
        return False
    # nouns and adjectives only ("Pragmatism vs. ideology", "AI and the military" is left to
    # the opener rule): not "The embattled Aurangzeb", "Three months after the fall of ..."
    if not all(t.tag_ in _HEADING_TAGS or t.text == "vs." for t in prefix) or not _abstract(last):
        return False
    if last.tag_ == "JJ" and (len(prefix) < 2 or not prefix[-2].tag_.startswith("NN")):
        return False  # "Former top European Union official ...": adjectives before a title
    if last.text.islower():
        return True
    # a heading of one capitalised word: only before a plural common noun ("Reaction Officials
    # have ...", not "Immigration Minister Ali said")
    return (
        len(prefix) == 1
        and _plural_people(doc[k], lower_words)
        and k + 1 < len(doc)
        and doc[k + 1].text.islower()
    )


def _headline_before_people(doc: Doc, k: int, lower_words: Callable[[], set[str]]) -> bool:
    """A headline (a clause of names and nouns with its verb, no function words) ends with a
    common noun right before a capitalised adjective of the next sentence's plural subject:
    "Peru hails fishing pact Chilean diplomats said ...". An ordinary sentence puts a
    determiner, possessive or preposition in such a run ("Her proposal Chilean officials ...")."""
    before = doc[k - 1]
    if before.tag_ not in ("NN", "NNS", "VBP") or not before.text.islower():
        return False
    if k + 2 >= len(doc) or not doc[k + 1].text.islower():
        return False
    if not _plural_people(doc[k + 1], lower_words) or doc[k + 2].tag_[:2] not in ("VB", "MD"):
        return False
    start = _sentence_start_before(doc, k)
    if start is None or not 3 <= k - start <= 6:
        return False
    prefix = doc[start:k]
    if not _is_title(prefix[0]) or prefix[0].lower_ in _words()[0]:
        return False
    if any(not t.is_alpha or t.tag_ in _FUNCTION_TAGS for t in prefix):
        return False
    return any(t.tag_ in ("VBZ", "VBD") for t in prefix[1:-1])


def _plural_people(tok: Token, lower_words: Callable[[], set[str]]) -> bool:
    """A capitalised plural common noun ("Officials", "Nurses"; the tagger often calls it NNP):
    the text writes it in lower case elsewhere, or it is an agent noun."""
    low = tok.lower_
    if tok.tag_ not in ("NNS", "NNPS") and not (tok.tag_ == "NNP" and low.endswith("s")):
        return False
    return low in lower_words() or low.removesuffix("s") in _agent_nouns()


def _heading_line_ends(doc: Doc, i: int) -> bool:
    """Token i is a line break after a short line without final punctuation, and the next line
    starts with a capital."""
    nxt = i + 1
    if nxt >= len(doc) or not doc[nxt].text[:1].isupper() or i == 0:
        return False
    last = doc[i - 1]
    if last.is_space or last.text in _ENDS or last.text in _CLAUSE_MARKS or last.is_quote:
        return False
    if last.tag_ in _FUNCTION_TAGS:
        return False
    first = i - 1
    while first > 0 and "\n" not in doc[first - 1].text:
        first -= 1
        if i - first > MAX_HEADING_LINE_TOKENS or doc[first].text in _ENDS:
            return False  # a long line, or one holding a sentence end: no heading
    return doc[first].text[:1].isupper()


def heading_starts(doc: Doc) -> list[int]:
    """Tokens that begin a sentence because a heading ends right before them."""
    openers, determiners = _words()
    # read from the token array, as a `Token` made for every token costs more than the tests:
    # the lower-case words, and the only tokens the tests below can take (a space, or a word
    # with a capital)
    cols = doc.to_array([ORTH, IS_LOWER, IS_SPACE, IS_ALPHA])
    strings = doc.vocab.strings

    @functools.cache
    def lower_words() -> set[str]:  # read by few texts: made on first use
        return {strings[int(o)] for o in np.unique(cols[cols[:, 1] == 1, 0])}

    maybe = (cols[:, 2] == 1) | ((cols[:, 3] == 1) & (cols[:, 1] == 0))
    starts: list[int] = []
    for i in np.flatnonzero(maybe):
        tok = doc[int(i)]
        k = tok.i
        if tok.is_space and "\n" in tok.text:
            if _heading_line_ends(doc, k):
                starts.append(k + 1)
        elif not (0 < k < len(doc) - 1 and _is_title(tok) and tok.is_alpha):
            continue
        elif tok.lower_ in openers:
            if _heading_before(doc, k, determiners):
                starts.append(k)
        elif tok.tag_ == "JJ":
            if _headline_before_people(doc, k, lower_words):
                starts.append(k)
        elif tok.tag_ in ("NNP", "NNPS", "NN", "NNS") and _heading_before_subject(
            doc, k, lower_words
        ):
            starts.append(k)
    return starts


def mark_headings(doc: Doc) -> Doc:
    """Pipeline component (before the parser): preset a sentence start after each heading.
    Written in one `from_array`, as `cap_sentences` does (per-token setting rescans the doc)."""
    starts = heading_starts(doc)
    if not starts:
        return doc
    arr = doc.to_array(["SENT_START"]).view("int64")
    for k in starts:
        arr[k] = 1
        # the parser keeps a preset start better with its neighbours preset: the next few words
        # go on with the new sentence ("Beyond Ukraine, G7 ministers ..." is one sentence)
        for j in range(k + 1, min(k + 1 + _HOLD_TOKENS, len(doc))):
            if doc[j - 1].text in _ENDS or "\n" in doc[j - 1].text or arr[j] == 1:
                break
            arr[j] = -1
    doc.from_array(["SENT_START"], arr.view("uint64"))  # type: ignore[arg-type]
    return doc
