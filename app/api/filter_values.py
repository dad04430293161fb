"""How the event filter's parameter values are read: comma-separated or repeated lists,
vocabulary members, CAMEO prefixes, quad classes and dyads (422 for anything else)."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from app.errors import InvalidParameter
from app.vocab import QuadClass

E = TypeVar("E", bound=StrEnum)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return out


def _members(
    values: list[str], vocabulary: type[E], param: str, *, refused: str = "is not one of {}"
) -> list[E]:
    """The comma-separated or repeated values of `param`, each one of `vocabulary`'s (422 for
    any other; `refused` words the complaint, `{}` standing for the allowed values)."""
    out = []
    for v in _split(values):
        try:
            out.append(vocabulary(v))
        except ValueError:
            why = refused.format(", ".join(vocabulary))
            raise InvalidParameter(f"{param} {v!r} {why}", param=param) from None
    return out


def _lower(values: list[str] | None) -> list[str]:
    return [v.lower() for v in values or []]


def _cameo(values: list[str] | None) -> list[str]:
    out = _split(values)
    for v in out:
        if not (v.isdigit() and v.isascii() and len(v) <= 4):
            raise InvalidParameter(
                f"cameo {v!r} must be 1 to 4 digits (a CAMEO code prefix)", param="cameo"
            )
    return out


_QUADS = {str(q.value): q for q in QuadClass}


def _quad(values: list[str] | None) -> list[QuadClass]:
    out = _split(values)
    if any(v not in _QUADS for v in out):
        *first, last = _QUADS
        raise InvalidParameter(f"quad must be {', '.join(first)} or {last}", param="quad")
    return [_QUADS[v] for v in out]


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InvalidParameter("dyad must be two actors, A,B", param="dyad")
    return parts[0], parts[1]
