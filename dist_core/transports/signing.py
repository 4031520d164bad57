"""HMAC-SHA256 request signatures, shared by outbound HTTP and the inbound API.

Scheme (documented for partners in ``docs/transports.md``)::

    X-Dist-Timestamp: <unix seconds, integer>
    X-Dist-Signature: sha256=<lowercase hex of HMAC-SHA256(secret, "<timestamp>." + body)>

The timestamp is part of the signed bytes, so a captured request cannot be replayed later with a
fresh timestamp; the verifier refuses timestamps outside a tolerance window (five minutes by
default) and, given a :class:`ReplayCache`, a signature it has already accepted inside that window.
Comparison is constant-time. Several secrets may be active at once (rotation).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from dist_core.errors import Category, PermanentError

TIMESTAMP_HEADER = "X-Dist-Timestamp"
SIGNATURE_HEADER = "X-Dist-Signature"
SCHEME = "sha256="
DEFAULT_TOLERANCE = 300


class SignatureError(PermanentError):
    """A request signature was refused; ``reason`` is a stable code for logs and security events.

    Reasons: ``missing``, ``malformed``, ``stale``, ``mismatch``, ``replayed``.
    """

    category = Category.VALIDATION

    def __init__(self, reason: str, message: str):
        super().__init__(message, problem_key=f"signature:{reason}")
        self.reason = reason


class ReplayCache(Protocol):
    """Remembers accepted signatures until they expire.

    ``remember`` must be atomic check-and-insert: it returns False when ``key`` is already known
    (a replay). The Odoo side implements it with a table and a unique constraint on the key.
    """

    def remember(self, key: str, expires_at: float) -> bool: ...


class MemoryReplayCache:
    """A process-local :class:`ReplayCache` (tests, single-process tools)."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def remember(self, key: str, expires_at: float) -> bool:
        with self._lock:
            now = self._clock()
            self._seen = {k: exp for k, exp in self._seen.items() if exp > now}
            if key in self._seen:
                return False
            self._seen[key] = expires_at
            return True


def _secret_bytes(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def signature(secret: str | bytes, timestamp: int | str, body: bytes) -> str:
    """The ``X-Dist-Signature`` value for ``body`` sent at ``timestamp``."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(_secret_bytes(secret), signed, hashlib.sha256).hexdigest()
    return SCHEME + digest


def sign_headers(
    secret: str | bytes, body: bytes, *, clock: Callable[[], float] = time.time
) -> dict[str, str]:
    """Headers to add to an outbound request carrying ``body``."""
    timestamp = int(clock())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(
    secrets: str | bytes | Iterable[str | bytes],
    body: bytes,
    headers: Mapping[str, str],
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    replay_cache: ReplayCache | None = None,
    clock: Callable[[], float] = time.time,
) -> int:
    """Check the signature headers of an inbound request; return its timestamp or raise.

    ``headers`` is any mapping; lookups try the documented spelling and its lower-case form (WSGI
    and most frameworks give case-insensitive mappings anyway). Raises :class:`SignatureError`.
    """
    timestamp = _parse_timestamp(_header(headers, TIMESTAMP_HEADER))
    given = _header(headers, SIGNATURE_HEADER).strip()
    if not given.startswith(SCHEME) or len(given) != len(SCHEME) + 64:
        raise SignatureError("malformed", f"{SIGNATURE_HEADER} must read 'sha256=<64 hex>'")
    now = clock()
    if abs(now - timestamp) > tolerance:
        raise SignatureError("stale", f"{TIMESTAMP_HEADER} is outside the {tolerance} s window")
    if isinstance(secrets, (str, bytes)):
        secrets = [secrets]
    # Compare against every active secret, without stopping early, so timing says nothing.
    matches = [hmac.compare_digest(signature(s, timestamp, body), given.lower()) for s in secrets]
    if not any(matches):
        raise SignatureError("mismatch", "the signature does not match the body")
    if replay_cache is not None and not replay_cache.remember(
        given.lower(), max(now, timestamp) + tolerance
    ):
        raise SignatureError("replayed", "this signature was already used")
    return timestamp


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    if not value:
        raise SignatureError("missing", f"the {name} header is required")
    return value


def _parse_timestamp(value: str) -> int:
    text = value.strip()
    if not text.isdigit() or len(text) > 12:
        raise SignatureError("malformed", f"{TIMESTAMP_HEADER} must be integer unix seconds")
    return int(text)
