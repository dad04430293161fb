"""Rate-limit buckets that every API process shares, so a limit means the same with
`dyad serve --workers N` as with one process: in Redis when DYAD_REDIS_URL is set, else in the
database (`rate_limit_buckets`). One process (the embedded default) keeps its buckets in memory.

All three are token buckets with the same contract as `TokenBucketLimiter.acquire`: take one
token for `identity`, answer 0 when allowed, else the seconds until a token is free.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings


class Limiter(Protocol):
    def acquire(self, identity: str) -> float: ...

    def blocked(self, identity: str) -> float:
        """Seconds until `identity` has a token, without taking one (0 = it has one)."""
        ...

    def knows(self, identity: str) -> bool:
        """Whether `identity` holds a bucket (an unknown one is as good as full)."""
        ...


# Token bucket in one round trip; Redis' own clock, so API machines need not agree on the time.
_REDIS_SCRIPT = """
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or cap
local ts = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
return tostring(wait)
"""
# The same arithmetic without taking a token.
_REDIS_PEEK = """
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
if not b[1] then return '0' end
local tokens = math.min(cap, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) * rate)
if tokens >= 1 then return '0' end
return tostring((1 - tokens) / rate)
"""


class RedisLimiter:
    """Buckets as Redis hashes that expire once full again (memory stays bounded by itself)."""

    def __init__(self, url: str, per_minute: int, *, prefix: str = "dyad:rate:") -> None:
        import redis

        self.client: Any = redis.Redis.from_url(url, socket_timeout=2)
        self.script = self.client.register_script(_REDIS_SCRIPT)
        self.peek = self.client.register_script(_REDIS_PEEK)
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.prefix = prefix

    def acquire(self, identity: str) -> float:
        return float(self.script(keys=[self.prefix + identity], args=[self.capacity, self.rate]))

    def blocked(self, identity: str) -> float:
        return float(self.peek(keys=[self.prefix + identity], args=[self.capacity, self.rate]))

    def knows(self, identity: str) -> bool:
        return bool(self.client.exists(self.prefix + identity))


# Insert a full bucket, or lock the stored one: the no-op DO UPDATE takes the row lock, so
# concurrent requests of one identity queue on its row until this transaction ends.
_TAKE_ROW = text(
    "INSERT INTO rate_limit_buckets (identity, tokens, updated_at) "
    "VALUES (:identity, :capacity, :now) "
    "ON CONFLICT (identity) DO UPDATE SET identity = excluded.identity "
    "RETURNING tokens, updated_at"
)
_STORE = text(
    "UPDATE rate_limit_buckets SET tokens = :tokens, updated_at = :now WHERE identity = :identity"
)
_READ = text("SELECT tokens, updated_at FROM rate_limit_buckets WHERE identity = :identity")
_FORGET = text("DELETE FROM rate_limit_buckets WHERE updated_at < :before")


class DatabaseLimiter:
    """Buckets as rows of `rate_limit_buckets`: two statements in one short transaction."""

    def __init__(self, factory: sessionmaker[Session], per_minute: int) -> None:
        self.factory = factory
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0

    def acquire(self, identity: str, now: float | None = None) -> float:
        now = time.time() if now is None else now
        with self.factory.begin() as session:
            stored, last = session.execute(
                _TAKE_ROW, {"identity": identity, "capacity": self.capacity, "now": now}
            ).one()
            tokens = min(self.capacity, float(stored) + max(0.0, now - float(last)) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            session.execute(_STORE, {"tokens": tokens, "now": now, "identity": identity})
            if random.random() < 0.001:
                # Now and then forget buckets idle long enough to be full again.
                session.execute(_FORGET, {"before": now - self.capacity / self.rate - 60})
        return wait

    def blocked(self, identity: str, now: float | None = None) -> float:
        now = time.time() if now is None else now
        with self.factory() as session:
            row = session.execute(_READ, {"identity": identity}).first()
        if row is None:
            return 0.0
        tokens = min(self.capacity, float(row[0]) + max(0.0, now - float(row[1])) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    def knows(self, identity: str) -> bool:
        with self.factory() as session:
            return session.execute(_READ, {"identity": identity}).first() is not None


def make_limiter(
    per_minute: int, settings: Settings, database: Callable[[], sessionmaker[Session]]
) -> Limiter:
    """The limiter for this deployment: Redis (DYAD_REDIS_URL), the database (`database()`, the
    app's session factory) when `dyad serve --workers N` runs several processes, else buckets in
    this process's memory."""
    from app.security.ratelimit import TokenBucketLimiter

    if settings.redis_url:
        return RedisLimiter(settings.redis_url, per_minute)
    if settings.serve_workers > 1:
        return DatabaseLimiter(database(), per_minute)
    return TokenBucketLimiter(per_minute)
