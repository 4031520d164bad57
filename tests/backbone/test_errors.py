import errno

import pytest

from dist_core.errors import (
    Category,
    ErrorClass,
    MappingMissing,
    PermanentError,
    TransientError,
    classify,
)


class _PgError(Exception):
    def __init__(self, pgcode):
        super().__init__("could not serialize access")
        self.pgcode = pgcode


class _Response:
    def __init__(self, status_code, headers=None):
        self.status_code = status_code
        self.headers = headers or {}


class _HTTPError(Exception):
    def __init__(self, status_code, headers=None):
        super().__init__(f"HTTP {status_code}")
        self.response = _Response(status_code, headers)


class Timeout(Exception):  # named like requests.Timeout
    pass


@pytest.mark.parametrize(
    "exc",
    [
        TimeoutError("read timed out"),
        TimeoutError("timed out"),
        ConnectionResetError(errno.ECONNRESET, "reset"),
        OSError(errno.ECONNREFUSED, "refused"),
        Timeout("requests-like timeout"),
        TransientError("mailbox busy"),
    ],
)
def test_network_failures_are_transient(exc):
    assert classify(exc).error_class is ErrorClass.TRANSIENT


@pytest.mark.parametrize("pgcode", ["40001", "40P01", "55P03"])
def test_database_concurrency_is_transient(pgcode):
    failure = classify(_PgError(pgcode))
    assert failure.transient
    assert failure.category is Category.CONCURRENCY


def test_other_database_errors_are_permanent():
    assert not classify(_PgError("23505")).transient


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_http_statuses(status):
    assert classify(_HTTPError(status)).transient


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422])
def test_client_http_errors_are_permanent(status):
    assert classify(_HTTPError(status)).error_class is ErrorClass.PERMANENT


def test_retry_after_header_is_kept():
    assert classify(_HTTPError(429, {"Retry-After": "120"})).retry_after == 120.0


def test_our_errors_keep_category_and_problem_key():
    exc = MappingMissing("item UP 012345678905 not mapped", problem_key="item:UP:012345678905")
    failure = classify(exc)
    assert failure.error_class is ErrorClass.PERMANENT
    assert failure.category is Category.MAPPING_MISSING
    assert exc.problem_key == "item:UP:012345678905"


def test_default_problem_key_ignores_attempts():
    assert PermanentError("bad").problem_key == PermanentError("bad").problem_key


def test_unknown_errors_are_permanent_internal():
    failure = classify(KeyError("oops"))
    assert failure.error_class is ErrorClass.PERMANENT
    assert failure.category is Category.INTERNAL


def test_retryable_attribute_is_honoured():
    class ParseError(Exception):
        retryable = False

    class StreamError(Exception):
        retryable = True

    assert not classify(ParseError("bad segment")).transient
    assert classify(StreamError("stream cut")).transient
