"""The seed article against its hand annotation (tests/extract/gold/seed_000.yaml)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.extract import Extraction, extract
from tests.extract.gold.scorer import (
    GOLD_DIR,
    Gold,
    actor_names,
    load_gold,
    score_events,
    statement_results,
)


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold(GOLD_DIR / "seed_000.yaml")


@pytest.fixture(scope="module")
def seed(gold: Gold, nlp_loaded: None) -> Extraction:
    return extract(gold.article)


def test_event_f1_on_type_source_target(gold: Gold, seed: Extraction) -> None:
    score = score_events(gold, seed)
    assert score.f1 >= 0.95, (score.f1, score.false_positives, score.false_negatives)


def test_both_direct_quotes_are_attributed_to_hamas(gold: Gold, seed: Extraction) -> None:
    results = [r for r in statement_results(gold, seed) if r[0]["kind"] == "direct"]
    assert len(results) == 2
    assert [speaker for _, speaker, _ in results] == ["Hamas", "Hamas"]


def test_indirect_speech_speakers(gold: Gold, seed: Extraction) -> None:
    results = [r for r in statement_results(gold, seed) if r[0]["kind"] == "indirect"]
    assert all(ok for _, _, ok in results), results


def test_meeting_date_place_and_participants(seed: Extraction) -> None:
    actors = {a.key: a for a in seed.actors}
    places = {p.key: p for p in seed.places}
    met = next(e for e in seed.events if e.trigger == "met")
    assert met.plover_type == "CONSULT" and met.cameo_code.startswith("04")
    assert met.date == dt.date(2017, 9, 11) and met.date_precision == "day"
    assert places[met.place].name == "Cairo" and places[met.place].country == "EGY"
    roles = {(actors[p.actor].name, p.role) for p in met.participants}
    assert ("Ismail Haniyeh", "source") in roles and ("Hamas", "source") in roles
    target = next(actors[p.actor] for p in met.participants if p.role == "target")
    assert target.code == "EGYSPY" and target.kind == "agent"


def test_composite_actors_titles_and_affiliations(seed: Extraction) -> None:
    by_name = {a.name: a for a in seed.actors}
    assert by_name["Palestinian Authority"].aliases.count("PA") == 1
    affs = {
        (seed_actor(seed, f.person).name, seed_actor(seed, f.organization).name, f.role)
        for f in seed.affiliations
    }
    assert ("Ismail Haniyeh", "Hamas", "head of the politburo") in affs
    assert ("Khaled Fawzi", "Egypt", "intelligence minister") in affs
    assert ("Mahmoud Abbas", "Palestine", "president") in affs
    # "Abbas" alone is the same person as "Mahmoud Abbas"
    assert [a.name for a in seed.actors if "Abbas" in a.name] == ["Mahmoud Abbas"]


def seed_actor(ex: Extraction, key: str):  # type: ignore[no-untyped-def]
    return next(a for a in ex.actors if a.key == key)


def test_places_are_geocoded_in_context(seed: Extraction) -> None:
    by_name = {p.name: p for p in seed.places}
    rafah = by_name["Rafah"]  # as written, not the transliteration "Rafaḩ"
    assert rafah.country == "PSE" and rafah.lat and 31.0 < rafah.lat < 31.5
    assert by_name["Gaza Strip"].kind == "territory"
    assert by_name["Cairo"].kind == "city" and by_name["Cairo"].geonames_id == 360630
    egypt = by_name["Egypt"]
    assert egypt.kind == "country" and egypt.country == "EGY"
    assert by_name["Cairo"].parent == egypt.key


def test_offsets_point_into_the_original_text(seed: Extraction) -> None:
    text = seed.article.text
    for m in seed.mentions:
        assert text[m.start : m.end] == m.text
    for s in seed.statements:
        assert text[s.start : s.end] == s.text
    for e in seed.events:
        assert text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.start <= e.trigger_start < e.trigger_end <= e.end
    # curly quotes survive in the records: offsets are into the original, not the normalised text
    assert any("\u2019" in s.text for s in seed.statements)


def test_gold_actor_mapping_covers_all_gold_actors(gold: Gold, seed: Extraction) -> None:
    mapped = set(actor_names(gold, seed).values())
    missing = {a["name"] for a in gold.data["actors"]} - mapped
    assert not missing
