"""Error classes of the integration hub: every failure is transient or permanent.

* **transient**: the same work may succeed later unchanged (network errors, timeouts, HTTP
  408/429/5xx, lock and serialization failures). The engine retries it with exponential backoff and
  jitter, then gives up (the message becomes ``dead``) and escalates.
* **permanent**: the input or the configuration is wrong (validation, mapping, business rules, an
  unexpected programming error). Retrying blindly changes nothing: an exception goes to a person at
  once, and a replay after the fix re-runs the work.

:func:`classify` maps any exception to a :class:`Failure` without string matching, so the Odoo layer
never inspects messages. Our own errors say what they are; other exceptions are recognized by type,
by errno, by PostgreSQL SQLSTATE (``pgcode``), by HTTP status, or by a ``retryable`` attribute
(used by :mod:`dist_core.x12.errors`).
"""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from enum import Enum

TRANSIENT_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ETIMEDOUT,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.EPIPE,
        errno.EAGAIN,
    }
)
# serialization_failure, deadlock_detected, lock_not_available, query_canceled (lock timeout)
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03", "57014"})
TRANSIENT_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})
# Third-party exception names meaning "the other side did not answer" (requests, urllib3, paramiko).
TRANSIENT_CLASS_NAMES = frozenset(
    {"Timeout", "ConnectTimeout", "ReadTimeout", "ConnectionError", "ProtocolError", "SSHException"}
)


class ErrorClass(str, Enum):
    TRANSIENT = "transient"
    PERMANENT = "permanent"


class Category(str, Enum):
    """What kind of problem: drives the exception queue's category and the dashboards."""

    TRANSPORT = "transport"
    CONCURRENCY = "concurrency"
    VALIDATION = "validation"
    MAPPING_MISSING = "mapping_missing"
    PRICE_MISMATCH = "price_mismatch"
    DUPLICATE = "duplicate"
    BUSINESS_RULE = "business_rule"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class Failure:
    """The verdict on one exception: what to do, what kind, and what to tell a person."""

    error_class: ErrorClass
    category: Category
    message: str
    retry_after: float | None = None

    @property
    def transient(self) -> bool:
        return self.error_class is ErrorClass.TRANSIENT


class DistError(Exception):
    """Base of our own errors.

    ``problem_key`` identifies the problem, not the attempt: the exception queue keeps one open
    exception per (message, problem_key), whatever the number of retries.
    """

    error_class = ErrorClass.PERMANENT
    category = Category.INTERNAL

    def __init__(self, message: str, *, category: Category | None = None, problem_key: str = ""):
        super().__init__(message)
        if category is not None:
            self.category = category
        self.problem_key = problem_key or f"{self.category.value}:{message}"


class TransientError(DistError):
    """Worth retrying unchanged later. ``retry_after`` (seconds) honours a partner's Retry-After."""

    error_class = ErrorClass.TRANSIENT
    category = Category.TRANSPORT

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class PermanentError(DistError):
    """A person must look: bad input or configuration. Never retried blindly."""

    category = Category.BUSINESS_RULE


class ValidationFailed(PermanentError):
    category = Category.VALIDATION


class MappingMissing(PermanentError):
    """A cross-reference is missing (item, ship-to, unit, carrier...); fix it, then replay."""

    category = Category.MAPPING_MISSING


def classify(exc: BaseException) -> Failure:
    """Return the :class:`Failure` verdict for ``exc``; unknown errors are permanent."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, DistError):
        return Failure(exc.error_class, exc.category, text, getattr(exc, "retry_after", None))
    if getattr(exc, "pgcode", None) in TRANSIENT_SQLSTATES:
        return Failure(ErrorClass.TRANSIENT, Category.CONCURRENCY, text)
    status = _http_status(exc)
    if status is not None:
        if status in TRANSIENT_HTTP:
            return Failure(ErrorClass.TRANSIENT, Category.TRANSPORT, text, _retry_after(exc))
        return Failure(ErrorClass.PERMANENT, Category.TRANSPORT, text)
    if _is_network(exc):
        return Failure(ErrorClass.TRANSIENT, Category.TRANSPORT, text)
    retryable = getattr(exc, "retryable", None)
    if retryable is not None:
        error_class = ErrorClass.TRANSIENT if retryable else ErrorClass.PERMANENT
        return Failure(error_class, Category.VALIDATION, text)
    return Failure(ErrorClass.PERMANENT, Category.INTERNAL, text)


def _is_network(exc: BaseException) -> bool:
    if isinstance(exc, (TimeoutError, socket.gaierror, ConnectionError)):
        return True
    if isinstance(exc, OSError) and exc.errno in TRANSIENT_ERRNOS:
        return True
    return any(cls.__name__ in TRANSIENT_CLASS_NAMES for cls in type(exc).__mro__)


def _http_status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
