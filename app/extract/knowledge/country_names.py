"""Countries, their names, aliases and demonyms (`countries.csv`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from app.extract.knowledge.files import csv_rows, norm, split_list


@dataclass(frozen=True)
class Country:
    alpha3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]

    @property
    def adjective(self) -> str:
        return self.demonyms[0] if self.demonyms else self.name


def _plural(demonym: str) -> str | None:
    low = demonym.lower()
    if low.endswith(("ese", "sh", "ch", "ss", "s", "x", "z", "men")) or low in {"swiss", "lao"}:
        return None
    if low.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


@dataclass
class CountryIndex:
    by_code: dict[str, Country]
    by_name: dict[str, Country]  # normalised country name or alias -> country
    by_demonym: dict[str, Country]  # normalised demonym (singular and plural) -> country


@functools.lru_cache(maxsize=1)
def countries() -> CountryIndex:
    by_code: dict[str, Country] = {}
    by_name: dict[str, Country] = {}
    by_demonym: dict[str, Country] = {}
    for row in csv_rows("countries.csv"):
        c = Country(
            alpha3=row["alpha3"],
            name=row["name"],
            aliases=tuple(split_list(row.get("aliases"))),
            demonyms=tuple(split_list(row.get("demonyms"))),
        )
        by_code[c.alpha3] = c
        for n in (c.name, *c.aliases):
            by_name.setdefault(norm(n), c)
        for d in c.demonyms:
            by_demonym.setdefault(norm(d), c)
            p = _plural(d)
            if p:
                by_demonym.setdefault(norm(p), c)
    return CountryIndex(by_code, by_name, by_demonym)


def country_of(text: str) -> Country | None:
    """The country a name or demonym denotes ("Egypt", "Egyptian", "Egyptians", "U.S.")."""
    idx = countries()
    key = norm(text)
    return idx.by_name.get(key) or idx.by_demonym.get(key)
