"""The date forms `date_from`, `date_to` and `date` accept, as dashboards send them.

A day (`2017-09-11`), a month (`2017-09`), a year (`2017`), a full ISO 8601 datetime with an
offset (`2017-09-11T22:00:00-04:00`, Grafana's `${__from:date:iso}`), or epoch seconds or
milliseconds (Grafana's `${__from}`). Datetimes and epochs are read as the UTC day they fall on;
a month or year stands for its first day as a lower bound and its last day as an upper bound.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from app.errors import InvalidParameter

DATE_FORMS = (
    "a day (2017-09-11), a month (2017-09), a year (2017), an ISO 8601 datetime with offset "
    "(2017-09-11T12:00:00Z) or epoch seconds or milliseconds (1505131200000)"
)
_MONTH = re.compile(r"\A(\d{4})-(\d{2})\Z")
_YEAR = re.compile(r"\A\d{4}\Z")
_EPOCH = re.compile(r"\A-?\d{5,}\Z")
# Above this an epoch number is milliseconds: 1e11 seconds is the year 5138.
_MS_THRESHOLD = 10**11


def date_span(value: str, param: str) -> tuple[dt.date, dt.date]:
    """The first and last day `value` stands for."""
    text = value.strip()
    try:
        if _YEAR.match(text):
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if _EPOCH.match(text):
            number = int(text)
            seconds = number / 1000 if abs(number) >= _MS_THRESHOLD else number
            day = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
            return day, day
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return day, day
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC)
        return moment.date(), moment.date()
    except (ValueError, OverflowError, OSError):
        raise InvalidParameter(f"{param} {value!r} is not {DATE_FORMS}", param=param) from None


def date_bound(value: str | None, param: str, *, upper: bool) -> dt.date | None:
    if value is None:
        return None
    first, last = date_span(value, param)
    return last if upper else first
