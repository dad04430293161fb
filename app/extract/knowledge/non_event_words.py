"""Words that mark a use of an event word as no act (`non_events.yaml`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from app.extract.knowledge.files import data_text


@dataclass(frozen=True)
class NonEventWords:
    prospect_nouns: frozenset[str]
    period_preps: frozenset[str]
    observer_nouns: frozenset[str]
    prospective_modifiers: frozenset[str]
    claim_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def non_event_words() -> NonEventWords:
    raw = yaml.safe_load(data_text("non_events.yaml")) or {}
    return NonEventWords(
        **{
            name: frozenset(str(w).lower() for w in raw.get(name) or ())
            for name in (
                "prospect_nouns",
                "period_preps",
                "observer_nouns",
                "prospective_modifiers",
                "claim_nouns",
            )
        }
    )
