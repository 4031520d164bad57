"""The transport interface: an inbox to poll, an outbox to deliver to, and a connection check.

A transport moves bytes; it never stores messages. The Odoo side drives it:

* inbound: :func:`dist_core.transports.poll.poll` lists the inbox, fetches each ready file, hands
  the bytes to a ``commit`` callback (which stores the message and commits the database), and only
  then archives the remote file;
* outbound: ``upload(name, data)`` delivers a document so that the partner never sees it partially.

Every failure is raised as :class:`~dist_core.errors.TransientError` (retry later) or
:class:`~dist_core.errors.PermanentError` (a person must look), with the ``transport`` category.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum

from dist_core.errors import Category, PermanentError, TransientError
from dist_core.idempotency import checksum, derive_key

DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
# config class -> transport class, filled by each transport module (see ``register``).
TRANSPORTS: dict[type, type] = {}


def register(config_class: type):
    """Class decorator: ``transport_class`` serves configs of ``config_class``."""

    def decorate(transport_class: type) -> type:
        TRANSPORTS[config_class] = transport_class
        return transport_class

    return decorate


class ArchiveMode(str, Enum):
    """What ``archive`` does with a committed inbound file."""

    MOVE = "move"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file seen in an inbox listing.

    ``mtime`` is in seconds since the epoch (whole seconds on SFTP). ``file_id`` identifies this
    *version* of the file (name, size and mtime), so a same-name re-upload is a different file.
    """

    name: str
    size: int
    mtime: float
    path: str

    @property
    def file_id(self) -> str:
        return derive_key(self.name, self.size, int(self.mtime))

    @property
    def short_id(self) -> str:
        """Twelve hex characters of ``file_id``: unique enough to tell archived versions apart."""
        return hashlib.sha256(self.file_id.encode()).hexdigest()[:12]

    def identity(self, data: bytes) -> str:
        """The identity of a received file: name, size, mtime and content checksum.

        The Odoo side may use it as the inbound idempotency key: the same file fetched twice (a
        crash between commit and archive) gives the same key; a same-name re-upload does not.
        """
        return derive_key(self.name, self.size, int(self.mtime), checksum(data))


@dataclass(frozen=True, slots=True)
class Receipt:
    """What an outbound delivery produced: where it went and, for HTTP, what the partner said."""

    location: str
    size: int
    checksum: str
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


class Transport(ABC):
    """Common shape of every transport: outbound delivery, a connection check, a context manager.

    Inbound-capable transports (SFTP, local folder) extend :class:`InboxTransport`.
    """

    @abstractmethod
    def upload(self, name: str, data: bytes) -> Receipt:
        """Deliver ``data`` as ``name``; the partner never sees a partial document."""

    @abstractmethod
    def test_connection(self) -> str:
        """Check the connection and credentials; return a human-readable summary or raise."""

    def close(self) -> None:  # noqa: B027 - most transports hold nothing to release
        """Release connections; safe to call twice."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()


class InboxTransport(Transport):
    """A transport with an inbox: list, fetch, archive."""

    @abstractmethod
    def list_inbox(self, *, marker_suffix: str | None = None) -> list[RemoteFile]:
        """Regular files of the inbox matching the file pattern, oldest first (then by name).

        With ``marker_suffix``, ready markers of matching files are listed too.
        """

    @abstractmethod
    def fetch(self, remote_file: RemoteFile) -> bytes:
        """Read the whole file; refuse files over the size limit or that changed since listed."""

    @abstractmethod
    def archive(self, remote_file: RemoteFile) -> None:
        """Move the file to the archive folder, or delete it, per configuration.

        Idempotent: if the file is already gone, nothing happens. If the inbox now holds a
        *different* file under that name (a re-upload), it is left alone for the next poll.
        """


def transient(message: str, **kwargs) -> TransientError:
    return TransientError(message, category=Category.TRANSPORT, **kwargs)


def permanent(message: str, **kwargs) -> PermanentError:
    return PermanentError(message, category=Category.TRANSPORT, **kwargs)


def check_size(remote_file: RemoteFile, max_size: int) -> None:
    """Refuse a listed file over the limit before reading a byte of it."""
    if remote_file.size > max_size:
        raise permanent(
            f"{remote_file.name}: {remote_file.size} bytes exceeds the limit of {max_size}",
            problem_key=f"transport:too_large:{remote_file.name}",
        )


def check_read(remote_file: RemoteFile, data: bytes, max_size: int) -> bytes:
    """Verify a completed read: within the limit and exactly the size listed.

    A different size means the file changed under us (still being written, or replaced): worth
    trying again later, when it is complete.
    """
    if len(data) > max_size:
        raise permanent(
            f"{remote_file.name}: more than {max_size} bytes",
            problem_key=f"transport:too_large:{remote_file.name}",
        )
    if len(data) != remote_file.size:
        raise transient(
            f"{remote_file.name}: read {len(data)} bytes, listed {remote_file.size}; "
            "the file changed while it was read"
        )
    return data


def archive_name(remote_file: RemoteFile) -> str:
    """Deterministic, unique and sortable name of an archived file version.

    ``20240131T235959_<short id>_<name>``: two versions of ``orders.x12`` never collide, and an
    archive retried after a crash targets the same name.
    """
    stamp = datetime.fromtimestamp(int(remote_file.mtime), tz=timezone.utc)
    return f"{stamp:%Y%m%dT%H%M%S}_{remote_file.short_id}_{remote_file.name}"


def temp_name(name: str, token: str, prefix: str, suffix: str) -> str:
    """Name of an upload in progress: hidden by ``prefix``, unique by ``token``."""
    return f"{prefix}{name}.{token}{suffix}"


def validate_name(name: str) -> str:
    """A plain file name: no folder part, no traversal, no control characters."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name:
        raise permanent(f"invalid file name {name!r}")
    if any(ord(char) < 32 for char in name):
        raise permanent(f"invalid file name {name!r}")
    return name
