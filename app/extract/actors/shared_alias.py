"""Aliases two organisations share ("RSF": the Rapid Support Forces, or Reporters Without
Borders): the article decides which one it means, not the order of the knowledge file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.knowledge import norm

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from app.extract.knowledge import Organization


def chosen_organization(doc: Doc, text: str, default: str) -> str:
    """The name of the organisation an alias stands for in this article: the one it names in
    full, else the one whose cue words or country it mentions most; `default` (the entity
    ruler's) when the alias is not shared or nothing tells them apart."""
    candidates = knowledge.shared_aliases().get(norm(text))
    if not candidates:
        return default
    words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
    named = {norm(e.text) for e in doc.ents}
    countries = {c.alpha3 for e in doc.ents if (c := knowledge.country_of(e.text)) is not None}
    scores = [_score(org, words, named, countries) for org in candidates]
    best = max(scores)
    if scores.count(best) > 1:
        return default
    return candidates[scores.index(best)].name


def _score(org: Organization, words: set[str], named: set[str], countries: set[str]) -> int:
    full = (
        10
        if norm(org.name) in named
        or any(
            norm(a) in named
            for a in org.aliases
            if len(a) > 4  # a longer alias, not the acronym
        )
        else 0
    )
    home = 1 if org.country and org.country in countries else 0
    return full + home + len(org.cues & words)
