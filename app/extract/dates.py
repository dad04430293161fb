"""Resolve time expressions against the article's publication date.

Common news expressions ("on Monday night", "yesterday", "earlier this year", "last month",
"in recent months", "Sept. 5") are handled here directly; anything else goes to dateparser
(`languages=['en']`, relative base = article date, prefer past dates). Results are cached per
(expression, article date).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dateparser.date import DateDataParser
    from spacy.tokens import Span

from app.date_bounds import in_range
from app.vocab import DatePrecision, Provenance

Resolved = tuple[dt.date, DatePrecision]

# Relative expressions ("15 years ago", "two decades ago") further back than this are background,
# not the date of a reported event; a stated year ("in 2009") is kept whatever its age.
RELATIVE_REACH_YEARS = 5

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
}

_WS = re.compile(r"[^\w\s]")
_MONTH_DAY = re.compile(r"^(?P<m>[a-z]+) (?P<d>\d{1,2})(?:st|nd|rd|th)?(?: (?P<y>\d{4}))?$")
_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<m>[a-z]+)(?: (?P<y>\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(?P<m>[a-z]+)(?: (?P<y>\d{4}))?$")
_YEAR = re.compile(r"^(?P<y>(?:19|20)\d\d)$")
_AGO = re.compile(r"^(?P<n>\d+|[a-z]+) (?P<u>day|week|month|year)s? ago$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)$")

_STRIP_WORDS = ("on ", "in ", "at ", "during ", "since ", "by ", "until ", "from ", "of ")
_DAY_PARTS = (" night", " morning", " afternoon", " evening", " overnight")


def _month_back(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(y, m + 1, 1)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _clean(expr: str) -> str:
    t = _WS.sub(" ", expr.lower().replace("'s", ""))
    t = " ".join(t.split())
    changed = True
    while changed:
        changed = False
        for w in _STRIP_WORDS:
            if t.startswith(w):
                t, changed = t[len(w) :], True
        if t.startswith("the "):
            t, changed = t[4:], True
    for part in _DAY_PARTS:
        if t.endswith(part) and t != part.strip():
            t = t[: -len(part)]
    return t.strip()


def _rule_based(t: str, base: dt.date, future: bool = False) -> Resolved | None:
    """The rules, in order: the first that matches decides (a match on an impossible date, such
    as "February 30", is None rather than a later rule's guess)."""
    hit = _days_and_weekdays(t, base, future) or _relative_span(t, base)
    if hit:
        return hit
    m = _AGO.match(t)
    if m:
        return _ago(m, base)
    return _calendar(t, base, future)


def _days_and_weekdays(t: str, base: dt.date, future: bool) -> Resolved | None:
    """ "today", "yesterday", "(last) Tuesday"."""
    if t in (
        "today",
        "tonight",
        "this morning",
        "this afternoon",
        "this evening",
        "now",
        "currently",
    ):
        return base, DatePrecision.DAY
    if t in (
        "yesterday",
        "last night",
        "yesterday morning",
        "yesterday afternoon",
        "yesterday evening",
    ):
        return base - dt.timedelta(days=1), DatePrecision.DAY
    if t in ("day before yesterday",):
        return base - dt.timedelta(days=2), DatePrecision.DAY
    for prefix in ("last ", "this past ", "past ", "this ", ""):
        if t.startswith(prefix) and t[len(prefix) :] in WEEKDAYS:
            wd = WEEKDAYS[t[len(prefix) :]]
            if future and prefix in ("this ", ""):
                return base + dt.timedelta(days=(wd - base.weekday()) % 7), DatePrecision.DAY
            delta = (base.weekday() - wd) % 7
            if prefix in ("last ", "this past ", "past ") and delta == 0:
                delta = 7
            return base - dt.timedelta(days=delta), DatePrecision.DAY
    return None


def _relative_span(t: str, base: dt.date) -> Resolved | None:
    """ "this year", "last month", "recent weeks": a period around the article's date."""
    if t in (
        "this year",
        "earlier this year",
        "so far this year",
        "later this year",
        "this year s",
    ):
        return dt.date(base.year, 1, 1), DatePrecision.YEAR
    if t in (
        "last year",
        "past year",
        "a year ago",
        "one year ago",
        "earlier last year",
        "late last year",
    ):
        return dt.date(base.year - 1, 1, 1), DatePrecision.YEAR
    if t in ("this month", "earlier this month", "later this month"):
        return dt.date(base.year, base.month, 1), DatePrecision.MONTH
    if t in ("last month", "past month", "a month ago", "late last month", "early last month"):
        return _month_back(base, 1), DatePrecision.MONTH
    if t in (
        "this week",
        "earlier this week",
        "past week",
        "last few days",
        "past few days",
        "recent days",
        "coming days",
    ):
        return base, DatePrecision.MONTH
    if t in ("last week", "a week ago", "one week ago", "late last week"):
        return base - dt.timedelta(days=7), DatePrecision.DAY
    if t in ("recent weeks", "past weeks", "last few weeks", "past few weeks", "weeks"):
        return base, DatePrecision.MONTH
    if t in ("recent months", "past months", "last few months", "past few months", "months"):
        return dt.date(base.year, 1, 1) if base.month > 3 else _month_back(base, 3), (
            DatePrecision.YEAR if base.month > 3 else DatePrecision.MONTH
        )
    if t in ("recent years", "past years", "last few years", "years"):
        return dt.date(base.year, 1, 1), DatePrecision.YEAR
    return None


def _ago(m: re.Match[str], base: dt.date) -> Resolved | None:
    """ "three weeks ago"; None for a count it cannot read."""
    n_raw = m["n"]
    n = int(n_raw) if n_raw.isdigit() else _NUMBERS.get(n_raw)
    if n is None:
        return None
    unit = m["u"]
    if unit == "day":
        return base - dt.timedelta(days=n), DatePrecision.DAY
    if unit == "week":
        return base - dt.timedelta(days=7 * n), DatePrecision.DAY
    if unit == "month":
        return _month_back(base, n), DatePrecision.MONTH
    return dt.date(base.year - n, 1, 1), DatePrecision.YEAR


def _calendar(t: str, base: dt.date, future: bool) -> Resolved | None:
    """Written dates: ISO, a year, a month and day (with or without a year), a month."""
    m = _ISO.match(t)
    if m:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return (d, DatePrecision.DAY) if d else None
    m = _YEAR.match(t)
    if m:
        return dt.date(int(m["y"]), 1, 1), DatePrecision.YEAR
    for rx in (_MONTH_DAY, _DAY_MONTH):
        m = rx.match(t)
        if m and m["m"] in MONTHS:
            d = _month_day(MONTHS[m["m"]], int(m["d"]), m["y"], base, future)
            return (d, DatePrecision.DAY) if d else None
    for qualifier in ("mid ", "early ", "late ", "end of ", "beginning of ", "start of "):
        if t.startswith(qualifier):
            t = t[len(qualifier) :]
            break
    if _YEAR.match(t):
        return dt.date(int(t), 1, 1), DatePrecision.YEAR
    m = _MONTH_YEAR.match(t)
    if m and m["m"] in MONTHS and (m["m"] != "may" or m["y"]):
        month = MONTHS[m["m"]]
        if m["y"]:
            year = int(m["y"])
        elif future:
            year = base.year if month >= base.month else base.year + 1
        else:
            year = base.year if month <= base.month else base.year - 1
        return dt.date(year, month, 1), DatePrecision.MONTH
    return None


def _month_day(
    month: int, day: int, year: str | None, base: dt.date, future: bool
) -> dt.date | None:
    """The day; without a year, the article's year, or the year before when that would put it
    over a week after the article (the year after when it lies before, for the future)."""
    if year:
        return _safe_date(int(year), month, day)
    d = _safe_date(base.year, month, day)
    if future:
        if d and d < base:
            d = _safe_date(base.year + 1, month, day)
    elif d and d > base + dt.timedelta(days=7):
        d = _safe_date(base.year - 1, month, day)
    return d


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
    t = _clean(expr)
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
    m = _AGO.match(t)
    if m and m["u"] == "year":
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS.get(m["n"], 0)
        if n > RELATIVE_REACH_YEARS:
            return None  # "20 years ago": background, not the reported event
    hit = _rule_based(t, base, future)
    if hit:
        return hit
    if _NOT_A_DATE.search(t) or re.fullmatch(r"[\d\s]+", t) and not _YEAR.match(t):
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


# --------------------------------------------------------------------------- the event's date

# Words before a time expression that make it a deadline, a length or a starting point rather
# than when the event happened: "by 2050", "until March", "for 99 years", "since 2014".
_NOT_WHEN_PREPS = frozenset(
    {"by", "until", "till", "til", "within", "for", "since", "through", "throughout", "over"}
)
_TIME_NOUNS = frozenset(
    {"day", "week", "month", "year", "night", "morning", "evening", "afternoon", "time", "period"}
)


def not_the_event_time(ent: Span) -> str | None:
    """Why a DATE/TIME entity cannot be the date of the event its sentence reports, or None when
    it can: a deadline or target ("by 2050"), a duration ("for 99 years"), a starting point
    ("since 2014"), an anniversary ("the 50th anniversary"), a year inside a name ("the 1995
    Dayton Accords", "the 2024 Olympics")."""
    doc = ent.doc
    words = {t.lower_ for t in ent}
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in _NOT_WHEN_PREPS:
        return f"{prev.lower_} …"
    if "anniversary" in words or (ent.end < len(doc) and doc[ent.end].lower_ == "anniversary"):
        return "anniversary"
    root = ent.root
    year_only = all(t.like_num or t.is_punct or t.lower_ in ("the", "'s") for t in ent)
    if (
        year_only
        and root.dep_ in ("compound", "nmod", "amod", "nummod", "poss")
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.lemma_.lower() not in _TIME_NOUNS
        and root.head.i >= ent.end
    ):
        return "year in a name"
    if ent.end < len(doc) and doc[ent.end].lower_ in ("deadline", "target", "goal"):
        return "deadline"
    return None


@dataclass(frozen=True)
class EventDate:
    date: dt.date
    precision: DatePrecision
    source: Provenance


def settle(
    expr: str | None,
    base: dt.date,
    *,
    future: bool = False,
    hypothetical: bool = False,
    source: Provenance = Provenance.TEXT,
) -> EventDate:
    """The date a record gets from the time expression `expr` (None: none in reach) in an
    article of date `base`. Only a hypothetical or future event may lie after the article: a
    past-tense report resolves backwards ("said Saturday" in a Wednesday article is the Saturday
    before), and an expression that still lands later is dropped. Without a usable expression
    the record gets the article's date, marked `source="article"`."""
    found = resolve(expr, base, future) if expr else None
    if found is not None and found[0] > base and not (hypothetical or future):
        found = resolve(expr, base, False) if expr else None
        if found is not None and found[0] > base:
            found = None
    if found is None:
        return EventDate(base, DatePrecision.DAY, Provenance.ARTICLE)
    return EventDate(found[0], found[1], source)
