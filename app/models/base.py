"""The one declarative base every table hangs off."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Integer, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A fixed naming convention makes Alembic name constraints identically on SQLite and PostgreSQL,
# so a migration written on one applies on the other.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Ids are 64-bit on every database: BIGINT on PostgreSQL; on SQLite a column spelled INTEGER
# PRIMARY KEY is the (64-bit) rowid. Use ID for every id and every column holding one.
ID = BigInteger().with_variant(Integer(), "sqlite")
# A table's last `__table_args__` entry: AUTOINCREMENT, so SQLite never hands out the id of a
# deleted row again (an old link must not point at new content); PostgreSQL sequences never do.
NO_ID_REUSE = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def check_in(column: str, vocabulary: type[StrEnum]) -> CheckConstraint:
    """CHECK that `column` holds one of the vocabulary's values (NULL passes, as in SQL), named
    after the column; the text is the one the migrations wrote, so models and schema agree."""
    allowed = ", ".join(f"'{member.value}'" for member in vocabulary)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CreatedAt:
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
