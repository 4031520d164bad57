"""Key material generated for the tests: nothing is stored in the repository."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa


def ed25519_openssh(passphrase: str | None = None) -> str:
    """A fresh Ed25519 private key in the OpenSSH format, optionally encrypted."""
    key = ed25519.Ed25519PrivateKey.generate()
    return _pem(key, serialization.PrivateFormat.OpenSSH, passphrase)


def rsa_pem(passphrase: str | None = None, *, pkcs8: bool = False) -> str:
    """A fresh 2048-bit RSA key in traditional (PKCS#1) or PKCS#8 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fmt = (
        serialization.PrivateFormat.PKCS8
        if pkcs8
        else serialization.PrivateFormat.TraditionalOpenSSL
    )
    return _pem(key, fmt, passphrase)


def ed25519_pkcs8() -> str:
    """An Ed25519 key in PKCS#8 PEM, a form paramiko alone does not read."""
    key = ed25519.Ed25519PrivateKey.generate()
    return _pem(key, serialization.PrivateFormat.PKCS8, None)


def _pem(key, fmt, passphrase: str | None) -> str:
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption).decode()
