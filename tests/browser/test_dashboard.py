"""The dashboard in a real browser: offline, consistent with the API, clickable, and its first
render on 20k events measured (printed, not asserted: timing goals live outside tests)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from tests.browser.conftest import EVENTS, Watched

WORLD = "-180,-90,180,90"


def _ready(page: Any, after: int = 0) -> int:
    """Wait until the page has drawn refresh number > after; returns that number."""
    page.wait_for_function(f"Number(document.body.dataset.ready || 0) > {after}", timeout=30_000)
    return int(page.evaluate("document.body.dataset.ready"))


def _total(api: httpx.Client, **params: str) -> int:
    resp = api.get("/events", params={**params, "count": "true", "limit": "1"})
    assert resp.status_code == 200, resp.text
    return int(resp.json()["total"])


def _shown(page: Any) -> dict[str, int]:
    return {
        name: int(page.get_attribute(sel, "data-total"))
        for name, sel in (("map", "#map"), ("timeline", "#timeline"), ("table", "#events"))
    }


def test_page_and_docs_load_offline_without_console_errors(
    server: str, watched: Watched, api: httpx.Client
) -> None:
    page = watched.page
    page.goto(server + "/")
    _ready(page)
    page.wait_for_load_state("networkidle")
    first_render = int(page.evaluate("document.body.dataset.firstRenderMs"))
    print(f"\nfirst render of the dashboard on {EVENTS}+ events: {first_render} ms (goal < 1500)")
    slowest = page.evaluate(
        "performance.getEntriesByType('resource').map(r => [Math.round(r.duration), r.name])"
        ".sort((a, b) => b[0] - a[0]).slice(0, 4)"
    )
    print(
        "slowest requests (ms):", ", ".join(f"{ms} {url.split('/', 3)[-1]}" for ms, url in slowest)
    )
    assert page.locator("#map path.leaflet-interactive, #map .marker-cluster").count() > 0
    assert page.locator("#map svg path").count() > 100  # the Natural Earth countries
    assert page.locator("#timeline rect").count() > 0
    assert page.locator("#network circle").count() > 0
    assert page.locator("#events tbody tr").count() == 50
    assert _shown(page)["table"] == _total(api)
    watched.shot("dashboard")
    for path, selector in (("/docs", ".swagger-ui .opblock"), ("/redoc", "[role=search], h1")):
        page.goto(server + path)
        page.wait_for_selector(selector, timeout=30_000)
        page.wait_for_load_state("networkidle")
        watched.shot(path.strip("/"), full=False)
    assert watched.foreign(server) == []
    assert watched.errors == []


def test_changing_a_filter_changes_map_timeline_and_table_to_the_api_numbers(
    server: str, watched: Watched, api: httpx.Client
) -> None:
    page = watched.page
    page.goto(server + "/")
    n = _ready(page)
    everything = _shown(page)
    assert everything["table"] == everything["timeline"] == _total(api)
    assert everything["map"] == _total(api, bbox=WORLD)

    counts = api.get("/stats/types").json()["items"]
    picked = sorted({counts[1]["type"], counts[2]["type"]})
    page.select_option("select[name=type]", picked)
    n = _ready(page, n)
    assert sorted(parse_qs(urlparse(page.url).query)["type"][0].split(",")) == picked
    expected = _total(api, type=",".join(picked))
    shown = _shown(page)
    assert 0 < expected < everything["table"]
    assert shown == {
        "map": _total(api, type=",".join(picked), bbox=WORLD),
        "timeline": expected,
        "table": expected,
    }

    page.fill("input[name=date_from]", "2017-01-01")
    page.dispatch_event("input[name=date_from]", "change")
    n = _ready(page, n)
    narrowed = _total(api, type=",".join(picked), date_from="2017-01-01")
    assert narrowed < expected and _shown(page)["table"] == narrowed
    assert _shown(page)["timeline"] == narrowed

    # The view is in the URL: opening it afresh shows the same numbers.
    url = page.url
    page.goto(url)
    _ready(page)
    assert _shown(page)["table"] == narrowed
    watched.shot("filtered", full=False)
    assert watched.errors == []


def test_clicking_a_point_opens_its_sentence(
    server: str, watched: Watched, api: httpx.Client
) -> None:
    page = watched.page
    page.goto(server + "/?q=politburo")
    _ready(page)
    page.evaluate("window.dyadMap.setView([30.06, 31.25], 8, {animate: false})")
    page.wait_for_timeout(500)
    point = page.locator("#map path.pt >> visible=true").first
    point.wait_for(timeout=10_000)
    point.click(force=True)
    shown = page.locator(".leaflet-popup .popup .ev").first
    shown.wait_for(timeout=10_000)
    event = api.get(f"/events/{shown.get_attribute('data-event')}").json()
    trigger = shown.locator("mark.trigger")
    assert trigger.count() == 1 and trigger.inner_text() == event["trigger"]
    # Participants are marked where the article's stored mentions of them lie in the sentence.
    ids = {p["actor"]["id"] for p in event["participants"]}
    doc = api.get(f"/articles/{event['article_id']}").json()
    mentioned = {
        m["text"]
        for m in doc["mentions"]
        if m["actor_id"] in ids
        and event["span"]["start"] <= m["span"]["start"] < event["span"]["end"]
    }
    actors = set(shown.locator("mark.actor").all_inner_texts())
    assert actors and actors <= mentioned, (actors, mentioned)
    meta = shown.locator(".meta").inner_text()
    assert event["type"] in meta and f"{event['date_precision']} precision" in meta
    assert event["date"] in meta
    assert shown.locator(f"a[data-article='{event['article_id']}']").count() == 1
    watched.shot("popup", full=False)
    assert watched.errors == []


def test_article_reader_highlights_every_stored_span(
    server: str, watched: Watched, api: httpx.Client
) -> None:
    page = watched.page
    page.goto(server + "/?q=politburo")
    _ready(page)
    link = page.locator("#events a[data-article]").first
    article_id = int(link.get_attribute("data-article"))
    link.click()
    page.locator("#reader:not([hidden]) #reader-text mark").first.wait_for(timeout=10_000)
    doc = api.get(f"/articles/{article_id}").json()

    def spans(rows: list[dict[str, Any]], key: str = "span") -> set[str]:
        return {doc["text"][r[key]["start"] : r[key]["end"]] for r in rows}

    expected = {
        "actor": spans([m for m in doc["mentions"] if m["actor_id"]]),
        "place": spans([m for m in doc["mentions"] if m["place_id"]]),
        "event": spans(doc["events"], "trigger_span"),
        "statement": spans(doc["statements"]),
    }
    for kind, texts in expected.items():
        assert texts, f"the seed article has no {kind} spans"
        marked = page.locator(f"#reader-text mark.{kind}").all_inner_texts()
        assert marked, kind
        # Overlapping spans are split into pieces: each marked piece lies inside a stored span.
        assert all(any(m in t for t in texts) for m in marked), (kind, marked, texts)
    watched.shot("reader", full=False)
    assert watched.errors == []


def test_a_bad_filter_shows_the_problem_beside_the_field_and_empty_says_so(
    server: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(server + "/?date_from=2019-01-01&date_to=2018-01-01")
    _ready(page)
    err = page.locator('.err[data-for="date_from"]')
    assert re.search("after", err.inner_text())
    assert "Fix the filter" in page.inner_text("#status")

    page.goto(server + "/?actor=Nobody%20Atall%20Xyzzy")
    _ready(page)
    assert page.locator('.err[data-for="actor"]').inner_text().strip() != ""
    watched.shot("bad-filter", full=False)

    page.goto(server + "/?q=zzzzqqqq")
    _ready(page)
    assert "No events match" in page.inner_text("#status")
    assert "No events match" in page.inner_text("#events tbody")
    assert page.get_attribute("#events", "data-total") == "0"
