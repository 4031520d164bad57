import pytest

from dist_core.gs1 import (
    GS1Error,
    build_sscc,
    check_digit,
    is_valid_gtin,
    is_valid_sscc,
    normalize_sscc,
    to_gtin14,
    validate_sscc,
)


def test_check_digit_of_gs1_gtin13_example():
    assert check_digit("400638133393") == "1"


def test_check_digit_rejects_non_digits():
    with pytest.raises(GS1Error):
        check_digit("12A4")


def test_build_sscc_matches_gs1_published_example():
    assert build_sscc(1, "0614141", "234567890") == "106141412345678908"


def test_build_sscc_pads_serial_to_fill_17_digits():
    sscc = build_sscc(0, "0614141", 42)
    assert len(sscc) == 18
    assert sscc.startswith("00614141000000042")


def test_build_sscc_refuses_serial_too_long_for_prefix():
    with pytest.raises(GS1Error, match="does not fit"):
        build_sscc(0, "0614141000", 1234567)


def test_build_sscc_refuses_short_company_prefix():
    with pytest.raises(GS1Error, match="prefix"):
        build_sscc(0, "123456", 1)


def test_build_sscc_refuses_two_digit_extension():
    with pytest.raises(GS1Error, match="extension"):
        build_sscc(10, "0614141", 1)


def test_is_valid_sscc_true_for_good_check_digit():
    assert is_valid_sscc("106141412345678908")


def test_is_valid_sscc_false_for_bad_check_digit():
    assert not is_valid_sscc("106141412345678907")


def test_normalize_sscc_drops_application_identifier():
    assert normalize_sscc("00106141412345678908") == "106141412345678908"


def test_validate_sscc_names_expected_check_digit():
    with pytest.raises(GS1Error, match="should be 8"):
        validate_sscc("106141412345678907")


def test_validate_sscc_rejects_wrong_length():
    with pytest.raises(GS1Error, match="18 digits"):
        validate_sscc("0000106141412345678908")


@pytest.mark.parametrize("gtin", ["96385074", "012345678905", "4006381333931", "10012345678902"])
def test_is_valid_gtin_accepts_every_length(gtin):
    assert is_valid_gtin(gtin)


def test_is_valid_gtin_rejects_bad_check_digit():
    assert not is_valid_gtin("012345678906")


def test_to_gtin14_pads_upc():
    assert to_gtin14("012345678905") == "00012345678905"
