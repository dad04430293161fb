"""The dates Dyad accepts: 1800-01-01 to one day after today (UTC), for articles and events.

News this service codes is modern; a date outside the range is a typo or an attack (9999-12-31
made every daily timeline hundreds of megabytes, 0001-01-01 with "yesterday" underflowed). An
article outside it is refused (422 over HTTP, a per-record error in the CLI and jobs); a date
resolved from the text outside it is ignored, as if the text had not said it.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1800, 1, 1)


def latest() -> dt.date:
    """One day after today in UTC: an article from a time zone ahead of UTC is not refused."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= latest()


def out_of_range(day: dt.date) -> str | None:
    """Why `day` is refused, or None when it is accepted."""
    if in_range(day):
        return None
    return f"date {day.isoformat()} is outside {EARLIEST.isoformat()} .. {latest().isoformat()}"
