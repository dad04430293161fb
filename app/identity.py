"""Identity of actors and places: the one owner of identity keys and of the name normaliser.

An identity key decides when two names are one actor or one place: within an article (the
extractor's actor and place tables) and across articles (the unique `match_key` of `actors` and
`places`). Both are built here, from one normaliser, so that an alias stored at ingestion time,
a name typed into `?actor=` and the extractor's merging fold names the same way:

- a state is one actor per country: `state:EGY`; a coded agent one per code: `agent:EGYSPY`;
- an actor the text does not name is one per code, apart from coded agents: `agent:?UAF`;
- everything else by kind and full normalised name: `person:ismail haniyeh`, so two people who
  share only a surname never merge;
- a place by its GeoNames id when known (`gn:360630`), else by kind, name and country.

Look-alike names must not become new actors: the key is taken after NFKC, without invisible
format characters (zero-width spaces and joiners, bidi controls, soft hyphens), and with the
letters of a mixed-script word folded to their Latin look-alikes (a Cyrillic "а" in "Hаmas").
The look-alike table is Unicode's confusables data, from the confusable-homoglyphs package.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.vocab import ActorKind

_DROP = re.compile(r"[.'’‘`´]")  # "U.S." -> "us", "Hamas’" -> "hamas"
_SPACE = re.compile(r"[\W_]+", re.UNICODE)


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
    if text.isascii():
        return text
    return _MIXED_WORD.sub(_fold_word, text)


# A word holding a letter or digit outside ASCII: all-ASCII words have nothing to fold.
_MIXED_WORD = re.compile(r"\b\w*[^\W\x00-\x7f]\w*")


_ISOLATED_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def fold_for_parsing(text: str) -> str:
    """One character for one, so offsets stay valid: compatibility forms that are one letter
    (fullwidth "Ｈ") become it, look-alike letters in mixed-script words become Latin, and
    invisible format characters become spaces unless they sit inside a word (there, deleting
    one would shift every offset; the name key drops it instead)."""
    if text.isascii():
        return text  # most texts: nothing to fold, and no per-character pass

    def one(match: re.Match[str]) -> str:
        ch, i = match.group(), match.start()
        if _ISOLATED_FORMAT.match(ch):
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            return ch if inside else " "
        compat = unicodedata.normalize("NFKC", ch)
        return compat if len(compat) == 1 else ch

    return fold_confusables(_NON_ASCII.sub(one, text))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def normalize_name(text: str) -> str:
    """Fold case, diacritics, punctuation, invisible characters and look-alike letters:
    "Mahmoud  Abbás" -> "mahmoud abbas", "H\\u0430m\\u200bas" -> "hamas"."""
    text = fold_confusables(strip_invisible(unicodedata.normalize("NFKC", text)))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _DROP.sub("", stripped.casefold())
    return _SPACE.sub(" ", folded).strip()


# `actors.match_key` and `places.match_key` are String(340).
MATCH_KEY_LENGTH = 340


def state_key(alpha3: str) -> str:
    return f"{ActorKind.STATE}:{alpha3}"


def agent_key(code: str) -> str:
    """A composite agent ("EGYSPY": Egyptian intelligence), or an uncountried one ("MED")."""
    return f"{ActorKind.AGENT}:{code}"


def unidentified_key(code: str) -> str:
    """An actor the text leaves unnamed ("unknown gunmen"): kept apart from named agents."""
    return f"{ActorKind.AGENT}:?{code}"


def named_key(kind: ActorKind, name: str) -> str:
    """A person, organisation or group (or a state or agent without its code) by name."""
    return f"{kind}:{normalize_name(name)}"[:MATCH_KEY_LENGTH]


def actor_key(kind: ActorKind, name: str, country: str | None, code: str | None) -> str:
    """The stored identity of an actor (`actors.match_key`)."""
    if kind == ActorKind.STATE and country:
        return state_key(country)
    if kind == ActorKind.AGENT and code:
        return agent_key(code)
    return named_key(kind, name)


def geonames_key(geonames_id: int) -> str:
    return f"gn:{geonames_id}"


def place_key(kind: str, name: str, country: str | None, geonames_id: int | None) -> str:
    """The stored identity of a place (`places.match_key`)."""
    if geonames_id is not None:
        return geonames_key(geonames_id)
    return f"name:{kind}:{normalize_name(name)}:{country or ''}"[:MATCH_KEY_LENGTH]
