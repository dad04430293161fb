"""Common news time expressions ("on Monday night", "yesterday", "earlier this year", "last
month", "in recent months", "Sept. 5") read by rule against the article's date."""

from __future__ import annotations

import datetime as dt
import re

from app.vocab import DatePrecision

Resolved = tuple[dt.date, DatePrecision]

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
NUMBERS = {
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
YEAR = re.compile(r"^(?P<y>(?:19|20)\d\d)$")
AGO = re.compile(r"^(?P<n>\d+|[a-z]+) (?P<u>day|week|month|year)s? ago$")
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


def clean(expr: str) -> str:
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


def rule_based(t: str, base: dt.date, future: bool = False) -> Resolved | None:
    """The rules, in order: the first that matches decides (a match on an impossible date, such
    as "February 30", is None rather than a later rule's guess)."""
    hit = _days_and_weekdays(t, base, future) or _relative_span(t, base)
    if hit:
        return hit
    m = AGO.match(t)
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
    n = int(n_raw) if n_raw.isdigit() else NUMBERS.get(n_raw)
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
    m = YEAR.match(t)
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
    if YEAR.match(t):
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
