"""The types PLOVER codes only with a recipient (COOPERATE, AID, SANCTION: "Requires recipient:
Yes" in their codebook sections) never come out of the extractor without a target."""

from __future__ import annotations

from collections.abc import Callable

from app.extract.records import Extraction
from app.vocab import REQUIRES_RECIPIENT


def test_an_act_that_needs_a_recipient_is_coded_only_with_one(
    run: Callable[..., Extraction],
) -> None:
    ex = run(
        "Canada froze the assets on Monday. Ottawa also froze the assets of two Russian banks. "
        "Norway sent aid on Tuesday, and Sweden sent aid to Moldova."
    )
    names = {a.key: a.name for a in ex.actors}
    coded = [
        (e.plover_type, e.trigger, {p.role: names[p.actor] for p in e.participants})
        for e in ex.events
        if e.plover_type in REQUIRES_RECIPIENT
    ]
    assert all("target" in roles for _, _, roles in coded), coded
    # the ones whose recipient is named are still there
    assert ("SANCTION", "froze", {"source": "Canada", "target": "Russia"}) in coded, coded
    assert any(t == "AID" and roles.get("target") == "Moldova" for t, _, roles in coded), coded
