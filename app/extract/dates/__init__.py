"""Time expressions: resolved against the article's date (`resolver`, common news expressions
by rule in `rules`), and the date each event gets (`event_date`)."""

from app.extract.dates.event_date import EventDate, not_the_event_time, settle
from app.extract.dates.resolver import resolve
from app.extract.dates.rules import Resolved

__all__ = ["EventDate", "Resolved", "not_the_event_time", "resolve", "settle"]
