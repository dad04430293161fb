"""In-process token buckets: enough for the embedded single-process deployment.

Several API processes share their buckets instead (`app.security.shared_limits`: Redis or the
database); each process here keeps its own.

The table of buckets is bounded, and flooding it with new identities cannot evict a client's
state: only buckets that have refilled completely (which hold nothing a fresh bucket would
not) are dropped; when none is full, a new identity waits like a throttled one.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class TokenBucketLimiter:
    """`per_minute` requests per identity, refilled continuously, bursts up to `per_minute`."""

    def __init__(self, per_minute: int, *, max_identities: int = 100_000) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.max_identities = max_identities
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, identity: str, now: float) -> float | None:
        held = self._buckets.get(identity)
        if held is None:
            return None
        tokens, last = held
        return min(self.capacity, tokens + (now - last) * self.rate)

    def _make_room(self, now: float) -> float:
        """Drop full buckets from the least recently used end; 0 when there is room, else the
        seconds until the oldest bucket is full (the new identity waits that long)."""
        while len(self._buckets) >= self.max_identities:
            oldest = next(iter(self._buckets))
            tokens, last = self._buckets[oldest]
            level = tokens + (now - last) * self.rate
            if level < self.capacity:
                return (self.capacity - level) / self.rate
            del self._buckets[oldest]
        return 0.0

    def acquire(self, identity: str, now: float | None = None) -> float:
        """Take one token; returns 0 when allowed, else the seconds until a token is free."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens = self._level(identity, now)
            if tokens is None:
                wait = self._make_room(now)
                if wait > 0:
                    return wait
                tokens = self.capacity
            else:
                del self._buckets[identity]
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[identity] = (tokens, now)
            return wait

    def blocked(self, identity: str, now: float | None = None) -> float:
        """Seconds until `identity` has a token, without taking one (0 = it has one)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens = self._level(identity, now)
            return 0.0 if tokens is None or tokens >= 1.0 else (1.0 - tokens) / self.rate

    def knows(self, identity: str) -> bool:
        with self._lock:
            return identity in self._buckets
