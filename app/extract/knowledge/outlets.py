"""News outlets and their language services (`media.yaml`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from app.extract.knowledge.files import data_text, norm


@dataclass(frozen=True)
class MediaIndex:
    by_name: dict[str, str]  # normalised outlet name or alias -> canonical name
    languages: frozenset[str]  # normalised names of broadcasters' language services


@functools.lru_cache(maxsize=1)
def media() -> MediaIndex:
    """News outlets (`media.yaml`): reporters of events, not actors in them."""
    raw = yaml.safe_load(data_text("media.yaml")) or {}
    by_name: dict[str, str] = {}
    for item in raw.get("outlets") or []:
        for form in (item["name"], *(item.get("aliases") or ())):
            by_name.setdefault(norm(str(form)), item["name"])
    return MediaIndex(by_name, frozenset(norm(str(x)) for x in raw.get("languages") or ()))


def media_outlet(text: str) -> str | None:
    """Canonical name of the news outlet `text` names ("VOA", "VOA's Kurdish Service"), if any."""
    idx = media()
    key = norm(text)
    hit = idx.by_name.get(key)
    if hit:
        return hit
    words = key.split()
    for i in range(1, len(words)):  # "VOA Somali", "BBC Persian": an outlet's language edition
        if norm(" ".join(words[:i])) in idx.by_name and " ".join(words[i:]) in idx.languages:
            return " ".join(text.split())
    if len(words) >= 2 and words[-1] == "service":
        # "Kurdish Service", "VOA Mandarin Service", "Voice of America's Urdu Service"
        lang = " ".join(words[:-1])
        for i in range(1, len(words) - 1):  # an owner first: "voa", "voice of america's"
            if norm(" ".join(words[:i])) in idx.by_name:
                lang = " ".join(words[i:-1])
                break
        if lang in idx.languages:
            return " ".join(text.split())
    return None
