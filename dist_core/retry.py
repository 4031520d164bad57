"""Retry policy: exponential backoff with jitter, bounded, and a clear "exhausted" verdict."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``delay(n)`` is the wait before attempt ``n + 1`` after ``n`` failed attempts.

    With the defaults: about 30 s, 1 min, 2 min, 4 min... capped at one hour, each moved by up to
    +/-20 % so that a burst of failures (a partner's server down) does not retry in lockstep.
    """

    max_attempts: int = 5
    base_seconds: float = 30.0
    factor: float = 2.0
    max_seconds: float = 3600.0
    jitter: float = 0.2

    def __post_init__(self):
        if self.max_attempts < 1 or self.base_seconds <= 0 or self.factor < 1:
            raise ValueError("max_attempts >= 1, base_seconds > 0 and factor >= 1 are required")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter is a fraction between 0 and 1")

    def exhausted(self, failed_attempts: int) -> bool:
        return failed_attempts >= self.max_attempts

    def delay(
        self, failed_attempts: int, *, retry_after: float | None = None, rng: random.Random = None
    ) -> float:
        """Seconds to wait; a partner's ``Retry-After`` is honoured when it asks for longer."""
        rng = rng or random
        exponent = max(failed_attempts - 1, 0)
        raw = min(self.base_seconds * self.factor**exponent, self.max_seconds)
        spread = raw * self.jitter
        delay = raw + rng.uniform(-spread, spread)
        if retry_after is not None:
            delay = max(delay, min(float(retry_after), self.max_seconds))
        return round(max(delay, 1.0), 3)
