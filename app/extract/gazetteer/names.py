"""Written forms of division names: "Al Anbar" is also "Anbar", "Benue State" also "Benue"."""

from __future__ import annotations

from app.extract.gazetteer.entry import fold

# Generic words GeoNames keeps around a division's name; news writes the bare name as often.
_SUFFIXES = (
    " province",
    " governorate",
    " state",
    " region",
    " district",
    " oblast",
    " prefecture",
    " department",
    " county",
    " municipality",
    " territory",
)
_PREFIXES = ("state of ", "province of ", "republic of ", "city of ", "county of ", "county ")
_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "at ", "az ")
# One-word division names that are ordinary words in running text ("the West", "Central").
_GENERIC = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "capital",
        "coast",
        "littoral",
        "interior",
        "islands",
        "upper",
        "lower",
        "federal",
    ]
)


def division_forms(name: str) -> set[str]:
    """Folded keys a division is written as: its name, without its generic word and its Arabic
    article."""
    key = fold(name)
    out = {key}
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 3:
            out.add(key[: -len(suffix)])
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            out.add(key[len(prefix) :])
    for form in sorted(out):
        for art in _ARTICLES:
            if form.startswith(art) and len(form) > len(art) + 3:
                out.add(form[len(art) :])
    return {f for f in out if f not in _GENERIC}


def county_forms(name: str) -> set[str]:
    """A US county is looked up by its full name only ("Morris County"): bare names are towns."""
    return {fold(name)}
