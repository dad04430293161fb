"""Statements carry their speaker's span; speech-act events and statements point to each other."""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extract.records import StatementRecord
from app.ingest.store import store_extraction
from app.models import Event, Statement
from tests import factories as f


def _seed(session: Session) -> None:
    accuse = f.event("ACCUSE", f.HAMAS, f.FATAH, date=dt.date(2017, 9, 12))
    consult = f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 12))
    linked = StatementRecord(
        0, 30, 60, "of blocking the deal", "indirect", "accused", "hamas",
        speaker_start=0, speaker_end=5, speaker_text="Hamas", event_id=0,
    )  # fmt: skip
    unnamed = StatementRecord(
        1, 80, 110, "the talks had failed", "indirect", "said", None,
        speaker_start=62, speaker_end=75, speaker_text="the newspaper",
    )  # fmt: skip
    stray = StatementRecord(1, 120, 130, "nothing", "indirect", "said", None, event_id=7)
    accuse.statement_id = 0
    ex = f.extraction(
        actors=[f.HAMAS, f.FATAH, f.EGYSPY],
        events=[accuse, consult],
        statements=[linked, unnamed, stray],
    )
    store_extraction(session, ex)
    session.commit()


def test_store_keeps_speaker_span_and_the_link(session: Session) -> None:
    _seed(session)
    rows = {s.text: s for s in session.execute(select(Statement)).scalars()}
    accuse = session.execute(select(Event).where(Event.plover_type == "ACCUSE")).scalar_one()
    linked = rows["of blocking the deal"]
    assert (linked.speaker_start, linked.speaker_end, linked.speaker_text) == (0, 5, "Hamas")
    assert linked.event_id == accuse.id
    unnamed = rows["the talks had failed"]
    assert unnamed.speaker_id is None and unnamed.speaker_text == "the newspaper"
    assert rows["nothing"].event_id is None  # an index with no event is no link


def test_statements_and_events_serve_the_links(client: TestClient, session: Session) -> None:
    _seed(session)
    items = client.get("/statements").json()["items"]
    by_text = {s["text"]: s for s in items}
    linked = by_text["of blocking the deal"]
    assert linked["speaker_span"] == {"start": 0, "end": 5}
    assert linked["speaker_text"] == "Hamas"
    assert by_text["the talks had failed"]["speaker"] is None
    assert by_text["the talks had failed"]["speaker_span"] == {"start": 62, "end": 75}
    event = client.get(f"/events/{linked['event_id']}").json()
    assert event["type"] == "ACCUSE" and event["statement_id"] == linked["id"]
    listed = {e["type"]: e for e in client.get("/events").json()["items"]}
    assert listed["ACCUSE"]["statement_id"] == linked["id"]
    assert listed["CONSULT"]["statement_id"] is None


def test_statement_csv_has_speaker_span_and_event(client: TestClient, session: Session) -> None:
    _seed(session)
    resp = client.get("/statements", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    linked = next(r for r in rows if r["text"] == "of blocking the deal")
    assert (linked["speaker_text"], linked["speaker_start"], linked["speaker_end"]) == (
        "Hamas",
        "0",
        "5",
    )
    assert linked["event_id"] != ""
