"""Resolve time expressions against the article's publication date.

The common news expressions are read by rule (`rules`); anything else goes to dateparser
(`languages=['en']`, relative base = article date, prefer past dates), after filters that drop
what names no point in time. Results are cached per (expression, article date).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from app.date_bounds import in_range
from app.extract.dates.rules import (
    AGO,
    MONTHS,
    NUMBERS,
    WEEKDAYS,
    YEAR,
    Resolved,
    clean,
    rule_based,
)
from app.vocab import DatePrecision

if TYPE_CHECKING:  # pragma: no cover
    from dateparser.date import DateDataParser

# Relative expressions ("15 years ago", "two decades ago") further back than this are background,
# not the date of a reported event; a stated year ("in 2009") is kept whatever its age.
RELATIVE_REACH_YEARS = 5


@functools.lru_cache(maxsize=64)
def _date_parser(base: dt.date, future: bool) -> DateDataParser:
    """One dateparser instance per article date (its settings carry the relative base)."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


def load_dateparser() -> None:
    """Load dateparser's English data now: its first parse in a process costs ~0.1 s (for
    `warm_up`, so that no article pays it)."""
    _date_parser(dt.date(2000, 1, 1), False).get_date_data("next month")


def _with_dateparser(expr: str, base: dt.date, future: bool = False) -> Resolved | None:
    try:
        data = _date_parser(base, future).get_date_data(expr)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    if not data or data.date_obj is None:
        return None
    period = data.period or "day"
    # dateparser's period is "day", "week", "month" or "year"; a week is dated to its day
    precision = {"month": DatePrecision.MONTH, "year": DatePrecision.YEAR}.get(
        period, DatePrecision.DAY
    )
    return data.date_obj.date(), precision


_RELATIVE_WORD = re.compile(r"\b(ago|yesterday|tomorrow|today|week|month|year)\b")

# Expressions that name no point in time (durations, ages, frequencies).
_NOT_A_DATE = re.compile(
    r"\b(annual|annually|daily|weekly|monthly|yearly|decade|decades|century|centuries|old|long|"
    r"hours?|minutes?|seconds?|each|every|per|age|aged|season|term|period)\b"
)


# "99 years", "two weeks", "several months": a length of time, not a point in it.
_DURATION = re.compile(
    r"^(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    r"many|some|a few|couple of|a couple of|the|the past|the last|the next|past|last|next|"
    r"another|more than|over|nearly|almost|about|around|at least|up to)"
    r"(?: \w+)?(?: \w+)? (?:days?|weeks?|months?|years?|decades?)(?: \w+)?$"
)
_DURATION_OK = re.compile(r"\b(ago|earlier|later|before|after|last|past|next)\b")


@functools.lru_cache(maxsize=4096)
def resolve(expr: str, base: dt.date, future: bool = False) -> Resolved | None:
    """Resolve one time expression (e.g. "on Monday night") against the article date `base`.
    Past dates are preferred ("on Monday" in a news report is the Monday before) unless
    `future` says the sentence speaks of what is to come ("will meet on Monday").

    A date outside app.date_bounds (or beyond what `datetime` can hold) is no date at all."""
    try:
        hit = _resolve(expr, base, future)
    except (OverflowError, ValueError):
        return None
    return hit if hit is None or in_range(hit[0]) else None


def _resolve(expr: str, base: dt.date, future: bool) -> Resolved | None:
    t = clean(expr)
    if not t:
        return None
    if (
        _DURATION.match(t)
        and not re.search(r"\b(ago|later|earlier)\b", t)
        and not (re.match(r"^(?:last|past|next|this) (?:day|week|month|year)$", t))
    ):
        return None
    if re.match(r"^(?:mid |early |late )?(?:19|20)\d0s$", t):
        return None  # "opened in the 1990s": a decade dates no event
    m = AGO.match(t)
    if m and m["u"] == "year":
        n = int(m["n"]) if m["n"].isdigit() else NUMBERS.get(m["n"], 0)
        if n > RELATIVE_REACH_YEARS:
            return None  # "20 years ago": background, not the reported event
    hit = rule_based(t, base, future)
    if hit:
        return hit
    if _NOT_A_DATE.search(t) or re.fullmatch(r"[\d\s]+", t) and not YEAR.match(t):
        return None
    if (
        not any(ch.isdigit() for ch in t)
        and not any(w in MONTHS or w in WEEKDAYS for w in t.split())
        and not _RELATIVE_WORD.search(t)
    ):
        return None  # nothing dateparser could anchor ("the past", "recently")
    if (
        not re.search(r"\d{4}|\d[/.:-]\d|\d(?:st|nd|rd|th)\b|\d\s*[ap] ?m\b", t)
        and not any(w in MONTHS or w in WEEKDAYS for w in t.split())
        and not _RELATIVE_WORD.search(t)
    ):
        return None  # "the SU 35": a number with no month, weekday or full year is no date
    hit = _with_dateparser(t, base, future)
    if hit and abs((hit[0] - base).days) > 365 * 200:
        return None
    return hit
