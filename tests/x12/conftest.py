"""Fixtures for the X12 engine tests: tiny literal interchanges and the shared corpus location."""

from __future__ import annotations

from pathlib import Path

import pytest

from .samples import CORPUS, PO_BODY, interchange


@pytest.fixture
def po_text() -> str:
    """A valid 850 interchange in 004010."""
    return interchange(PO_BODY)


@pytest.fixture
def corpus_dir() -> Path:
    """The shared corpus folder, or a skip when this checkout has none."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    return CORPUS
