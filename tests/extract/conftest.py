"""Shared fixtures: the spaCy model is loaded once per test session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.extract import ArticleInput, Extraction, extract
from app.extract.pipeline import warm_up

DEFAULT_DATE = dt.date(2017, 9, 12)  # a Tuesday


@pytest.fixture(scope="session")
def nlp_loaded() -> None:
    warm_up()


@pytest.fixture(scope="session")
def run(nlp_loaded: None) -> Callable[..., Extraction]:
    """Extract a short text (default article date: Tuesday 2017-09-12)."""

    def _run(text: str, date: dt.date = DEFAULT_DATE) -> Extraction:
        return extract(ArticleInput(text=text, date=date))

    return _run
