"""API keys: shown once at creation, stored only as SHA-256, compared in constant time."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from app.models import ApiKey
from app.vocab import KeyScope, values

SCOPES = values(KeyScope)
# What each scope may do: KeyScope lists them weakest first (admin implies write implies read).
_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}
KEY_PREFIX = "dyad_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def scope_allows(scope: str, needed: str) -> bool:
    return _RANK.get(scope, -1) >= _RANK[needed]


@dataclass(frozen=True)
class IssuedKey:
    id: int
    key: str  # the secret itself: printed once, never stored
    prefix: str


def create_key(session: Session, name: str, scope: str) -> IssuedKey:
    """Make a random key, store its hash (flush only; the caller commits)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = key[: len(KEY_PREFIX) + 6]
    row = ApiKey(name=name, prefix=prefix, key_hash=hash_key(key), scope=scope)
    session.add(row)
    session.flush()
    return IssuedKey(row.id, key, prefix)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.execute(select(ApiKey).order_by(ApiKey.id)).scalars())


def revoke_key(session: Session, ident: str) -> int:
    """Revoke by id or by prefix; returns how many keys were revoked."""
    cond = ApiKey.id == int(ident) if ident.isdigit() else ApiKey.prefix == ident
    result = session.execute(
        update(ApiKey)
        .where(cond, ApiKey.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )
    # The session types every result alike; an UPDATE's is a CursorResult with rowcount.
    if not isinstance(result, CursorResult):  # pragma: no cover
        raise TypeError("an UPDATE returned no cursor result")
    return int(result.rowcount or 0)


def find_active_key(session: Session, presented: str) -> ApiKey | None:
    """The live key matching `presented`, or None.

    The lookup goes through the unique hash index; the final hmac.compare_digest on the two
    hashes keeps the decision itself constant-time. Revocation is read on every request, so a
    revoked key fails at once.
    """
    digest = hash_key(presented)
    row = session.execute(select(ApiKey).where(ApiKey.key_hash == digest)).scalar_one_or_none()
    if row is None or not hmac.compare_digest(row.key_hash, digest) or row.revoked_at is not None:
        return None
    return row
