"""Fixtures for mapper tests."""

from __future__ import annotations

import pytest

from dist_core.x12.delimiters import Delimiters


@pytest.fixture
def delimiters() -> Delimiters:
    return Delimiters()
