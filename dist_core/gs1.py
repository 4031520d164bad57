"""GS1 identifiers: the mod-10 check digit, SSCC-18 serial shipping container codes and GTINs.

An SSCC-18 is an extension digit (0-9, free for the company to use, often the packing line),
the GS1 company prefix (7 to 10 digits), a serial reference filling the rest of the 17 digits,
then the check digit. On a label and in ``MAN*GM`` it may carry the "00" application identifier in
front; :func:`normalize_sscc` strips it.
"""

from __future__ import annotations

SSCC_LENGTH = 18
GTIN_LENGTHS = frozenset({8, 12, 13, 14})
SSCC_APPLICATION_IDENTIFIER = "00"


class GS1Error(ValueError):
    """A value that cannot be a GS1 identifier; a person must look, retrying will not help."""

    permanent = True


def check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit of ``digits`` (the identifier without its check digit).

    Weights alternate 3 and 1 starting from the rightmost digit, so the same rule serves GTIN-8,
    GTIN-12/13/14 and SSCC-18: ``check_digit("400638133393") == "1"`` (GTIN-13 4006381333931).
    """
    if not digits.isdigit() or not digits.isascii():
        raise GS1Error(f"not all digits: {digits!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str(-total % 10)


def has_valid_check_digit(code: str) -> bool:
    """True when the last digit of ``code`` is the GS1 check digit of the others."""
    return (
        len(code) >= 2 and code.isdigit() and code.isascii() and check_digit(code[:-1]) == code[-1]
    )


def build_sscc(extension_digit: int | str, company_prefix: str, serial_reference: int | str) -> str:
    """An SSCC-18 from its parts: ``build_sscc(0, "0614141", 123456789)`` -> 18 digits.

    The serial reference is zero-padded to ``16 - len(company_prefix)`` digits; a serial too large
    for the prefix's range is an error rather than a silent truncation (a reused SSCC is a
    chargeback).
    """
    extension = str(extension_digit)
    if len(extension) != 1 or not extension.isdigit():
        raise GS1Error(f"extension digit must be one digit: {extension_digit!r}")
    if not (7 <= len(company_prefix) <= 10 and company_prefix.isdigit()):
        raise GS1Error(f"GS1 company prefix must be 7 to 10 digits: {company_prefix!r}")
    width = 16 - len(company_prefix)
    serial = str(serial_reference)
    if not serial.isdigit() or len(serial) > width:
        raise GS1Error(f"serial reference {serial_reference!r} does not fit {width} digits")
    body = extension + company_prefix + serial.zfill(width)
    return body + check_digit(body)


def normalize_sscc(value: str) -> str:
    """The bare 18 digits of an SSCC, dropping the "00" application identifier when present."""
    value = value.strip()
    if len(value) == SSCC_LENGTH + 2 and value.startswith(SSCC_APPLICATION_IDENTIFIER):
        return value[2:]
    return value


def is_valid_sscc(value: str) -> bool:
    """True for 18 digits (optionally after "00") with a correct check digit."""
    sscc = normalize_sscc(value)
    return len(sscc) == SSCC_LENGTH and has_valid_check_digit(sscc)


def validate_sscc(value: str) -> str:
    """The normalized SSCC, or :class:`GS1Error` saying what is wrong with it."""
    sscc = normalize_sscc(value)
    if len(sscc) != SSCC_LENGTH or not sscc.isdigit():
        raise GS1Error(f"SSCC must be 18 digits: {value!r}")
    if not has_valid_check_digit(sscc):
        raise GS1Error(f"SSCC check digit should be {check_digit(sscc[:-1])}: {value!r}")
    return sscc


def is_valid_gtin(value: str) -> bool:
    """True for a GTIN-8, -12 (UPC-A), -13 (EAN) or -14 with a correct check digit."""
    return len(value) in GTIN_LENGTHS and has_valid_check_digit(value)


def to_gtin14(value: str) -> str:
    """Any valid GTIN left-padded to 14 digits, the form cross-reference tables compare on."""
    if not is_valid_gtin(value):
        raise GS1Error(f"not a valid GTIN: {value!r}")
    return value.zfill(14)
