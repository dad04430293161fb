"""Access control: no write without a live write key; keys are shown once, stored only as
hashes, never logged, never returned, and compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from app.cli import app as cli
from app.config import get_settings
from app.db import get_sessionmaker
from app.logs import JsonFormatter, RequestIdFilter
from app.main import create_app
from app.models import ApiKey, Article
from app.security import keys as key_module
from tests.api.seeded import seed_events
from tests.reliability.conftest import assert_problem

ARTICLE = {
    "text": "Hamas met Egyptian intelligence officials in Cairo on Monday.",
    "date": "2017-09-11",
}


def cli_key(scope: str, name: str = "test") -> str:
    result = CliRunner().invoke(cli, ["api-key", "create", "--name", name, "--scope", scope])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("dyad_") and len(key) > 30
    return key


def revoke(key: str) -> None:
    with get_sessionmaker()() as s:
        key_id = s.execute(
            select(ApiKey.id).where(ApiKey.key_hash == hashlib.sha256(key.encode()).hexdigest())
        ).scalar_one()
    result = CliRunner().invoke(cli, ["api-key", "revoke", str(key_id)])
    assert result.exit_code == 0, result.output


def article_count() -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


@pytest.fixture
def keys(db: Engine) -> dict[str, str]:
    with get_sessionmaker()() as s:
        seed_events(s)
    out = {scope: cli_key(scope) for scope in ("read", "write", "admin")}
    out["revoked"] = cli_key("write", "to revoke")
    revoke(out["revoked"])
    return out


@pytest.fixture
def api(keys: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def writes(c: TestClient, headers: dict[str, str]) -> list[Any]:
    """One request to every write operation, with `headers`."""
    return [
        c.post("/articles", json=ARTICLE, headers=headers),
        c.delete("/articles/1", headers=headers),
        c.post("/ingest-jobs", json=[ARTICLE], headers=headers),
        c.post("/extract", json=ARTICLE, headers=headers),
    ]


def malformed(key: str) -> list[dict[str, str]]:
    return [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Basic {key}"},
        {"Authorization": f"Token {key}"},
        {"Authorization": key},
        {"Authorization": f"Bearer {key[:-1]}"},
        {"Authorization": f"Bearer {key}x"},
        {"Authorization": f"Bearer {key.upper()}"},
        {"Authorization": "Bearer dyad_" + "A" * 43},
        {"Authorization": "Bearer ' OR '1'='1"},
        {"X-API-Key": ""},
        {"X-API-Key": "nonsense"},
        {"X-API-Key": key[: len(key) // 2]},
        {"X-API-Key": hashlib.sha256(key.encode()).hexdigest()},  # the stored hash is not a key
        {"Cookie": f"api_key={key}"},
    ]


def test_writes_without_a_valid_key_are_401_and_change_nothing(
    api: TestClient, keys: dict[str, str]
) -> None:
    before = article_count()
    for headers in malformed(keys["write"]):
        for r in writes(api, headers):
            body = assert_problem(r, 401)
            assert "www-authenticate" in r.headers, headers
            assert keys["write"] not in r.text and keys["write"] not in str(body)
    # A key in the query string is not a credential either.
    assert_problem(api.post(f"/articles?api_key={keys['write']}", json=ARTICLE), 401)
    assert article_count() == before


def test_revoked_key_is_401_and_read_key_is_403(api: TestClient, keys: dict[str, str]) -> None:
    before = article_count()
    for headers in ({"Authorization": f"Bearer {keys['revoked']}"}, {"X-API-Key": keys["revoked"]}):
        for r in writes(api, headers):
            assert_problem(r, 401)
    for headers in ({"Authorization": f"Bearer {keys['read']}"}, {"X-API-Key": keys["read"]}):
        for r in writes(api, headers):
            assert_problem(r, 403)
    assert article_count() == before


def test_write_and_admin_keys_write_and_revocation_is_immediate(
    api: TestClient, keys: dict[str, str]
) -> None:
    write = {"Authorization": f"Bearer {keys['write']}"}
    r = api.post("/extract", json=ARTICLE, headers=write)
    assert r.status_code == 200, r.text[:300]
    assert (
        api.post("/extract", json=ARTICLE, headers={"X-API-Key": keys["admin"]}).status_code == 200
    )
    revoke(keys["write"])  # another process (the CLI) revokes; this app must not have cached it
    for r in writes(api, write):
        assert_problem(r, 401)


def test_read_key_required_when_configured(
    api: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "require_read_key", True)
    assert_problem(api.get("/events"), 401)
    assert_problem(api.get("/events", headers={"X-API-Key": keys["revoked"]}), 401)
    assert_problem(api.get("/events", headers={"X-API-Key": "garbage"}), 401)
    assert api.get("/events", headers={"X-API-Key": keys["read"]}).status_code == 200
    assert api.get("/healthz").status_code == 200  # liveness stays open for the orchestrator


class Collect(logging.Handler):
    """Everything logged, formatted the way production formats it (JSON with every extra field)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.__dict__))


def test_keys_are_never_logged_returned_or_stored(
    keys: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    collect = Collect()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(collect)
    root.setLevel(logging.DEBUG)
    bodies: list[str] = []
    try:
        with TestClient(create_app(), raise_server_exceptions=False) as c:
            for key in keys.values():
                for headers in (
                    {"Authorization": f"Bearer {key}"},
                    {"X-API-Key": key},
                    {"Authorization": f"Bearer {key}x"},
                ):
                    for r in [
                        *writes(c, headers),
                        c.get("/events", headers=headers),
                        c.post(
                            "/articles",
                            content=b"{not json",
                            headers={**headers, "Content-Type": "application/json"},
                        ),
                        c.get("/nowhere", headers=headers),
                    ]:
                        bodies.append(r.text + repr(dict(r.headers)))
            listing = CliRunner().invoke(cli, ["api-key", "list"])
    finally:
        root.removeHandler(collect)
        root.setLevel(old_level)
    captured = capsys.readouterr()
    logged = "\n".join(collect.lines) + captured.out + captured.err
    assert collect.lines, "nothing was logged: the capture is broken"
    assert listing.exit_code == 0
    for key in keys.values():
        assert key not in logged, "a key was logged"
        assert all(key not in b for b in bodies), "a key was sent back"
        assert key not in listing.output, "`api-key list` showed a key"

    # Stored only as SHA-256: no column of any key row holds a key.
    with get_sessionmaker()() as s:
        rows = [dict(r._mapping) for r in s.execute(text("SELECT * FROM api_keys"))]
    hashes = {r["key_hash"] for r in rows}
    for key in keys.values():
        assert hashlib.sha256(key.encode()).hexdigest() in hashes
        assert all(key not in str(v) for r in rows for v in r.values())
    # And there is no HTTP route that lists or shows keys.
    assert not [p for p in create_app().openapi()["paths"] if "key" in p.lower()]


def test_key_check_uses_a_constant_time_comparison(
    api: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(key_module.hmac, "compare_digest", spy)
    assert (
        api.post("/extract", json=ARTICLE, headers={"X-API-Key": keys["write"]}).status_code == 200
    )
    digest = hashlib.sha256(keys["write"].encode()).hexdigest()
    assert (digest, digest) in calls, "the accepted key was not confirmed with hmac.compare_digest"
