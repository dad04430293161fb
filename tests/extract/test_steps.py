"""The extraction steps' declared reads and writes, and the order check built on them."""

from __future__ import annotations

import pytest

from app.extract.context import DocContext
from app.extract.pipeline import STEPS
from app.extract.steps import StepOrderError, check_order, step


def _noop(ctx: DocContext) -> None:
    return None


def test_pipeline_order_satisfies_every_declared_requirement() -> None:
    check_order(STEPS)
    assert [s.name for s in STEPS][:2] == ["entity_actors", "places"]


def test_events_before_places_is_refused() -> None:
    by_name = {s.name: s for s in STEPS}
    wrong = [by_name["entity_actors"], by_name["actors"], by_name["events"], by_name["places"]]
    with pytest.raises(StepOrderError, match="'events' requires .*places"):
        check_order(wrong)


def test_a_step_may_only_read_what_an_earlier_step_assigns() -> None:
    reader = step("reader", _noop, requires=["parse", "events"], assigns=["statements"])
    writer = step("writer", _noop, requires=["parse"], assigns=["events"])
    check_order([writer, reader])
    with pytest.raises(StepOrderError, match="'reader' requires events"):
        check_order([reader, writer])
