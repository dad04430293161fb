from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def test_create_list_revoke(client: TestClient) -> None:
    created = runner.invoke(app, ["api-key", "create", "--name", "feed", "--scope", "write"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("dyad_") and len(key) > 40
    listed = runner.invoke(app, ["api-key", "list"]).stdout
    assert "feed" in listed and key not in listed and key[:11] in listed
    assert (
        client.post("/ingest-jobs", json=[], headers={"X-API-Key": key}).status_code == 422
    )  # authorised
    assert runner.invoke(app, ["api-key", "revoke", key[:11]]).exit_code == 0
    assert client.post("/ingest-jobs", json=[], headers={"X-API-Key": key}).status_code == 401
    assert runner.invoke(app, ["api-key", "revoke", key[:11]]).exit_code == 1
    assert (
        runner.invoke(app, ["api-key", "create", "--name", "x", "--scope", "root"]).exit_code == 2
    )
