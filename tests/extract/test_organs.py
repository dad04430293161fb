"""An organ of an organisation is its own actor, affiliated to the body it belongs to."""

from __future__ import annotations

import datetime as dt

from app.extract import extract
from app.extract.records import ArticleInput


def _affiliations(text: str) -> set[tuple[str, str, str | None]]:
    out = extract(ArticleInput(text=text, date=dt.date(2017, 9, 12)))
    names = {a.key: a.name for a in out.actors}
    return {(names[a.person], names[a.organization], a.role) for a in out.affiliations}


def test_an_organ_is_affiliated_to_its_body() -> None:
    text = "The Human Rights Council opened an inquiry into killings of protesters in Tehran."
    assert ("UN Human Rights Council", "United Nations", "organ") in _affiliations(text)


def test_the_body_itself_has_no_organ_affiliation() -> None:
    text = "The United Nations sent food to Gaza on Monday."
    assert not any(org == "United Nations" for _, org, _ in _affiliations(text))
