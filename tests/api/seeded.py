"""Small, hand-built event sets stored through the real storage path, for API tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.extract.records import ActorRecord, PlaceRecord, StatementRecord
from app.ingest.store import store_extraction
from tests import factories as f

ABBAS = ActorRecord(
    "abbas",
    "Mahmoud Abbas",
    "person",
    "PSE",
    aliases=["Abbas", "Palestinian President Mahmoud Abbas"],
)
FIJI = ActorRecord("fji", "Fiji", "state", "FJI", "FJI", aliases=["Fiji"])
SAMOA = ActorRecord("wsm", "Samoa", "state", "WSM", "WSM", aliases=["Samoa"])
# Either side of the antimeridian, for bounding boxes that cross it.
SUVA = PlaceRecord("p-suva", "Suva", "city", "FJI", -18.14161, 178.44149, 2198148)
APIA = PlaceRecord("p-apia", "Apia", "city", "WSM", -13.83333, -171.76666, 4035413)


def seed_events(session: Session) -> None:
    """Four events over three articles: Cairo meeting, Gaza City assault, Qatar siege, Abbas
    threat."""
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, f.EGYSPY],
            places=[f.EGYPT_PLACE, f.CAIRO],
            events=[
                f.event(
                    "CONSULT",
                    f.HAMAS,
                    f.EGYSPY,
                    date=dt.date(2017, 9, 11),
                    place=f.CAIRO,
                    cameo="040",
                )
            ],
        ),
    )
    store_extraction(
        session,
        f.extraction(
            date=dt.date(2018, 5, 14),
            actors=[f.HAMAS, f.FATAH, ABBAS],
            places=[f.PSE_PLACE, f.GAZA_STRIP, f.GAZA_CITY],
            events=[
                f.event(
                    "ASSAULT",
                    f.FATAH,
                    f.HAMAS,
                    date=dt.date(2018, 5, 14),
                    place=f.GAZA_CITY,
                    cameo="190",
                ),
                f.event(
                    "THREATEN",
                    ABBAS,
                    f.HAMAS,
                    date=dt.date(2018, 5, 13),
                    cameo="130",
                    hypothetical=True,
                ),
            ],
        ),
    )
    store_extraction(
        session,
        f.extraction(
            date=dt.date(2017, 6, 5),
            actors=[f.EGYPT, f.QATAR],
            events=[f.event("SANCTION", f.EGYPT, f.QATAR, date=dt.date(2017, 6, 5), cameo="163")],
        ),
    )
    session.commit()


def seed_more(session: Session) -> None:
    """seed_events plus: Hamas → Fatah (the reverse dyad), a negated low-confidence refusal with
    searchable text, a Pacific pair across the antimeridian, and statements naming actors."""
    seed_events(session)
    text = (
        "Hamas rejected the Fatah ceasefire proposal on Tuesday. Fatah said Hamas would never sign."
    )
    store_extraction(
        session,
        f.extraction(
            text=text,
            date=dt.date(2018, 5, 16),
            actors=[f.HAMAS, f.FATAH],
            places=[f.PSE_PLACE, f.GAZA_STRIP, f.GAZA_CITY],
            events=[
                f.event(
                    "REJECT",
                    f.HAMAS,
                    f.FATAH,
                    date=dt.date(2018, 5, 15),
                    place=f.GAZA_STRIP,
                    cameo="120",
                    end=55,
                    negated=True,
                    confidence=0.4,
                )
            ],
            statements=[
                StatementRecord(1, 67, 89, "Hamas would never sign", "indirect", "said", "fatah")
            ],
            mentions=[
                f.MentionRecord("hamas", "actor", 1, 67, 72, "Hamas"),
                f.MentionRecord("fatah", "actor", 1, 56, 61, "Fatah"),
            ],
        ),
    )
    store_extraction(
        session,
        f.extraction(
            date=dt.date(2019, 1, 2),
            actors=[FIJI, SAMOA],
            places=[SUVA, APIA],
            events=[
                f.event(
                    "AID",
                    FIJI,
                    SAMOA,
                    date=dt.date(2019, 1, 2),
                    place=APIA,
                    cameo="07",
                    confidence=0.8,
                ),
                f.event(
                    "COOPERATE",
                    SAMOA,
                    FIJI,
                    date=dt.date(2019, 1, 1),
                    place=SUVA,
                    cameo="06",
                    confidence=0.8,
                ),
            ],
        ),
    )
    session.commit()
