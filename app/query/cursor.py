"""Opaque keyset cursors: base64url JSON of the last row's sort key."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from app.errors import InvalidParameter


def encode_cursor(sort: str, key: list[Any]) -> str:
    raw = json.dumps({"s": sort, "k": key}, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The sort key stored in `cursor`; 422 for anything forged, truncated or from another sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidParameter("cursor is not valid", param="cursor") from None
    key = data.get("k") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("s") != sort or not isinstance(key, list):
        raise InvalidParameter("cursor does not belong to this query's sort order", param="cursor")
    return key
