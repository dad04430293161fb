"""Place names spaCy's entities hide: initials, names inside organisations, possessives."""

from __future__ import annotations

import datetime as dt

from app.extract import ArticleInput, extract


def _mentions(text: str) -> dict[str, str]:
    ex = extract(ArticleInput(id="t", text=text, date=dt.date(2025, 3, 12)))
    names = {p.key: p.name for p in ex.places}
    return {m.text: names[m.entity] for m in ex.mentions if m.entity_type == "place"}


def test_initials_of_a_country_the_article_names() -> None:
    got = _mentions(
        "Platinum mines in South Africa employ thousands. Mining in SA is run by local chiefs. "
        "Trinidad and Tobago exports gas, and T&T imports food."
    )
    assert got.get("SA") == "South Africa"
    assert got.get("T&T") == "Trinidad and Tobago"


def test_places_inside_organisation_names_and_possessives() -> None:
    got = _mentions(
        "New Mexico's senators wrote to the U.S. Federal Trade Commission and the "
        "Development Bank of Mauritius."
    )
    assert got.get("New Mexico") == "New Mexico"  # the mention stops before "'s"
    assert got.get("U.S.") == "United States"
    assert got.get("Mauritius") == "Mauritius"


def test_no_place_inside_a_news_outlets_name() -> None:
    got = _mentions("Protesters marched in Boston on Monday, The New York Times reported.")
    assert "New York" not in got.values() and got.get("Boston") == "Boston"
