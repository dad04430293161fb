"""Models built from values that are already known to be valid (rows read back from the database).

`trusted(Model, **values)` is what `Model.model_construct(**values)` does when every field is
given: it fills the instance's `__dict__` directly, with no validation and none of
model_construct's per-call bookkeeping of defaults, aliases and extras. An /events page builds
about 400 small models, and model_construct was a quarter of its CPU time. The caller passes
every field (a missing one is a TypeError here, not a broken response later), with the field's
own type (enums as members: `member(Enum, value)`).
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Enum)

_set = object.__setattr__


def trusted(cls: type[M], /, **values: Any) -> M:
    """An instance of `cls` holding `values` as they are (see the module's docstring)."""
    if len(values) != len(cls.model_fields):
        missing = sorted(set(cls.model_fields) - set(values))
        raise TypeError(f"{cls.__name__}: every field is needed, missing {missing}")
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


@cache
def _members(enum: type[Enum]) -> dict[Any, Enum]:
    return {m.value: m for m in enum}


def member(enum: type[E], value: Any) -> E:
    """`enum(value)` by one dict lookup, about 3x faster than Enum's own call; KeyError if
    `value` is not a member's."""
    found: Any = _members(enum)[value]
    return found  # type: ignore[no-any-return]
