"""``Retry-After`` (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date, to seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime


def parse_retry_after(value: str | None, clock: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait, never negative; None when absent or unreadable.

    >>> parse_retry_after("120")
    120.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", clock=lambda: 1445412420.0)
    60.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None  # RFC 9110 dates are always GMT; a naive date is not one
    return max(when.timestamp() - clock(), 0.0)
