import random

import pytest

from dist_core.retry import RetryPolicy


def test_delays_grow_then_cap():
    policy = RetryPolicy(base_seconds=10, factor=2, max_seconds=50, jitter=0)
    assert [policy.delay(n) for n in range(1, 6)] == [10, 20, 40, 50, 50]


def test_jitter_stays_within_bounds_and_varies():
    policy = RetryPolicy(base_seconds=100, jitter=0.2)
    rng = random.Random(42)
    delays = {policy.delay(1, rng=rng) for _ in range(50)}
    assert all(80 <= d <= 120 for d in delays)
    assert len(delays) > 10


def test_retry_after_wins_when_longer():
    policy = RetryPolicy(base_seconds=10, jitter=0)
    assert policy.delay(1, retry_after=300) == 300
    assert policy.delay(1, retry_after=2) == 10


def test_exhausted_after_max_attempts():
    policy = RetryPolicy(max_attempts=3)
    assert not policy.exhausted(2)
    assert policy.exhausted(3)


@pytest.mark.parametrize(
    "kwargs", [{"max_attempts": 0}, {"base_seconds": 0}, {"factor": 0.5}, {"jitter": 1.5}]
)
def test_invalid_policies_are_refused(kwargs):
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)
