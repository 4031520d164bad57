"""HMAC request signatures: the scheme the outbound transport signs and the inbound API checks."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from dist_core.transports.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemoryReplayCache,
    SignatureError,
    sign_headers,
    signature,
    verify,
)

NOW = 1_700_000_000.0
BODY = b'{"event":"shipped"}'


def clock():
    return NOW


def _signed(secret="s3cret", body=BODY, at=NOW):
    return sign_headers(secret, body, clock=lambda: at)


def test_scheme_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert signature("s3cret", 1700000000, BODY) == "sha256=" + expected
    assert _signed() == {TIMESTAMP_HEADER: "1700000000", SIGNATURE_HEADER: "sha256=" + expected}


def test_good_signature_is_accepted():
    assert verify("s3cret", BODY, _signed(), clock=clock) == 1700000000


def test_lower_case_header_names_are_found():
    headers = {name.lower(): value for name, value in _signed().items()}
    assert verify("s3cret", BODY, headers, clock=clock)


def test_any_active_secret_is_accepted_for_rotation():
    assert verify(["new", "s3cret"], BODY, _signed(), clock=clock)


@pytest.mark.parametrize(
    ("secret", "body", "reason"),
    [("wrong", BODY, "mismatch"), ("s3cret", BODY + b" ", "mismatch")],
    ids=["bad-secret", "tampered-body"],
)
def test_bad_signature_is_rejected(secret, body, reason):
    with pytest.raises(SignatureError) as info:
        verify(secret, body, _signed(), clock=clock)
    assert info.value.reason == reason


@pytest.mark.parametrize("offset", [-301, 301])
def test_stale_or_future_timestamp_is_rejected(offset):
    with pytest.raises(SignatureError) as info:
        verify("s3cret", BODY, _signed(at=NOW + offset), clock=clock)
    assert info.value.reason == "stale"


def test_replayed_signature_is_rejected():
    cache = MemoryReplayCache(clock=clock)
    headers = _signed()
    verify("s3cret", BODY, headers, replay_cache=cache, clock=clock)
    with pytest.raises(SignatureError) as info:
        verify("s3cret", BODY, headers, replay_cache=cache, clock=clock)
    assert info.value.reason == "replayed"


def test_a_bad_signature_never_enters_the_replay_cache():
    cache = MemoryReplayCache(clock=clock)
    with pytest.raises(SignatureError):
        verify("wrong", BODY, _signed(), replay_cache=cache, clock=clock)
    assert verify("s3cret", BODY, _signed(), replay_cache=cache, clock=clock)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing"),
        ({TIMESTAMP_HEADER: "1700000000"}, "missing"),
        ({TIMESTAMP_HEADER: "yesterday", SIGNATURE_HEADER: "sha256=" + "0" * 64}, "malformed"),
        ({TIMESTAMP_HEADER: "1700000000", SIGNATURE_HEADER: "md5=abc"}, "malformed"),
    ],
)
def test_missing_or_malformed_headers(headers, reason):
    with pytest.raises(SignatureError) as info:
        verify("s3cret", BODY, headers, clock=clock)
    assert info.value.reason == reason


def test_replay_cache_forgets_expired_entries():
    now = [NOW]
    cache = MemoryReplayCache(clock=lambda: now[0])
    assert cache.remember("sig", NOW + 300)
    assert not cache.remember("sig", NOW + 300)
    now[0] += 301
    assert cache.remember("sig", now[0] + 300)
