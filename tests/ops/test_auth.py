"""Every auth case on a write (DELETE needs no NLP) and on reads with DYAD_REQUIRE_READ_KEY."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import get_sessionmaker
from app.ingest.store import store_extraction
from app.models import ApiKey
from app.security.keys import hash_key, revoke_key
from tests import factories as f
from tests.ops.helpers import app_client, bearer, new_key


def stored_article(session: Session) -> int:
    article_id = store_extraction(session, f.extraction(actors=[f.HAMAS])).article_id
    session.commit()
    return article_id


def test_write_without_key_is_401_problem(client: TestClient, session: Session) -> None:
    r = client.delete(f"/articles/{stored_article(session)}")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_wrong_key_is_401(client: TestClient, session: Session) -> None:
    new_key("write")
    r = client.delete(f"/articles/{stored_article(session)}", headers=bearer("dyad_not-a-real-key"))
    assert r.status_code == 401


def test_read_key_on_write_is_403(client: TestClient, session: Session) -> None:
    r = client.delete(f"/articles/{stored_article(session)}", headers=bearer(new_key("read")))
    assert r.status_code == 403 and "read scope" in r.json()["detail"]


@pytest.mark.parametrize("scope", ["write", "admin"])
def test_write_and_admin_keys_may_write_by_either_header(
    client: TestClient, session: Session, scope: str
) -> None:
    key = new_key(scope)
    assert (
        client.delete(f"/articles/{stored_article(session)}", headers=bearer(key)).status_code
        == 200
    )
    assert (
        client.delete(
            f"/articles/{stored_article(session)}", headers={"X-API-Key": key}
        ).status_code
        == 200
    )


def test_revoked_key_fails_at_once(client: TestClient, session: Session) -> None:
    key = new_key("write")
    first = stored_article(session)
    assert client.delete(f"/articles/{first}", headers=bearer(key)).status_code == 200
    with get_sessionmaker().begin() as s:
        assert revoke_key(s, key[:11]) == 1
    assert (
        client.delete(f"/articles/{stored_article(session)}", headers=bearer(key)).status_code
        == 401
    )


def test_only_the_hash_is_stored(session: Session) -> None:
    key = new_key("read")
    row = session.execute(select(ApiKey)).scalar_one()
    assert row.key_hash == hash_key(key) and key not in (row.prefix, row.name)


def test_reads_are_public_by_default(client: TestClient) -> None:
    assert client.get("/events").status_code == 200


def test_require_read_key(monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    key = new_key("read")
    with app_client(monkeypatch, require_read_key="true") as client:
        assert client.get("/events").status_code == 401
        assert client.get("/events", headers=bearer("dyad_wrong")).status_code == 401
        assert client.get("/events", headers=bearer(key)).status_code == 200
        assert client.get("/healthz").status_code == 200  # probes carry no keys
