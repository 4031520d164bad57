"""Inbox/outbox semantics shared by the folder-like transports (SFTP and local folder).

Subclasses provide a handful of primitives on paths (list, stat, read, write, move, remove); this
module turns them into the guarantees of :class:`~dist_core.transports.base.InboxTransport`:
bounded and verified reads, archive that is idempotent and never takes a re-uploaded file, and
uploads to a temporary name followed by a rename.
"""

from __future__ import annotations

import contextlib
import fnmatch
import posixpath
import uuid
from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from dist_core.errors import DistError, ErrorClass, classify
from dist_core.idempotency import checksum

from .base import (
    DEFAULT_MAX_FILE_SIZE,
    ArchiveMode,
    InboxTransport,
    Receipt,
    RemoteFile,
    archive_name,
    check_read,
    check_size,
    permanent,
    temp_name,
    transient,
    validate_name,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FolderConfig:
    """Folders and file rules common to SFTP and local-folder transports.

    ``archive_folder`` is required when ``archive_mode`` is ``move``. ``file_pattern`` is a glob
    on inbox names (``*.x12``). Uploads are written as ``<temp_prefix><name>.<token><temp_suffix>``
    in the outbox and renamed when complete. Without ``overwrite``, an upload whose final name
    already exists succeeds only if the existing file has the same content (a re-send after a
    crash), and is refused otherwise: the partner may not have read the earlier file yet.
    """

    inbox_folder: str = "in"
    archive_folder: str = "archive"
    outbox_folder: str = "out"
    archive_mode: ArchiveMode = ArchiveMode.MOVE
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    file_pattern: str = "*"
    temp_prefix: str = "."
    temp_suffix: str = ".part"
    overwrite: bool = False

    def __post_init__(self):
        object.__setattr__(self, "archive_mode", ArchiveMode(self.archive_mode))
        if self.max_file_size <= 0:
            raise ValueError("max_file_size must be positive")
        if self.archive_mode is ArchiveMode.MOVE and not self.archive_folder:
            raise ValueError("archive_mode 'move' needs an archive_folder")


class FolderTransport(InboxTransport):
    """The inbox and outbox logic, written once over path primitives."""

    config: FolderConfig
    join = staticmethod(posixpath.join)

    # -- primitives -------------------------------------------------------------------------

    @abstractmethod
    def _scan(self, folder: str) -> list[tuple[str, int, float]]:
        """(name, size, mtime) of the regular files directly in ``folder``."""

    @abstractmethod
    def _stat(self, path: str) -> tuple[int, float] | None:
        """(size, mtime) of a regular file, or None when there is none."""

    @abstractmethod
    def _read(self, path: str, limit: int) -> bytes:
        """Up to ``limit`` bytes from the start of the file."""

    @abstractmethod
    def _write(self, path: str, data: bytes) -> None:
        """Create or truncate ``path`` with ``data``, flushed to the server or disk."""

    @abstractmethod
    def _move(self, source: str, target: str) -> None:
        """Rename atomically, replacing ``target`` if it exists."""

    @abstractmethod
    def _remove(self, path: str) -> None:
        """Delete a file; FileNotFoundError when it is already gone."""

    def _translate(self, exc: BaseException) -> DistError | None:
        """Hook for transport-specific exceptions; None falls back to :func:`classify`."""
        return None

    @contextlib.contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Turn any failure of ``action`` into a transient or permanent transport error."""
        try:
            yield
        except DistError:
            raise
        except Exception as exc:
            error = self._translate(exc)
            if error is None:
                failure = classify(exc)
                text = f"{action}: {failure.message}"
                error = transient(text) if failure.error_class is ErrorClass.TRANSIENT else None
                error = error or permanent(text)
            raise error from exc

    # -- inbox ------------------------------------------------------------------------------

    def list_inbox(self, *, marker_suffix: str | None = None) -> list[RemoteFile]:
        folder = self.config.inbox_folder
        with self._guard(f"list {folder}"):
            entries = self._scan(folder)
        files = [
            RemoteFile(name=name, size=size, mtime=mtime, path=self.join(folder, name))
            for name, size, mtime in entries
            if self._wanted(name, marker_suffix)
        ]
        return sorted(files, key=lambda f: (f.mtime, f.name))

    def _wanted(self, name: str, marker_suffix: str | None) -> bool:
        if name.startswith(self.config.temp_prefix) and name.endswith(self.config.temp_suffix):
            return False  # our own (or a peer's) upload in progress
        if marker_suffix and name.endswith(marker_suffix):
            name = name[: -len(marker_suffix)]  # "po.x12.ok" is listed when "*.x12" is wanted
        return fnmatch.fnmatchcase(name, self.config.file_pattern)

    def fetch(self, remote_file: RemoteFile) -> bytes:
        limit = self.config.max_file_size
        check_size(remote_file, limit)
        with self._guard(f"fetch {remote_file.path}"):
            # One byte over the limit is enough to know the file grew past it.
            data = self._read(remote_file.path, limit + 1)
        return check_read(remote_file, data, limit)

    def archive(self, remote_file: RemoteFile) -> None:
        with self._guard(f"archive {remote_file.path}"):
            current = self._stat(remote_file.path)
            if current is None or not _same_version(current, remote_file):
                # Gone already (second call), or replaced by a re-upload the next poll will take.
                return
            if self.config.archive_mode is ArchiveMode.DELETE:
                with contextlib.suppress(FileNotFoundError):
                    self._remove(remote_file.path)
                return
            target = self.join(self.config.archive_folder, archive_name(remote_file))
            try:
                self._move(remote_file.path, target)
            except FileNotFoundError:
                if self._stat(remote_file.path) is not None:
                    raise  # the archive folder is missing, not the file

    # -- outbox -----------------------------------------------------------------------------

    def upload(self, name: str, data: bytes) -> Receipt:
        validate_name(name)
        final = self.join(self.config.outbox_folder, name)
        partial = self.join(
            self.config.outbox_folder,
            temp_name(
                name, uuid.uuid4().hex[:12], self.config.temp_prefix, self.config.temp_suffix
            ),
        )
        with self._guard(f"upload {final}"):
            if self._already_delivered(final, data):
                return Receipt(location=final, size=len(data), checksum=checksum(data))
            self._write(partial, data)
            try:
                self._move(partial, final)
            except BaseException:
                with contextlib.suppress(Exception):
                    self._remove(partial)
                raise
        return Receipt(location=final, size=len(data), checksum=checksum(data))

    def _already_delivered(self, final: str, data: bytes) -> bool:
        """True when ``final`` holds exactly ``data``; refuse to replace a different file."""
        if self.config.overwrite:
            return False
        existing = self._stat(final)
        if existing is None:
            return False
        if existing[0] == len(data) and self._read(final, len(data) + 1) == data:
            return True
        raise permanent(
            f"{final} already exists with other content; not replacing a file the partner "
            "may not have read",
            problem_key=f"transport:exists:{final}",
        )


def _same_version(current: tuple[int, float], remote_file: RemoteFile) -> bool:
    size, mtime = current
    return size == remote_file.size and int(mtime) == int(remote_file.mtime)
