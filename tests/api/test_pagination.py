"""Keyset pagination: stable while events arrive, Link header, totals, bad cursors."""

from __future__ import annotations

import base64
import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.ingest.store import store_extraction
from tests import factories as f


def _store(session: Session, days: list[dt.date], kind: str = "CONSULT") -> None:
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, f.EGYSPY],
            events=[f.event(kind, f.HAMAS, f.EGYSPY, date=d) for d in days],
        ),
    )
    session.commit()


def test_cursor_is_stable_while_new_events_are_inserted(
    client: TestClient, session: Session
) -> None:
    base = dt.date(2017, 1, 1)
    # Two events share each date, so the id tie-breaker matters.
    _store(session, [base + dt.timedelta(days=i // 2) for i in range(30)])
    original = {e["id"] for e in client.get("/events", params={"limit": 500}).json()["items"]}
    seen: list[int] = []
    url: str | None = "/events?limit=7"
    inserted = 0
    while url:
        body = client.get(url).json()
        seen += [e["id"] for e in body["items"]]
        url = body["next"]
        if inserted < 3:
            # New events land before, inside and after the part already read.
            _store(
                session,
                [
                    base + dt.timedelta(days=100),
                    base + dt.timedelta(days=7),
                    base - dt.timedelta(days=1),
                ],
                kind="ASSAULT",
            )
            inserted += 1
    assert len(seen) == len(set(seen)), "an event was served twice"
    assert original <= set(seen), "an event that existed from the start was skipped"
    dates_ids = [
        (e["date"], e["id"]) for e in client.get("/events", params={"limit": 500}).json()["items"]
    ]
    assert dates_ids == sorted(dates_ids, reverse=True)


def test_count_link_and_next_keep_the_filters(client: TestClient, session: Session) -> None:
    _store(session, [dt.date(2017, 1, d) for d in range(1, 11)])
    _store(session, [dt.date(2017, 2, 1)], kind="ASSAULT")
    resp = client.get("/events", params={"type": "CONSULT", "limit": 4, "count": "true"})
    body = resp.json()
    assert body["total"] == 10 and len(body["items"]) == 4
    assert resp.headers["link"] == f'<{body["next"]}>; rel="next"'
    assert "type=CONSULT" in body["next"] and "count=true" in body["next"]
    assert client.get("/events").json()["total"] is None
    last = client.get("/events", params={"type": "CONSULT", "limit": 10}).json()
    assert last["next"] is None and len(last["items"]) == 10


def test_malformed_cursors_are_422(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    forged = base64.urlsafe_b64encode(b'{"s":"-date","k":["not a date",1]}').decode().rstrip("=")
    short = base64.urlsafe_b64encode(b'{"s":"-date","k":["2017-01-01"]}').decode().rstrip("=")
    other = base64.urlsafe_b64encode(b'{"s":"-date","k":{"a":1}}').decode().rstrip("=")
    for cursor in ("%%%", "bm90IGpzb24", forged, short, other, "x" * 600):
        resp = client.get("/events", params={"cursor": cursor})
        assert resp.status_code == 422, cursor
        assert resp.json()["param"] == "cursor", cursor
    conf = base64.urlsafe_b64encode(b'{"s":"confidence","k":["high",1]}').decode().rstrip("=")
    assert client.get("/events", params={"cursor": conf, "sort": "confidence"}).status_code == 422


def test_count_matches_the_pages_for_every_kind_of_actor_filter(
    client: TestClient, session: Session
) -> None:
    from tests.api.seeded import seed_more

    seed_more(session)
    for params in (
        {"actor": "Hamas"},
        {"actor": "Hamas", "actor_role": "target"},
        {"actor": "Hamas,Fatah"},
        {"dyad": "Hamas,Fatah"},
        {"dyad": "Hamas,Fatah", "directed": "true"},
        {"source": "Hamas"},
        {"actor": "Hamas", "date_from": "2018-01-01", "type": "REJECT,THREATEN"},
    ):
        pages, url, total = (
            [],
            "/events?" + "&".join(f"{k}={v}" for k, v in params.items()) + "&limit=1&count=true",
            None,
        )
        while url:
            body = client.get(url).json()
            total = body["total"]
            pages += [e["id"] for e in body["items"]]
            url = body["next"]
        assert len(pages) == len(set(pages)) == total, params
