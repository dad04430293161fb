"""Name normalisation shared by extraction, storage and queries.

One function, so that an alias stored at ingestion time and a name typed into `?actor=`
fold to the same key.

Look-alike names must not become new actors: the key is taken after NFKC, without invisible
format characters (zero-width spaces and joiners, bidi controls, soft hyphens), and with the
letters of a mixed-script word folded to their Latin look-alikes (a Cyrillic "а" in "Hаmas").
The look-alike table is Unicode's confusables data, from the confusable-homoglyphs package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[.'’‘`´]")  # "U.S." -> "us", "Hamas’" -> "hamas"
_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"\w+")


def strip_invisible(text: str) -> str:
    """`text` without format characters (Unicode category Cf: U+200B, U+200D, U+202E, ...)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    from confusable_homoglyphs import categories

    return str(categories.alias(ch))


@lru_cache(maxsize=8192)
def _latin_twin(ch: str) -> str:
    """The one Latin letter `ch` looks like, else `ch` itself."""
    from confusable_homoglyphs import confusables

    for hit in confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []:
        for glyph in hit["homoglyphs"]:
            twin = glyph["c"]
            if len(twin) == 1 and twin.isalpha() and _script(twin) == "LATIN":
                return str(twin)
    return ch


def _fold_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isascii():
        return word
    scripts = {_script(ch) for ch in word if ch.isalpha()}
    if "LATIN" not in scripts or len(scripts) < 2:
        return word  # one script (a Cyrillic name stays Cyrillic)
    return "".join(
        _latin_twin(ch) if ch.isalpha() and _script(ch) != "LATIN" else ch for ch in word
    )


def fold_confusables(text: str) -> str:
    """In each word mixing Latin letters with another script's, letters that look Latin become
    Latin; one character for one, so offsets into `text` stay valid."""
    return _WORD.sub(_fold_word, text)


_ISOLATED_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def fold_for_parsing(text: str) -> str:
    """One character for one, so offsets stay valid: compatibility forms that are one letter
    (fullwidth "Ｈ") become it, look-alike letters in mixed-script words become Latin, and
    invisible format characters become spaces unless they sit inside a word (there, deleting
    one would shift every offset; the name key drops it instead)."""
    chars = []
    for i, ch in enumerate(text):
        if ch.isascii():
            chars.append(ch)
        elif _ISOLATED_FORMAT.match(ch):
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            chars.append(ch if inside else " ")
        else:
            compat = unicodedata.normalize("NFKC", ch)
            chars.append(compat if len(compat) == 1 else ch)
    return fold_confusables("".join(chars))


def normalize_name(text: str) -> str:
    """Fold case, diacritics, punctuation, invisible characters and look-alike letters:
    "Mahmoud  Abbás" -> "mahmoud abbas", "H\\u0430m\\u200bas" -> "hamas"."""
    text = fold_confusables(strip_invisible(unicodedata.normalize("NFKC", text)))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _DROP.sub("", stripped.casefold())
    return _SPACE.sub(" ", folded).strip()
