from dist_core.x12.mappers.adjustment_reasons import ADJUSTMENT_REASONS, adjustment_reason


def test_known_code_reads_with_its_meaning():
    assert adjustment_reason("AU") == "AU Damaged in Facility"


def test_code_is_normalised_before_lookup():
    assert adjustment_reason(" aa ") == "AA Physical Count"


def test_unknown_code_is_kept_as_sent():
    assert adjustment_reason("ZZ") == "ZZ"


def test_every_code_is_two_characters():
    assert all(len(code) == 2 for code in ADJUSTMENT_REASONS)
