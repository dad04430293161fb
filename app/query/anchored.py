"""Date-sorted event pages driven by one actor's participant rows.

event_participants copies each event's date, so "actor X, newest first" is a backward range
scan of (actor_id[, role], event_date, event_id) that stops after one page, instead of a walk
over every event checking X or a sort of all of X's events. A dyad of one actor and one
partner walks the pair's own rows instead (`dyad_walk`).

The statement takes the actor, role, dates, dyad partner, cursor and page size as bound
parameters, so a page with no other condition reuses one statement per shape (which of them
are given): building it was about half a millisecond of CPU, a tenth of such a page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Integer, Select, bindparam, case, exists, func, select, tuple_
from sqlalchemy.orm import Session, aliased

from app.db import PREPARED
from app.models import ActorAlias, Event, EventParticipant
from app.query import dyad_walk, resolve
from app.query.anchor_name import name_matches, one_name
from app.query.event_details import Keys, dialect, fetch, keys, page_rows, with_details
from app.query.event_filter import EventFilter, conditions
from app.vocab import RoleFilter

# Built once: a fresh alias per request cost ~2 ms of CPU (new column proxies, and a statement
# cache key computed from scratch instead of found).
ROW = aliased(EventParticipant)
_DYAD_OTHER = aliased(EventParticipant)
_KEY = (ROW.event_date, ROW.event_id)


@dataclass
class Anchor:
    """One actor's participant rows (optionally in a role, within dates, opposite a dyad
    partner), and the conditions that need the events row (`others`)."""

    actor_id: int | None
    role: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    partner_ids: list[int] | None = None
    others: list[Any] = field(default_factory=list)
    # An actor named by one name, resolved by the page statement itself (see `rows`): the
    # name's normalised form, and what the client sent, for the 422 when it names nothing.
    name: str | None = None
    sent: tuple[list[str], str] | None = None

    def params(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "anchor_actor": self.actor_id,
            "anchor_name": self.name,
            "anchor_role": self.role,
            "anchor_from": self.date_from,
            "anchor_to": self.date_to,
            "anchor_partners": None if self.pair() is not None else self.partner_ids,
            "anchor_partner": self.pair(),
        }
        return {k: v for k, v in values.items() if v is not None}

    def shape(self) -> tuple[bool, ...]:
        return (
            self.name is not None,
            self.role is not None,
            self.date_from is not None,
            self.date_to is not None,
            self.partner_ids is not None,
            self.pair() is not None,
        )

    def pair(self) -> int | None:
        """The partner of a dyad of one actor and one partner, whose page walks the pair's
        rows in `event_dyads` (`dyad_walk`); None for any other anchor."""
        ids = self.partner_ids
        return ids[0] if ids is not None and len(ids) == 1 and self.actor_id is not None else None

    def conds(self) -> list[Any]:
        row = ROW
        if self.name is not None:
            # One row whatever the name matches (min), so the plan is the same index range
            # scan; `rows` checks that the name named exactly one actor.
            named = select(func.min(ActorAlias.actor_id)).where(
                ActorAlias.normalized == bindparam("anchor_name")
            )
            conds: list[Any] = [row.actor_id == named.scalar_subquery()]
        else:
            conds = [row.actor_id == bindparam("anchor_actor")]
        if self.role is not None:
            conds.append(row.role == bindparam("anchor_role"))
        # The date range goes on the row's copy of the date, so it narrows the same range.
        if self.date_from is not None:
            conds.append(row.event_date >= bindparam("anchor_from"))
        if self.date_to is not None:
            conds.append(row.event_date <= bindparam("anchor_to"))
        if self.partner_ids is not None:
            # B in the opposite role of the same event: one probe of (event_id, actor_id, role).
            other = _DYAD_OTHER
            opposite = case(
                (row.role == "source", "target"), (row.role == "target", "source"), else_="none"
            )
            conds.append(
                exists(
                    select(other.id).where(
                        other.event_id == row.event_id,
                        other.actor_id == bindparam("anchor_partner")
                        if self.pair() is not None
                        else other.actor_id.in_(bindparam("anchor_partners", expanding=True)),
                        other.role == opposite,
                    )
                )
            )
        return conds

    def keys(self) -> Select[Any]:
        """The page's keys from the actor's participant rows; the events table is joined
        only when another condition needs it."""
        stmt = keys(ROW.event_id, _KEY).where(*self.conds())
        if self.others:
            stmt = stmt.join(Event, Event.id == ROW.event_id).where(*self.others)
        return stmt


def anchor(session: Session, f: EventFilter, *, defer_name: bool = False) -> Anchor | None:
    """The anchor of a date-sorted page filtered on exactly one actor (by id, name, role or
    dyad); None when the page has none. With `defer_name`, an actor given as one name and no
    other condition is left for the page statement to resolve (one round trip less; `rows`
    then answers None when the name turns out to name several actors)."""
    if f.sort.lstrip("-") != "date":
        return None
    role = None if f.actor_role == "any" else f.actor_role
    deferred = one_name(f, role) if defer_name else None
    if deferred is not None:
        values, param, role, norm = deferred
        return Anchor(
            actor_id=None,
            role=None if role is None else str(role),
            date_from=f.date_from,
            date_to=f.date_to,
            name=norm,
            sent=(values, param),
        )
    partners = None
    if f.actor_ids:
        ids, rest = f.actor_ids, f.but(actor_ids=[])
    elif f.dyad:
        ids, partners = resolve.actor_id_groups(session, [[f.dyad[0]], [f.dyad[1]]], param="dyad")
        role, rest = (RoleFilter.SOURCE if f.directed else None), f.but(dyad=None)
    elif f.actor:
        ids, rest = resolve.actor_ids(session, f.actor, param="actor"), f.but(actor=[])
    elif f.source:
        ids, role, rest = (
            resolve.actor_ids(session, f.source, param="source"),
            RoleFilter.SOURCE,
            f.but(source=[]),
        )
    elif f.target:
        ids, role, rest = (
            resolve.actor_ids(session, f.target, param="target"),
            RoleFilter.TARGET,
            f.but(target=[]),
        )
    else:
        return None
    if len(ids) != 1:
        # Several actors: no single index range is in date order; the EXISTS plan is better.
        return None
    return Anchor(
        actor_id=ids[0],
        role=None if role is None else str(role),
        date_from=f.date_from,
        date_to=f.date_to,
        partner_ids=partners,
        others=conditions(session, rest.but(date_from=None, date_to=None)),
    )


# (dialect, anchor shape, after a key?, descending) -> the page statement, for anchors with no
# other condition. At most 2 dialects x 64 shapes.
_PAGES: dict[tuple[Any, ...], Keys] = {}


def _page_statement(session: Session, a: Anchor, *, after: bool, descending: bool) -> Keys:
    cache_key = (dialect(session), a.shape(), after, descending)
    cached = None if a.others else _PAGES.get(cache_key)
    if cached is not None:
        return cached
    limited = _limited(a, after=after, descending=descending)
    if a.others or (a.partner_ids is not None and a.pair() is None):
        # Not prepared (its plan depends on the values): the keys alone, and the details by id
        # (`page_rows`).
        if not a.others:
            _PAGES[cache_key] = limited
        return limited
    built = with_details(session, limited, descending)
    if a.name is not None:
        built = built.add_columns(name_matches().label("anchor_matches"))
    # Its plan is the same for every actor, pair, name and date range (the actor comes from a
    # parameter or a look-up, never from the statistics of one actor): prepared, the
    # statement skips parsing and planning, about half of PostgreSQL's time for a page.
    built = built.execution_options(**{PREPARED: True})
    _PAGES[cache_key] = built
    return built


def _limited(a: Anchor, *, after: bool, descending: bool) -> Keys:
    """The anchor's keys in page order, after the key `after_date`/`after_id` when `after`,
    limited to `page_limit`. The page size is written into the SQL: PostgreSQL then estimates
    the prepared statement's generic plan as cheap as a custom one and keeps it. Each size is
    its own statement text (the client picks 1 to 500; a refill asks for the remainder), and
    psycopg keeps at most 100 prepared per connection, evicting the oldest: bounded, and
    clients send few sizes."""
    if a.pair() is not None:
        return dyad_walk.pair_keys(
            directed=a.role is not None,
            dates=(a.date_from is not None, a.date_to is not None),
            after=after,
            descending=descending,
            others=a.others,
        )
    stmt = a.keys().order_by(*(c.desc() if descending else c.asc() for c in _KEY))
    if after:
        bound = tuple_(
            bindparam("after_date", type_=ROW.event_date.type),
            bindparam("after_id", type_=ROW.event_id.type),
        )
        row = tuple_(*_KEY)
        stmt = stmt.where(row < bound if descending else row > bound)
    return stmt.limit(bindparam("page_limit", type_=Integer, literal_execute=True))


def rows(
    session: Session, a: Anchor, *, limit: int, last: tuple[Any, int] | None, descending: bool
) -> list[Any] | None:
    """Up to limit + 1 distinct events after the key `last` (from the start when None). An
    event reached through two participant rows (one actor in two roles) comes twice, side by
    side in key order, so fetching on from the last key drops the repeat without skipping
    anything.

    An anchor by name is resolved by the first statement, which also counts the actors the
    name matches; when it matched none (a 422, raised by the same look-up as everywhere) or
    the page is empty, the name is looked up on its own, and a name of several actors gives
    None: that page is not one actor's range."""
    if a.name is not None:
        first = _fetch_rows(session, a, limit=limit, last=last, descending=descending)
        if first and first[0].anchor_matches == 1:
            return first
        assert a.sent is not None
        ids = resolve.actor_ids(session, a.sent[0], param=a.sent[1])
        if len(ids) != 1:
            return None
        a = replace(a, actor_id=ids[0], name=None, sent=None)
    return _fetch_rows(session, a, limit=limit, last=last, descending=descending)


def _fetch_rows(
    session: Session, a: Anchor, *, limit: int, last: tuple[Any, int] | None, descending: bool
) -> list[Any]:
    out: list[Any] = []
    seen: set[int] = set()
    while len(out) <= limit:
        want = limit + 1 - len(out)
        params = a.params() | {"page_limit": want}
        if last is not None:
            params |= {"after_date": last[0], "after_id": last[1]}
        stmt = _page_statement(session, a, after=last is not None, descending=descending)
        if stmt.get_execution_options().get(PREPARED):
            batch = fetch(session, stmt, params)
        else:
            batch = page_rows(session, stmt, descending, params)
        for r in batch:
            if r.id not in seen:
                seen.add(r.id)
                out.append(r)
        if len(batch) < want:
            break
        last = (batch[-1].event_date, batch[-1].id)
    return out
