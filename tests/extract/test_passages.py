"""Behaviour on short hand-written passages (tests/extract/passages/*.yaml)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest

from app.extract import Extraction
from app.extract.records import ActorRecord, EventRecord
from app.vocab import PloverType
from tests.extract.passage_files import load_passages

PASSAGES: list[dict[str, Any]] = load_passages()


def _names(actor: ActorRecord) -> set[str]:
    out = {actor.name.casefold(), *(a.casefold() for a in actor.aliases)}
    if actor.code:
        out.add(actor.code.casefold())
    return out


def _matches(ex: Extraction, key: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return key is None
    if key is None:
        return False
    actor = next(a for a in ex.actors if a.key == key)
    return wanted.casefold() in _names(actor)


def _event_ok(ex: Extraction, ev: EventRecord, want: dict[str, Any]) -> bool:
    if ev.plover_type != want["type"]:
        return False
    if ev.negated != want.get("negated", False):
        return False
    if "trigger" in want and ev.trigger.casefold() != want["trigger"].casefold():
        return False  # which of the passage's acts of that type
    if "hypothetical" in want and ev.hypothetical != want["hypothetical"]:
        return False
    sources = [p.actor for p in ev.participants if p.role == "source"] or [None]
    targets = [p.actor for p in ev.participants if p.role == "target"] or [None]
    if "source" in want and not any(_matches(ex, s, want["source"]) for s in sources):
        return False
    if "target" in want and not any(_matches(ex, t, want["target"]) for t in targets):
        return False
    if "date" in want and ev.date != want["date"]:
        return False
    for key in ("date_source", "place_source"):
        if key in want and getattr(ev, key) != want[key]:
            return False
    if "precision" in want and ev.date_precision != want["precision"]:
        return False
    if "quad" in want and ev.quad_class != want["quad"]:
        return False
    if "place" in want:
        place = next((p for p in ex.places if p.key == ev.place), None)
        if place is None or place.name != want["place"]:
            return False
    return True


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _describe(ex: Extraction) -> list[str]:
    names = {a.key: a.name for a in ex.actors}
    places = {p.key: p.name for p in ex.places}
    return [
        f"{e.plover_type} {[names[p.actor] + ':' + p.role for p in e.participants]} {e.date} "
        f"{e.date_precision} {places.get(e.place or '')} neg={e.negated} hyp={e.hypothetical}"
        for e in ex.events
    ]


def _actor_of_form(ex: Extraction, form: str) -> str:
    hits = [
        a.key
        for a in ex.actors
        if form.casefold() in {a.name.casefold(), *(x.casefold() for x in a.aliases)}
    ]
    assert len(hits) == 1, (form, [(a.name, a.aliases) for a in ex.actors])
    return hits[0]


@pytest.mark.parametrize("case", PASSAGES, ids=[c["id"] for c in PASSAGES])
def test_passage(case: dict[str, Any], run: Callable[..., Extraction]) -> None:  # noqa: C901 - one assertion block per optional key of a passage
    date = case.get("date") or dt.date(2017, 9, 12)
    ex = run(case["text"], date)
    for want in case.get("events") or []:
        assert any(_event_ok(ex, ev, want) for ev in ex.events), (want, _describe(ex))
    if "top" in case:  # the sentence's main event ranks first
        best = max(ex.events, key=lambda e: e.confidence, default=None)
        assert best is not None and best.plover_type == case["top"], _describe(ex)
    for kind in case.get("no_events") or []:
        assert not any(e.plover_type == kind and not e.negated for e in ex.events), _describe(ex)
    if case.get("statements") == []:
        assert [s for s in ex.statements if s.kind == "direct"] == [], ex.statements
    for want in case.get("statements") or []:
        cands = [s for s in ex.statements if s.kind == want["kind"]]
        if "speaker" in want:
            cands = [s for s in cands if _matches(ex, s.speaker, want["speaker"])]
        if "text" in want:
            cands = [s for s in cands if s.text == want["text"]]
        assert cands, (want, [(s.kind, s.speaker, s.text) for s in ex.statements])
    for want in case.get("actors") or []:
        actor = ex.actors[[a.name for a in ex.actors].index(want["name"])]
        assert actor.kind == want["kind"]
        if "code" in want:
            assert actor.code == want["code"], (actor.name, actor.code)
        if "country" in want:
            assert actor.country == want["country"], (actor.name, actor.country)
    for want in case.get("places") or []:
        place = next((p for p in ex.places if p.name == want["name"]), None)
        assert place is not None, (want, [(p.name, p.country) for p in ex.places])
        for k in ("country", "kind"):
            if k in want:
                assert getattr(place, k) == want[k], (want, place)
        assert place.lat is not None and place.lon is not None
        if "near" in want:  # [lat, lon]: the place lies within 161 km (100 miles) of it
            assert _km(place.lat, place.lon, *want["near"]) < 161, (want, place)
    for name in case.get("no_place_names") or []:
        assert name not in {p.name for p in ex.places}, [(p.name, p.country) for p in ex.places]
    for want in case.get("affiliations") or []:
        names = {a.key: a.name for a in ex.actors}
        got = {(names[f.person], names[f.organization], f.role) for f in ex.affiliations}
        assert (want["person"], want["organization"], want["role"]) in got, got
    for name in case.get("no_actor_names") or []:
        assert name not in {a.name for a in ex.actors}, [(a.name, a.kind) for a in ex.actors]
    for name in case.get("no_participants") or []:
        names = {a.key: a.name for a in ex.actors}
        used = {names[p.actor] for e in ex.events for p in e.participants}
        assert name not in used, _describe(ex)
    if case.get("same_actor"):
        assert len({_actor_of_form(ex, f) for f in case["same_actor"]}) == 1
    if case.get("distinct_actors"):
        keys = [_actor_of_form(ex, f) for f in case["distinct_actors"]]
        assert len(set(keys)) == len(keys)


def test_passages_cover_every_plover_type() -> None:
    covered = {e["type"] for c in PASSAGES for e in c.get("events") or []}
    assert covered >= set(PloverType)
    assert len(PASSAGES) >= 30


def test_excluded_participants_come_with_an_expected_event() -> None:
    """`no_participants` alone passes on an extractor that finds nothing: a passage that says who
    must not take part also says which event must be found (`events`), or that the sentence is
    there to show no event of a type (`no_events`)."""
    vacuous = [
        c["id"]
        for c in PASSAGES
        if c.get("no_participants") and not (c.get("events") or c.get("no_events"))
    ]
    assert vacuous == []
