"""Walking a list endpoint's pages, for tests that compare what two code paths answer."""

from __future__ import annotations

from fastapi.testclient import TestClient


def walk_pages(client: TestClient, pages: list[dict[str, str]]) -> list[bytes]:
    """Every page of each /events query in `pages`, following `next` to the end (bodies as sent)."""
    bodies = []
    for params in pages:
        url: str | None = "/events"
        sent: dict[str, str] | None = params
        while url is not None:
            resp = client.get(url, params=sent)
            assert resp.status_code == 200, (params, resp.text)
            bodies.append(resp.content)
            url, sent = resp.json()["next"], None
    return bodies
