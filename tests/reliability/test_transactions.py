"""A request's writes are committed before its answer is sent: a commit that fails is an error
response, never a 2xx for data that was not stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.api.deps import SessionDep
from app.main import create_app
from app.models import ApiKey
from tests.ops.helpers import new_key
from tests.reliability.conftest import assert_problem


def test_failed_commit_is_an_error_answer_not_a_2xx(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    app = create_app()

    # A POST: GET/HEAD requests read in autocommit on PostgreSQL (app.db.Database.reader).
    @app.post("/_test/write", include_in_schema=False)
    def write(session: SessionDep) -> dict[str, str]:
        session.execute(
            insert(ApiKey).values(name="t", prefix="p", key_hash="0" * 64, scope="read")
        )
        return {"status": "stored"}

    def failing_commit(self: Session) -> None:
        raise OperationalError(
            "COMMIT", {}, ConnectionError("server closed the connection unexpectedly")
        )

    key = new_key("write")  # committed before commits start failing
    monkeypatch.setattr(Session, "commit", failing_commit)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/_test/write", headers={"Authorization": f"Bearer {key}"})
    monkeypatch.undo()
    assert_problem(response, 503)
    assert response.headers.get("retry-after")
    with Session(db) as s:
        stored = select(func.count()).select_from(ApiKey).where(ApiKey.name == "t")
        assert s.execute(stored).scalar_one() == 0
