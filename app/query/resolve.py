"""Turn what a client typed (an id, a name, an alias, a country) into database ids and codes.

A name that matches nothing is a 422 naming the parameter, never a silent empty answer: a
typo in `actor=Hamsa` should say so rather than look like "no events".

The look-ups select plain columns, so they run on the session's connection, past the ORM's
statement handling (a list page does one per request).
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.errors import InvalidParameter
from app.identity import normalize_name
from app.ids import fits_id
from app.models import Actor, ActorAlias, Article, Place


def article_id(session: Session, value: int, *, param: str = "article") -> int:
    """`value` when it is a stored article's id; else a 422 (not an empty answer)."""
    if session.get(Article, value) is None:
        raise InvalidParameter(f"no article with id {value}", param=param)
    return value


def actor_ids(session: Session, values: list[str], *, param: str = "actor") -> list[int]:
    """Ids of actors named by id, canonical name or alias (case- and accent-insensitive).

    Several values mean any of them; each value must name at least one actor.
    """
    by_id: dict[int, str] = {}
    by_name: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value.isascii() and value.isdigit():
            if not fits_id(int(value)):
                raise InvalidParameter(f"no actor with id {value}", param=param)
            by_id[int(value)] = value
        elif value:
            norm = normalize_name(value)
            if not norm:
                raise InvalidParameter(f"{param} {value!r} contains no name", param=param)
            by_name[norm] = value
    found: set[int] = set()
    if by_id:
        known = set(
            session.connection().execute(select(Actor.id).where(Actor.id.in_(by_id))).scalars()
        )
        missing = [by_id[i] for i in by_id if i not in known]
        if missing:
            raise InvalidParameter(f"no actor with id {missing[0]}", param=param)
        found |= known
    if by_name:
        rows = (
            session.connection()
            .execute(
                select(ActorAlias.normalized, ActorAlias.actor_id)
                .where(ActorAlias.normalized.in_(by_name))
                .distinct()
            )
            .all()
        )
        matched = {norm for norm, _ in rows}
        missing = [by_name[n] for n in by_name if n not in matched]
        if missing:
            raise InvalidParameter(f"no actor is named {missing[0]!r}", param=param)
        found |= {actor_id for _, actor_id in rows}
    return sorted(found)


def place_ids(session: Session, value: str, *, param: str = "place") -> list[int]:
    """Ids of the place named by id or name, and of every place inside it."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        if not fits_id(int(value)):
            raise InvalidParameter(f"no place with id {value}", param=param)
        root = Place.id == int(value)
    else:
        root = func.lower(Place.name) == value.lower()
    # Containment trees are shallow (city -> region -> country); one recursive query walks
    # them, one round trip instead of one per level (UNION drops repeats, so a cycle ends too).
    tree = select(Place.id).where(root).cte("place_tree", recursive=True)
    inside = aliased(Place)
    tree = tree.union(select(inside.id).join(tree, inside.parent_id == tree.c.id))
    found = set(session.connection().execute(select(tree.c.id)).scalars())
    if not found:
        raise InvalidParameter(f"no place is named {value!r}", param=param)
    return sorted(found)


@lru_cache(maxsize=1024)
def _pycountry(value: str) -> tuple[str, ...]:
    try:
        return (pycountry.countries.lookup(value).alpha_3,)
    except LookupError:
        pass
    try:
        return tuple(c.alpha_3 for c in pycountry.countries.search_fuzzy(value))
    except LookupError:
        return ()


def country_code(session: Session, value: str, *, param: str = "country") -> str:
    """ISO 3166-1 alpha-3 code for an alpha-3/alpha-2 code or a country name."""
    value = value.strip()
    if not value:
        raise InvalidParameter("country is empty", param=param)
    exact = _pycountry(value)
    if len(exact) == 1:
        return exact[0]
    # A country place stored under a local name ("Palestine") knows its code too.
    stored = (
        session.connection()
        .execute(
            select(Place.country)
            .where(
                func.lower(Place.name) == value.lower(),
                Place.kind == "country",
                Place.country.is_not(None),
            )
            .limit(1)
        )
        .scalar_one_or_none()
    )
    if stored:
        return stored
    if exact:
        raise InvalidParameter(
            f"country {value!r} is ambiguous: one of {', '.join(exact[:5])}", param=param
        )
    raise InvalidParameter(f"no country is named {value!r}; use ISO 3166-1 alpha-3", param=param)
