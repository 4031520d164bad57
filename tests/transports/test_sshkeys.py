"""Loading private keys from text and reading host key fingerprints."""

from __future__ import annotations

import base64
import hashlib

import paramiko
import pytest

from dist_core.errors import PermanentError
from dist_core.transports.sshkeys import load_private_key, parse_fingerprint

from .keys import ed25519_openssh, ed25519_pkcs8, rsa_pem


@pytest.mark.parametrize(
    ("text", "passphrase", "kind"),
    [
        (ed25519_openssh(), None, paramiko.Ed25519Key),
        (ed25519_openssh("pw"), "pw", paramiko.Ed25519Key),
        (ed25519_pkcs8(), None, paramiko.Ed25519Key),
        (rsa_pem(), None, paramiko.RSAKey),
        (rsa_pem("pw", pkcs8=True), "pw", paramiko.RSAKey),
    ],
    ids=["ed25519", "ed25519-encrypted", "ed25519-pkcs8", "rsa-pkcs1", "rsa-pkcs8-encrypted"],
)
def test_key_formats(text, passphrase, kind):
    assert isinstance(load_private_key(text, passphrase), kind)


def test_wrong_passphrase_and_garbage_are_permanent():
    with pytest.raises(PermanentError):
        load_private_key(ed25519_openssh("pw"), "not it")
    with pytest.raises(PermanentError):
        load_private_key("-----BEGIN NONSENSE-----\nabc\n-----END NONSENSE-----")


def test_fingerprint_matches_ssh_keygen_format():
    key = load_private_key(ed25519_openssh())
    digest = hashlib.sha256(key.asbytes()).digest()
    expected = "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
    assert key.fingerprint == expected
    assert parse_fingerprint(expected + "=") == (expected, ())
    line = f"256 {expected} root@host (ED25519)"
    assert parse_fingerprint(line) == (expected, ("ssh-ed25519",))
    assert parse_fingerprint("") == ("", ())
    with pytest.raises(PermanentError):
        parse_fingerprint("MD5:aa:bb")
