"""SSH keys for the SFTP transport: load a private key from text, read and compare fingerprints.

Keys arrive as text from the backend (or the Odoo configuration file): OpenSSH, PKCS#8 or
traditional PEM, RSA, Ed25519 or ECDSA, optionally encrypted. ``cryptography`` reads all of them;
paramiko wants a matching key class, so the key is re-serialized in memory in the OpenSSH format.
"""

from __future__ import annotations

import io
import re

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .base import permanent

# ``ssh-keygen -lf`` prints "256 SHA256:abc... comment (ED25519)": the type restricts negotiation.
_KEY_TYPES = {
    "ED25519": ("ssh-ed25519",),
    "RSA": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
    "ECDSA": ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"),
}
_FINGERPRINT = re.compile(r"SHA256:([A-Za-z0-9+/]{43})=?")


def load_private_key(text: str, passphrase: str | None = None) -> paramiko.PKey:
    """A paramiko key from PEM/OpenSSH text; bad text or passphrase is a permanent error."""
    password = passphrase.encode() if passphrase else None
    data = text.strip().encode() + b"\n"
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, password)
        else:
            key = serialization.load_pem_private_key(data, password)
    except (ValueError, TypeError) as exc:
        raise permanent(f"cannot read the SSH private key: {exc}") from None
    classes = {
        rsa.RSAPrivateKey: paramiko.RSAKey,
        ed25519.Ed25519PrivateKey: paramiko.Ed25519Key,
        ec.EllipticCurvePrivateKey: paramiko.ECDSAKey,
    }
    key_class = next((cls for kind, cls in classes.items() if isinstance(key, kind)), None)
    if key_class is None:
        raise permanent(f"unsupported SSH key type {type(key).__name__}")
    openssh = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    return key_class.from_private_key(io.StringIO(openssh.decode()))


def parse_fingerprint(text: str | None) -> tuple[str, tuple[str, ...]]:
    """Normalize an expected host key fingerprint; return it with the key types it implies.

    Accepts ``SHA256:<base64>`` or a whole ``ssh-keygen -lf`` line ending in ``(ED25519)``. An
    empty value returns ``""``: no key will match, and the refusal shows the presented one.
    """
    if not (text or "").strip():
        return "", ()
    match = _FINGERPRINT.search(text)
    if match is None:
        raise permanent("the SFTP host key fingerprint must read 'SHA256:<base64>'")
    kind = re.search(r"\((\w+)\)\s*$", text.strip())
    key_types = _KEY_TYPES.get(kind.group(1).upper(), ()) if kind else ()
    return f"SHA256:{match.group(1)}", key_types


def fingerprint(key: paramiko.PKey) -> str:
    """``SHA256:<base64>`` of a public key, as ``ssh-keygen -lf`` prints it."""
    return key.fingerprint
