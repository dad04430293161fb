"""Full-text conditions over the FTS objects migration 0001 creates.

SQLite: external-content FTS5 tables `events_fts(sentence_text)` / `statements_fts(text)`.
PostgreSQL: events match on the stored `sentence_tsv` column (GIN index, column statistics, so
the planner knows a rare word is rare); statements on a GIN index over to_tsvector('english',
text), the condition repeating that exact expression so the planner can use the index.

Both accept the same small language: words (all must occur) and "quoted phrases".
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnClause, ColumnElement, column, func, literal_column, select, table
from sqlalchemy.orm import QueryableAttribute, Session

from app.errors import InvalidParameter

_TERM = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(q: str, param: str = "q") -> list[str]:
    """Words and phrases of `q`, each reduced to its word characters."""
    out: list[str] = []
    for phrase, word in _TERM.findall(q):
        words = _WORD.findall(phrase or word)
        if words:
            out.append(" ".join(words))
    if not out:
        raise InvalidParameter(f"{param} holds no searchable words", param=param)
    return out


def _fts5_query(parts: list[str]) -> str:
    # Every term quoted, so FTS5 operators (AND, NEAR, *, column filters) in user input are text.
    return " ".join(f'"{p}"' for p in parts)


def matches(
    session: Session,
    q: str,
    *,
    id_column: QueryableAttribute[int],
    table_name: str,
    text_column: QueryableAttribute[str],
    param: str = "q",
    tsv_column: ColumnElement[object] | None = None,
) -> ColumnElement[bool]:
    """`id_column` rows whose `text_column` contains every term of `q`."""
    parts = terms(q, param)
    if session.get_bind().dialect.name == "postgresql":
        # Every term quoted, so websearch operators (OR, -) typed by a client are plain words.
        query = " ".join(f'"{p}"' for p in parts)
        # A literal regconfig (not a bound parameter) so the expression equals the index's.
        english: ColumnClause[str] = literal_column("'english'::regconfig")
        document = tsv_column if tsv_column is not None else func.to_tsvector(english, text_column)
        return document.bool_op("@@")(func.websearch_to_tsquery(english, query))
    fts = table(f"{table_name}_fts", column("rowid"))
    hits = select(fts.c.rowid).where(
        literal_column(f"{table_name}_fts").op("MATCH")(_fts5_query(parts))
    )
    return id_column.in_(hits)
