"""Dropping the events PLOVER does not code keeps the statement <-> event links whole."""

from __future__ import annotations

from collections.abc import Callable

from app.extract.records import Extraction


def test_links_follow_the_kept_events(run: Callable[..., Extraction]) -> None:
    # the first ACCUSE names no accuser and is dropped; the second keeps its statement
    ex = run(
        "Paris was accused of aiding the rebels. "
        "Kenya accused Uganda of arming militias, saying the weapons came by road."
    )
    assert [e.trigger for e in ex.events] == ["accused"]
    linked = [(i, s) for i, s in enumerate(ex.statements) if s.event_id is not None]
    assert linked, ex.statements
    for si, st in linked:
        assert st.event_id is not None and 0 <= st.event_id < len(ex.events)
        assert ex.events[st.event_id].statement_id == si
    for ev in ex.events:
        if ev.statement_id is not None:
            assert ex.statements[ev.statement_id].event_id == ex.events.index(ev)
