"""People's names: family-name particles, comparable surnames, and the well-known people
(`people.yaml`)."""

from __future__ import annotations

import functools

import yaml

from app.extract.knowledge.files import data_text, norm

# Particles of family names: "Ahmed al-Sharaa" is "al-Sharaa", "Al-Sharaa" or "Sharaa" later on.
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "zu",
        "ter",
    }
)
_PREFIXES = ("al-", "el-", "as-", "ash-", "ad-", "an-", "ar-", "at-", "az-", "ul-")


def surname_key(words: list[str]) -> str | None:
    """Comparable family name of a name's words: last word, particles off, case-folded.

    ["Ahmed", "al-Sharaa"] -> "sharaa"; ["Al-Sharaa"] -> "sharaa"; ["bin", "Salman"] -> "salman".
    """
    if not words:
        return None
    last = words[-1].replace("\u2019", "'").casefold()
    for p in _PREFIXES:
        if last.startswith(p) and len(last) > len(p) + 1:
            last = last[len(p) :]
            break
    last = last.strip("-'.")
    if not last or last in NAME_PARTICLES:
        return None
    return last


def name_words(text: str) -> list[str]:
    """Words of a name, hyphenated particles kept with their word ("al - Sharaa" -> "al-Sharaa")."""
    t = " ".join(text.replace(" - ", "-").replace(" -", "-").replace("- ", "-").split())
    return t.split()


def is_particle_name(words: list[str]) -> bool:
    """True for a bare family name with optional particles ("Sharaa", "Al-Sharaa", "bin Salman")."""
    return bool(words) and all(w.casefold().rstrip("-") in NAME_PARTICLES for w in words[:-1])


@functools.lru_cache(maxsize=1)
def famous_people() -> dict[str, str]:
    """Normalised full name or distinctive alias -> canonical name (`people.yaml`)."""
    out: dict[str, str] = {}
    for item in yaml.safe_load(data_text("people.yaml")) or []:
        for form in (item["name"], *(item.get("aliases") or ())):
            out.setdefault(norm(str(form)), item["name"])
    return out
