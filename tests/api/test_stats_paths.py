"""The fast paths of /stats (copied columns, event_dyads) count exactly what the general path
over `events` counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.query import stats, timeline
from app.query.event_filter import EventFilter
from tests.api.seeded import seed_more


def _general(f: EventFilter) -> EventFilter:
    # A condition every event meets, which the fast paths do not take: forces the events path.
    return f.but(min_confidence=0.0)


def test_actor_timeline_by_type_matches_the_events_path(db: object, session: Session) -> None:
    seed_more(session)
    for f in (
        EventFilter(actor=["Hamas"]),
        EventFilter(actor=["Hamas"], actor_role="source"),
        EventFilter(actor=["Hamas"], date_from=dt.date(2018, 1, 1), types=["CONSULT", "ACCUSE"]),
    ):
        for by in ("type", None):
            fast = timeline.timeline(session, f, "week", by)  # type: ignore[arg-type]
            slow = timeline.timeline(session, _general(f), "week", by)  # type: ignore[arg-type]
            assert fast == slow
    assert sum(
        b.count for b in timeline.timeline(session, EventFilter(actor=["Hamas"]), "day", None)
    )


def test_dyads_from_event_dyads_match_the_events_path(db: object, session: Session) -> None:
    seed_more(session)
    for f in (
        EventFilter(),
        EventFilter(date_from=dt.date(2018, 1, 1)),
        EventFilter(types=["ASSAULT"]),
    ):
        assert stats.dyads(session, f, 10) == stats.dyads(session, _general(f), 10)
    assert stats.dyads(session, EventFilter(), 10)


def test_actors_driven_by_events_match_the_unfiltered_counts(db: object, session: Session) -> None:
    seed_more(session)
    assert stats.actors(session, EventFilter(), 20) == stats.actors(
        session, _general(EventFilter()), 20
    )
