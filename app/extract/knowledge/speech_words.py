"""Verbs of speech and reporting (`speech.yaml`)."""

from __future__ import annotations

import functools

import yaml

from app.extract.knowledge.files import data_text


@functools.lru_cache(maxsize=1)
def _speech() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(data_text("speech.yaml")) or {}
    return {
        key: frozenset(str(v).lower() for v in raw.get(key) or [])
        for key in ("speech", "reporting")
    }


def speech_verbs() -> frozenset[str]:
    """Lemmas of verbs that introduce speech (`speech.yaml`)."""
    return _speech()["speech"]


def reporting_verbs() -> frozenset[str]:
    """Lemmas whose clausal complement is indirect speech (`speech.yaml`)."""
    return _speech()["reporting"]
