"""Logging set-up for every entry point (API server, CLI, worker): one JSON object per line, or
one text line, carrying the current request id.

A log line is one line whatever the client sent: JSON escapes the characters that line
splitters also break on (U+0085, U+2028, U+2029), and the text format escapes every control
character in the message, so a path with CR/LF cannot forge a log line.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import sys
from typing import TextIO

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

_STD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        # Anything passed with `extra=` (method, route, status, request_id, …) becomes a field.
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and value is not None:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False).translate(_JSON_LINE_BREAKS)


# json.dumps escapes C0 controls but leaves these raw, and str.splitlines() breaks on them.
_JSON_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
# Every character that starts a new line for some reader, plus the other C0/C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """`text` with control and line-break characters written as \\xNN / \\uNNNN escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class TextFormatter(logging.Formatter):
    """`ts level logger [request id] message`, the message on one line whatever it holds."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.message)
        return super().formatMessage(record)


class _DyadHandler(logging.StreamHandler[TextIO]):
    # Marks Dyad's own handler, found by this attribute (not the class, which a re-imported
    # module would make anew) when logging is configured a second time.
    _dyad = True

    # The stream is whatever sys.stderr is when a record is written, not when logging was
    # configured: a thread that outlives a swapped stderr (a test's capture, a daemon's
    # redirect) would otherwise write to a closed file.
    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Route the root logger (and uvicorn's) through one stderr handler in the chosen format."""
    handler = _DyadHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter())
    root = logging.getLogger()
    # Replace our own handler if configured twice; leave the others (test capture, embedding
    # apps) alone.
    root.handlers = [h for h in root.handlers if not getattr(h, "_dyad", False)] + [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # Our access log replaces uvicorn's, which knows neither the route nor the request id.
    logging.getLogger("uvicorn.access").disabled = True
