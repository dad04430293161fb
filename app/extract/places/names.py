"""How a country may be written: its names and aliases, and its initials ("SA", "T&T")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.extract.gazetteer import GazetteerEntry, gazetteer

if TYPE_CHECKING:  # pragma: no cover
    from collections import Counter


def country_forms(entry: GazetteerEntry) -> tuple[str, ...]:
    from app.extract import knowledge as kb

    country = kb.countries().by_code.get(entry.country or "")
    return (country.name, *country.aliases) if country else ()


_INITIALS = re.compile(r"^[A-Z](?:&?[A-Z]){1,3}$")
_NOT_INITIAL = frozenset({"and", "of", "the", "&"})


def initialism(text: str, context: Counter[str]) -> GazetteerEntry | None:
    """ "SA" in an article naming South Africa, "T&T" for Trinidad and Tobago: the initials of a
    country the article has named (the most named one when several share them)."""
    if not _INITIALS.match(text):
        return None
    gaz = gazetteer()
    want = text.replace("&", "")
    best: tuple[int, GazetteerEntry] | None = None
    for code, count in context.items():
        entry = gaz.country(code) if len(code) == 3 else None
        if entry is None:
            continue
        for name in (entry.name, *country_forms(entry)):
            words = [w for w in re.split(r"[\s-]+", name) if w.lower() not in _NOT_INITIAL]
            if len(words) > 1 and "".join(w[0] for w in words).upper() == want:
                if best is None or count > best[0]:
                    best = (count, entry)
                break
    return best[1] if best else None
