"""Date rules: what is an event's date, resolved which way, and what never is."""

from __future__ import annotations

import datetime as dt

import pytest

from app.extract import dates
from app.extract.nlp import get_nlp

WEDNESDAY = dt.date(2025, 3, 12)


@pytest.mark.parametrize(
    "expr",
    ["99 years", "two weeks", "several months", "the 1990s", "the early 2000s", "20 years ago"],
)
def test_durations_decades_and_far_relative_expressions_are_no_date(expr: str) -> None:
    assert dates.resolve(expr, WEDNESDAY) is None


def test_relative_expression_within_reach_still_resolves() -> None:
    assert dates.resolve("three years ago", WEDNESDAY) == (dt.date(2022, 1, 1), "year")


def test_past_report_weekday_resolves_backwards_even_when_future_was_guessed() -> None:
    # "said Saturday" in a Wednesday article: the Saturday before, never the one after.
    got = dates.settle("Saturday", WEDNESDAY, future=False)
    assert (got.date, got.precision, got.source) == (dt.date(2025, 3, 8), "day", "text")


def test_future_event_may_be_dated_forward() -> None:
    got = dates.settle("Saturday", WEDNESDAY, future=True)
    assert got.date == dt.date(2025, 3, 15) and got.source == "text"


def test_non_hypothetical_event_is_never_after_its_article() -> None:
    got = dates.settle("2050", WEDNESDAY)
    assert (got.date, got.source) == (WEDNESDAY, "article")
    # A hypothetical may lie after its article, but never past the accepted range
    # (app/date_bounds.py: one day after today), where a resolved date counts as unsaid.
    assert dates.settle("2026", WEDNESDAY, hypothetical=True).date == dt.date(2026, 1, 1)
    assert dates.settle("2050", WEDNESDAY, hypothetical=True).source == "article"


def test_no_expression_defaults_to_the_article_and_says_so() -> None:
    got = dates.settle(None, WEDNESDAY)
    assert (got.date, got.source) == (WEDNESDAY, "article")


def _date_ent(text: str, which: str):  # type: ignore[no-untyped-def]
    doc = get_nlp()(text)
    ent = next((e for e in doc.ents if e.label_ in ("DATE", "TIME") and which in e.text), None)
    assert ent is not None, [(e.text, e.label_) for e in doc.ents]
    return ent


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("The government leased the port to China for 99 years.", "99 years"),
        ("The country pledged to cut emissions to zero by 2050.", "2050"),
        ("Troops will stay until March.", "March"),
        ("He has been detained since 2014.", "2014"),
        ("The court banned the party that signed the 1995 Dayton Accords.", "1995"),
        ("Crowds marked the 10-year anniversary of the uprising.", "10-year"),
    ],
)
def test_not_the_event_time(text: str, which: str) -> None:
    assert dates.not_the_event_time(_date_ent(text, which)) is not None


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("Police arrested him on Monday.", "Monday"),
        ("The court sentenced him in 2023.", "2023"),
        ("Israeli warplanes struck Gaza last week.", "last week"),
    ],
)
def test_the_event_time(text: str, which: str) -> None:
    assert dates.not_the_event_time(_date_ent(text, which)) is None


@pytest.mark.parametrize("expr", ["SU 35", "F 16", "Resolution 2231"])
def test_a_bare_number_is_no_year(expr: str) -> None:
    # spaCy tags "Russia's SU 35" as a DATE; dateparser would read 35 as 1935
    assert dates.resolve(expr, WEDNESDAY) is None


def test_statement_dates_follow_the_event_rules() -> None:
    import app.extract as ex

    text = "Iran's foreign minister said on Saturday that talks would resume."
    got = ex.extract(ex.ArticleInput(id="s", text=text, date=WEDNESDAY))
    assert got.statements and all(s.date == dt.date(2025, 3, 8) for s in got.statements)
    # "since 2014" is where a claim starts, not when it was made
    text = "Officials have said since 2014 that the border crossing must stay closed."
    got = ex.extract(ex.ArticleInput(id="s", text=text, date=WEDNESDAY))
    assert got.statements and all(s.date == WEDNESDAY for s in got.statements)
