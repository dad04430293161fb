"""Extraction steps declare what they read and write; the order is checked, not trusted.

Like spaCy components' `requires`/`assigns`, each `Step` names the parts of the `DocContext`
it needs and the parts it fills. `check_order` refuses a pipeline in which a step needs
something that no earlier step (nor the parse itself) has filled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext

# Parts of a DocContext a step can read or write.
Part = Literal[
    "parse",  # doc, sentences, time entities (filled by DocContext.create)
    "quotes",  # quotation spans (filled by DocContext.create)
    "actors",  # ActorRegistry
    "links.actor",  # token -> actor
    "places",  # PlaceRegistry
    "links.place",  # token -> place
    "country_context",  # the article's countries
    "mentions",
    "affiliations",
    "events",
    "statements",
]
FROM_PARSE: frozenset[Part] = frozenset({"parse", "quotes"})


class StepOrderError(RuntimeError):
    """A step would run before the data it requires has been filled."""


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[DocContext], None]
    requires: frozenset[Part]
    assigns: frozenset[Part]


def step(
    name: str,
    run: Callable[[DocContext], None],
    *,
    requires: Sequence[Part],
    assigns: Sequence[Part],
) -> Step:
    return Step(name, run, frozenset(requires), frozenset(assigns))


def check_order(steps: Sequence[Step]) -> None:
    """Raise `StepOrderError` unless every step's requirements are filled before it runs."""
    filled: set[Part] = set(FROM_PARSE)
    for s in steps:
        missing = s.requires - filled
        if missing:
            raise StepOrderError(
                f"step {s.name!r} requires {', '.join(sorted(missing))}, "
                "which no earlier step assigns"
            )
        filled |= s.assigns
