"""A small, hand-built event set stored through the real storage path, for API tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.extract.records import ActorRecord
from app.ingest.store import store_extraction
from tests import factories as f

ABBAS = ActorRecord("abbas", "Mahmoud Abbas", "person", "PSE", aliases=["Abbas", "Palestinian President Mahmoud Abbas"])


def seed_events(session: Session) -> None:
    """Four events over three articles: Cairo meeting, Gaza City assault, Qatar siege, Abbas threat."""
    store_extraction(session, f.extraction(
        actors=[f.HAMAS, f.EGYSPY], places=[f.EGYPT_PLACE, f.CAIRO],
        events=[f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), place=f.CAIRO, cameo="040")],
    ))
    store_extraction(session, f.extraction(
        date=dt.date(2018, 5, 14),
        actors=[f.HAMAS, f.FATAH, ABBAS], places=[f.PSE_PLACE, f.GAZA_STRIP, f.GAZA_CITY],
        events=[
            f.event("ASSAULT", f.FATAH, f.HAMAS, date=dt.date(2018, 5, 14), place=f.GAZA_CITY, cameo="190"),
            f.event("THREATEN", ABBAS, f.HAMAS, date=dt.date(2018, 5, 13), cameo="130", hypothetical=True),
        ],
    ))
    store_extraction(session, f.extraction(
        date=dt.date(2017, 6, 5),
        actors=[f.EGYPT, f.QATAR],
        events=[f.event("SANCTION", f.EGYPT, f.QATAR, date=dt.date(2017, 6, 5), cameo="163")],
    ))
    session.commit()
