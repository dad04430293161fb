"""How the data files under `app/extract/data/` are read, and the key every name table is
looked up by."""

from __future__ import annotations

import csv
import functools
from importlib import resources


def data_text(name: str) -> str:
    return (
        resources.files("app.extract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )


def csv_rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def split_list(value: str | None) -> list[str]:
    """A `;`-separated cell as its items."""
    return [v.strip() for v in (value or "").split(";") if v.strip()]


# the same names come back many times per text (~500 calls an article): each is cut once
@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Normalised lookup key for names: case-folded, 'the ' and possessives stripped."""
    t = text.strip().replace("\u2019", "'").casefold()
    t = t.removeprefix("the ")
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("'"):
        t = t[:-1]
    return " ".join(t.split())
