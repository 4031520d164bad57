import pytest

from dist_core.idempotency import checksum, derive_key


def test_checksum_is_sha256_hex():
    assert checksum(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_derive_key_is_readable_for_short_parts():
    assert derive_key("ACME", "000000123", " 0001 ") == "ACME:000000123:0001"


def test_derive_key_skips_empty_parts():
    assert derive_key("ACME", None, "", "7") == "ACME:7"


def test_parts_cannot_collide_through_the_separator():
    assert derive_key("a:b", "c") != derive_key("a", "b:c")


def test_long_keys_are_hashed():
    key = derive_key("x" * 200)
    assert key.startswith("sha256:")
    assert len(key) == len("sha256:") + 64


def test_empty_key_is_refused():
    with pytest.raises(ValueError):
        derive_key(None, " ")
