"""Turn what a client typed (an id, a name, an alias, a country) into database ids and codes.

A name that matches nothing is a 422 naming the parameter, never a silent empty answer: a
typo in `actor=Hamsa` should say so rather than look like "no events".

The look-ups select plain columns, so they run on the session's connection, past the ORM's
statement handling (a list page does one per request).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import pycountry
from sqlalchemy import Select, String, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from app.db import PREPARED
from app.errors import InvalidParameter
from app.identity import normalize_name
from app.ids import fits_id
from app.models import Actor, ActorAlias, Article, Place
from app.query import prepared


def article_id(session: Session, value: int, *, param: str = "article") -> int:
    """`value` when it is a stored article's id; else a 422 (not an empty answer)."""
    if session.get(Article, value) is None:
        raise InvalidParameter(f"no article with id {value}", param=param)
    return value


def actor_ids(session: Session, values: list[str], *, param: str = "actor") -> list[int]:
    """Ids of actors named by id, canonical name or alias (case- and accent-insensitive).

    Several values mean any of them; each value must name at least one actor.
    """
    return actor_id_groups(session, [values], param=param)[0]


def actor_id_groups(
    session: Session, groups: list[list[str]], *, param: str = "actor"
) -> list[list[int]]:
    """`actor_ids` of each group of values (a dyad's two sides), the names of all groups looked
    up in one statement: one round trip instead of one per group. A value naming nothing is
    the 422 `actor_ids` gives, for the first such value in order."""
    parsed = [_parse_actor_values(values, param) for values in groups]
    known: set[int] = set()
    wanted_ids = {i for by_id, _ in parsed for i in by_id}
    if wanted_ids:
        known = set(
            session.connection().execute(select(Actor.id).where(Actor.id.in_(wanted_ids))).scalars()
        )
    named: dict[str, set[int]] = {}
    norms = list(dict.fromkeys(n for _, by_name in parsed for n in by_name))
    if norms:
        rows = prepared.fetch(session, _aliases(_dialect(session)), {"names": norms})
        for norm, actor_id in rows:
            named.setdefault(norm, set()).add(actor_id)
    out = []
    for by_id, by_name in parsed:
        missing = [by_id[i] for i in by_id if i not in known]
        if missing:
            raise InvalidParameter(f"no actor with id {missing[0]}", param=param)
        missing = [by_name[n] for n in by_name if n not in named]
        if missing:
            raise InvalidParameter(f"no actor is named {missing[0]!r}", param=param)
        found = set(by_id).union(*(named[n] for n in by_name))
        out.append(sorted(found))
    return out


def _parse_actor_values(values: list[str], param: str) -> tuple[dict[int, str], dict[str, str]]:
    """(ids sent, by id) and (normalised names, by name) of `values`; a 422 for an id out of
    range or a name that normalises to nothing."""
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
    return by_id, by_name


def place_ids(session: Session, value: str, *, param: str = "place") -> list[int]:
    """Ids of the place named by id or name, and of every place inside it."""
    value = value.strip()
    by_id = value.isascii() and value.isdigit()
    if by_id and not fits_id(int(value)):
        raise InvalidParameter(f"no place with id {value}", param=param)
    root: int | str = int(value) if by_id else value.lower()
    found = {r[0] for r in prepared.fetch(session, _place_tree(by_id), {"place_root": root})}
    if not found:
        raise InvalidParameter(f"no place is named {value!r}", param=param)
    return sorted(found)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


@cache
def _aliases(dialect: str) -> Select[Any]:
    """(normalised name, actor id) of the aliases among `names`. Built once and prepared: its
    plan (the unique index on the normalised name) is the same for every name, so PostgreSQL
    parses and plans it once per connection instead of on every request."""
    if dialect == "postgresql":
        among = ActorAlias.normalized == func.any(bindparam("names", type_=ARRAY(String())))
    else:
        among = ActorAlias.normalized.in_(bindparam("names", expanding=True))
    stmt: Select[Any] = (
        select(ActorAlias.normalized, ActorAlias.actor_id)  # type: ignore[assignment]
        .where(among)
        .distinct()
        .execution_options(**{PREPARED: True})
    )
    return stmt


@cache
def _place_tree(by_id: bool) -> Select[Any]:
    """Ids of the place `place_root` (an id, or a lower-cased name) and of every place inside
    it. Containment trees are shallow (city -> region -> country); one recursive query walks
    them, one round trip instead of one per level (UNION drops repeats, so a cycle ends too).
    Built once (an alias and a recursive CTE cost ~1 ms of CPU to build per request) and
    prepared (its plan does not depend on the name)."""
    root = (
        Place.id == bindparam("place_root", type_=Place.id.type)
        if by_id
        else func.lower(Place.name) == bindparam("place_root", type_=String())
    )
    tree = select(Place.id).where(root).cte("place_tree", recursive=True)
    inside = aliased(Place)
    tree = tree.union(select(inside.id).join(tree, inside.parent_id == tree.c.id))
    return select(tree.c.id).execution_options(**{PREPARED: True})


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
