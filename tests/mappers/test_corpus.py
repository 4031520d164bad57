"""The shared third-party corpus (read in place, never copied): every valid 850 maps to an Order."""

from __future__ import annotations

from pathlib import Path

import pytest

from dist_core.x12.mappers import order_from_850
from dist_core.x12.reader import read

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "x12-corpus"


def _sets(set_id: str):
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    for path in sorted(CORPUS.glob("*.edi")):
        for transaction_set in read(path.read_bytes()).sets:
            if transaction_set.set_id == set_id:
                yield path.name, transaction_set


@pytest.mark.corpus
def test_every_valid_850_in_the_corpus_maps_to_an_order():
    mapped = 0
    for name, transaction_set in _sets("850"):
        if any(issue.is_error for issue in transaction_set.issues):
            continue
        order = order_from_850(transaction_set.segments, transaction_set.delimiters)
        assert order.po_number, name
        assert order.lines, name
        assert all(line.quantity is not None for line in order.lines), name
        mapped += 1
    assert mapped >= 10
