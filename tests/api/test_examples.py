"""The provisioned Grafana dashboard in examples/ asks the API what it can answer: every panel
query, with Grafana's values substituted (epoch ms, an unset variable), returns the columns the
panel reads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.seeded import seed_more

DASHBOARD = Path(__file__).parents[2] / "examples" / "grafana" / "dyad-dashboard.json"
GRAFANA_VALUES = {"${__from}": "1483228800000", "${__to}": "1577750400000", "${type:csv}": ""}


@pytest.fixture
def seeded(client: TestClient, session: Session) -> TestClient:
    seed_more(session)
    return client


def test_every_grafana_panel_query_answers_its_columns(seeded: TestClient) -> None:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    targets = [t for p in panels for t in p["targets"]]
    assert len(targets) == 4
    for t in targets:
        path = t["url"].removeprefix("http://127.0.0.1:8000")
        params = {
            p["key"]: GRAFANA_VALUES.get(p["value"], p["value"]) for p in t["url_options"]["params"]
        }
        resp = seeded.get(path, params=params)
        assert resp.status_code == 200, (path, resp.text)
        if t["type"] == "csv":
            rows = list(csv.DictReader(io.StringIO(resp.text)))
        else:
            rows = resp.json()[t["root_selector"]]
        assert rows, path
        wanted = {c["selector"] for c in t["columns"]}
        assert wanted <= set(rows[0]), (path, wanted - set(rows[0]))
