"""The fast validation path gives exactly the detailed path's results.

``validate(..., fast=False)`` is the detailed path (every segment split, built and checked);
``validate_fast(..., warmup=0)`` takes every set it can as text from the first one. Both must agree
on everything: every result object compares equal (verdicts, issues with their codes, messages,
values and positions down to offsets and lines, AK5/AK9 codes derived from them), and an input
that raises must raise the same error with the same issue. Inputs: every sample file, the shared
corpus when present, a generated multi-set file, and seeded random mutations of all of them, read
with the normal chunk size and with tiny chunks (sets cut across chunks).
"""

from __future__ import annotations

import random

import pytest

from dist_core.x12.errors import X12Error
from dist_core.x12.fast_validate import validate_fast
from dist_core.x12.validator import validate

from .samples import CORPUS, DATA
from .test_fuzz import mutate

SEED = 20240517


def _outcome(run, data: bytes, **options):
    try:
        return "results", list(run(data, **options))
    except X12Error as exc:
        return type(exc).__name__, exc.issue


def assert_same(data: bytes, label: str = "", chunk_sizes=(1 << 16, 61)) -> None:
    """Both paths agree on ``data`` (with and without warm-up, with several chunk sizes)."""
    for chunk_size in chunk_sizes:
        expected = _outcome(validate, data, fast=False, chunk_size=chunk_size)
        for warmup in (0, 2):
            found = _outcome(validate_fast, data, warmup=warmup, chunk_size=chunk_size)
            assert found == expected, (label, chunk_size, warmup)


def _order(n: int) -> str:
    """One 850 like the benchmark's (bench/bench_x12.py), with its control number ``n``."""
    lines = [f"BEG*00*SA*PO{n:08d}**20240102", "REF*DP*038", "DTM*002*20240115"]
    lines += ["N1*ST*ACME DC*92*0042", "N3*100 MAIN STREET", "N4*SPRINGFIELD*IL*62701"]
    for line in range(1, 1 + n % 4 + 1):
        lines.append(f"PO1*{line}*{n % 50 + line}*EA*{line + 0.25:.2f}**UP*{n:010d}{line:02d}")
        lines.append(f"PID*F****WIDGET MODEL {line}")
    lines.append(f"CTT*{n % 4 + 1}")
    body = "".join(f"{segment}~\n" for segment in lines)
    return f"ST*850*{n:04d}~\n{body}SE*{len(lines) + 2}*{n:04d}~\n"


def generated(sets: int = 40, version: str = "005010") -> bytes:
    isa = (
        "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
        f"*240102*1230*^*{'00501' if version == '005010' else '00401'}*000000007*0*P*>~\n"
    )
    gs = f"GS*PO*SENDER*RECEIVER*20240102*1230*7*X*{version}~\n"
    body = "".join(_order(n) for n in range(1, sets + 1))
    return (isa + gs + body + f"GE*{sets}*7~\nIEA*1*000000007~\n").encode()


def _seeds() -> list[tuple[str, bytes]]:
    found = [(path.name, path.read_bytes()) for path in sorted(DATA.glob("*.x12"))]
    found.append(("generated 005010", generated()))
    found.append(("generated 004010", generated(12, "004010")))
    return found


@pytest.mark.parametrize("name", [name for name, _ in _seeds()])
def test_sample_files_agree(name):
    data = dict(_seeds())[name]
    assert_same(data, name)


def test_corpus_files_agree():
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    files = sorted(path for path in CORPUS.iterdir() if path.is_file())
    assert files
    for path in files:
        assert_same(path.read_bytes(), path.name)


def test_mutations_agree():
    rng = random.Random(SEED)
    seeds = [data for _name, data in _seeds()]
    if CORPUS.is_dir():
        seeds += [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.suffix == ".edi"]
    for case in range(1500):
        data = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            data = mutate(data, rng) or data
        assert_same(data, f"mutation {case}", chunk_sizes=(1 << 16,))


def test_a_generated_file_is_mostly_taken_fast(monkeypatch):
    """The fast path really runs: the detailed set check is called for the warm-up sets only."""
    from dist_core.x12 import fast_validate, set_matcher

    calls = []
    monkeypatch.setattr(set_matcher, "_MATCHERS", {})  # compiled patterns skip the warm-up
    original = fast_validate.validate_set
    monkeypatch.setattr(
        fast_validate, "validate_set", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    (result,) = validate_fast(generated(40), warmup=3)
    assert result.accepted and len(result.groups[0].sets) == 40
    assert len(calls) == 3


def test_errors_in_a_long_file_keep_their_positions():
    text = generated(30).decode()
    bad = text.replace("PO00000017**20240102", "PO00000017**20241302")  # 13th month
    bad = bad.replace("SE*13*0021~", "SE*12*0021~").replace("N3*100 MAIN STREET", "N3*", 1)
    data = bad.encode()
    assert_same(data, "edited")
    (result,) = validate_fast(data, warmup=0)
    sets = result.groups[0].sets
    assert [s.index for s in sets if not s.accepted] == [1, 17, 21]
    assert [s.ack_codes for s in sets if not s.accepted] == [("5",), ("5",), ("4",)]
    assert result.groups[0].verdict == "P"
    date = next(f for f in sets[16].errors if f.value == "20241302")
    assert date.position.line == bad[: bad.index("20241302")].count("\n") + 1


def test_a_segment_using_more_elements_raises_the_pattern_limit(monkeypatch):
    """The first pattern reads only the elements the buffered segments use; a later set whose PO1
    goes further is matched after one regrowth, with the same results as the detailed path."""
    from dist_core.x12 import fast_validate, set_matcher
    from dist_core.x12.validator import schema_for

    monkeypatch.setattr(set_matcher, "_MATCHERS", {})
    monkeypatch.setattr(fast_validate, "_FIRST_LOOK", 0)  # the first set alone sets the limits
    text = generated(12).decode()
    longer = text.replace(
        "PO1*1*10*EA*1.25**UP*000000000901", "PO1*1*10*EA*1.25**UP*000000000901*VN*X9"
    )
    assert longer != text
    data = longer.encode()
    (result,) = validate_fast(data, warmup=0)
    assert result.accepted and len(result.groups[0].sets) == 12
    schema = schema_for("850", "005010", None)
    matcher = next(m for m in set_matcher._MATCHERS.values() if m.schema is schema)
    assert matcher.limits["PO1"] == 9 and matcher.growths == 2
    assert_same(data, "longer PO1")
