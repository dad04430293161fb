"""A dyad page's keys from `event_dyads`: the pair's rows in date order, whoever the pair is.

`event_dyads` holds every source -> target pair of an event with the event's date, indexed on
(source_id, target_id, event_date, event_id) (migration 0012). A directed dyad page (A as
source, B as target) is one backward range scan of that index; an undirected one is two (A->B,
B->A), each limited to a page and merged in key order. Walking A's participant rows instead
read as many rows as A has events per event with B (302 for 51 at 1M events for a frequent
pair, thousands for a rare one). Each branch carries its own ORDER BY and LIMIT: without them
PostgreSQL's generic plan (which guesses one row per pair) appends both ranges whole and sorts
them (33 ms for a pair of 52,000 rows); with them it merges two ordered scans that stop after a
page. An event with both A->B and B->A comes from both branches, side by side in key order;
`anchored.rows` keeps it once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select, bindparam, literal_column, select, tuple_, union_all
from sqlalchemy.orm import aliased

from app.models import Event, EventDyad
from app.query.event_details import Keys, keys

# Built once, as anchored's aliases are: a fresh alias per request costs a statement cache key
# computed afresh.
_AB = aliased(EventDyad)
_BA = aliased(EventDyad)


def pair_keys(
    *,
    directed: bool,
    dates: tuple[bool, bool],
    after: bool,
    descending: bool,
    others: list[Any],
) -> Keys:
    """The ordered, limited keys (`event_details.keys` columns) of the events of the pair
    `anchor_actor` -> `anchor_partner` (and back, unless `directed`), within the dates
    `anchor_from`/`anchor_to` when `dates` says they are given, after the key
    `after_date`/`after_id` when `after`, meeting `others` (conditions on `events`), at most
    `page_limit` of them."""
    limit = bindparam("page_limit", type_=Integer, literal_execute=True)
    actor: Any = bindparam("anchor_actor")
    partner: Any = bindparam("anchor_partner")
    branches = [_branch(_AB, actor, partner, dates, after, descending, others).limit(limit)]
    if not directed:
        back = _branch(_BA, partner, actor, dates, after, descending, others)
        # A pair of one actor with itself is the same range both ways: walked once.
        branches.append(back.where(_BA.source_id != _BA.target_id).limit(limit))
    if len(branches) == 1:
        return branches[0]
    order: list[Any] = [literal_column(f"page_key{i}") for i in range(2)]
    # Each limited branch read as a subquery: SQLite allows no ORDER BY or LIMIT on a member of
    # a UNION; PostgreSQL plans it the same (the subquery's order still feeds the merge).
    return (
        union_all(*(select(*b.subquery().c) for b in branches))
        .order_by(*(c.desc() if descending else c.asc() for c in order))
        .limit(limit)
    )


def _branch(
    row: Any,
    source: Any,
    target: Any,
    dates: tuple[bool, bool],
    after: bool,
    descending: bool,
    others: list[Any],
) -> Select[Any]:
    key = (row.event_date, row.event_id)
    stmt = keys(row.event_id, key).where(row.source_id == source, row.target_id == target)
    if dates[0]:
        stmt = stmt.where(row.event_date >= bindparam("anchor_from"))
    if dates[1]:
        stmt = stmt.where(row.event_date <= bindparam("anchor_to"))
    if after:
        bound = tuple_(
            bindparam("after_date", type_=row.event_date.type),
            bindparam("after_id", type_=row.event_id.type),
        )
        stmt = stmt.where(tuple_(*key) < bound if descending else tuple_(*key) > bound)
    if others:
        stmt = stmt.join(Event, Event.id == row.event_id).where(*others)
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in key))
