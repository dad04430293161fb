"""Name normalisation shared by extraction, storage and queries.

One function, so that an alias stored at ingestion time and a name typed into `?actor=`
fold to the same key.
"""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[.'’‘`´]")  # "U.S." -> "us", "Hamas’" -> "hamas"
_SPACE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(text: str) -> str:
    """Fold case, diacritics and punctuation: "Mahmoud  Abbás" -> "mahmoud abbas"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _DROP.sub("", stripped.casefold())
    return _SPACE.sub(" ", folded).strip()
