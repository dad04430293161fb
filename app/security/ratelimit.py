"""In-process token buckets: enough for the embedded single-process deployment.

A multi-process deployment should rate-limit at its proxy (or swap this for a shared store);
each process here keeps its own buckets.
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

    def acquire(self, identity: str, now: float | None = None) -> float:
        """Take one token; returns 0 when allowed, else the seconds until a token is free."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(identity, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[identity] = (tokens, now)
            # Forget the least recently seen identities so memory stays bounded.
            while len(self._buckets) > self.max_identities:
                self._buckets.popitem(last=False)
            return wait
