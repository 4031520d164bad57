"""Idempotency keys and business keys: stable, short, derived from what identifies the work."""

from __future__ import annotations

import hashlib

SEPARATOR = "\x1f"  # unit separator: cannot appear in X12 ids, JSON keys or file names we accept


def checksum(payload: bytes) -> str:
    """SHA-256 of the raw bytes, hex: the payload's fingerprint in the message log."""
    return hashlib.sha256(payload).hexdigest()


def derive_key(*parts: object) -> str:
    """A key from identifying parts, e.g. ``derive_key("ACME", "000000123", "0001")``.

    Parts are stripped and joined with a separator that cannot occur in them, so ``("ab", "c")`` and
    ``("a", "bc")`` never collide. Keys up to 128 characters stay readable; longer ones are hashed.
    """
    cleaned = [str(part).strip() for part in parts if part is not None and str(part).strip()]
    if not cleaned:
        raise ValueError("an idempotency key needs at least one non-empty part")
    readable = ":".join(cleaned)
    if len(readable) <= 128 and SEPARATOR not in readable and not _ambiguous(cleaned):
        return readable
    return "sha256:" + hashlib.sha256(SEPARATOR.join(cleaned).encode()).hexdigest()


def _ambiguous(parts: list[str]) -> bool:
    # "a:b" + "c" and "a" + "b:c" would both read "a:b:c": hash instead of guessing.
    return any(":" in part for part in parts)
