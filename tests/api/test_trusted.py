"""trusted()/member(): the shortcut list pages build their models with serialises exactly like
a validated model, and refuses to build one with a field left out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.schemas.actor import ActorRef
from app.schemas.common import Span
from app.schemas.event import EventOut, Participant
from app.schemas.trusted import member, trusted
from app.vocab import ActorKind, DatePrecision, ParticipantRole, PloverType, QuadClass

ACTOR = {"id": 7, "name": "Hamás", "kind": "group", "country": "PSE", "code": None}
EVENT: dict[str, Any] = {
    "id": 1,
    "article_id": 2,
    "sentence_index": 0,
    "span": {"start": 0, "end": 44},
    "sentence": "Hamás accused Israel of violating the truce.",
    "trigger": "accused",
    "trigger_span": {"start": 6, "end": 13},
    "type": "ACCUSE",
    "cameo": "112",
    "quad_class": 3,
    "goldstein": -2.0,
    "date": dt.date(2024, 5, 1),
    "date_precision": "day",
    "date_source": None,
    "place": None,
    "place_source": None,
    "negated": False,
    "hypothetical": False,
    "confidence": 0.8125,
    "participants": [{"role": "source", "actor": ACTOR}],
    "statement_id": None,
}


def test_trusted_serialises_like_a_validated_model() -> None:
    validated = EventOut.model_validate(EVENT)
    actor = trusted(ActorRef, **(ACTOR | {"kind": member(ActorKind, "group")}))
    built = trusted(
        EventOut,
        **EVENT
        | {
            "span": trusted(Span, start=0, end=44),
            "trigger_span": trusted(Span, start=6, end=13),
            "type": member(PloverType, "ACCUSE"),
            "quad_class": member(QuadClass, 3),
            "date_precision": member(DatePrecision, "day"),
            "participants": [
                trusted(Participant, role=member(ParticipantRole, "source"), actor=actor)
            ],
        },
    )
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()


def test_trusted_refuses_a_missing_field() -> None:
    with pytest.raises(TypeError, match="end"):
        trusted(Span, start=1)


def test_member_is_the_enum_member_and_refuses_unknown_values() -> None:
    assert member(PloverType, "ACCUSE") is PloverType.ACCUSE
    assert member(QuadClass, 3) is QuadClass(3)
    with pytest.raises(KeyError):
        member(PloverType, "NOT_A_TYPE")
