"""Local-folder transport: SFTP semantics on a directory (on-premise mounts, demos, tests).

Relative folders in the configuration are resolved under ``root``. Uploads are written to a
temporary name, flushed with ``fsync``, then renamed with :func:`os.replace`, which is atomic on
one filesystem: a reader of the outbox sees the whole file or nothing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from .base import ArchiveMode, register
from .files import FolderConfig, FolderTransport


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalConfig(FolderConfig):
    """A local directory tree; ``root`` anchors the relative inbox/archive/outbox folders."""

    root: str = ""


@register(LocalConfig)
class LocalTransport(FolderTransport):
    """Inbox and outbox on the local filesystem."""

    join = staticmethod(os.path.join)

    def __init__(self, config: LocalConfig):
        self.config = config

    def _path(self, path: str) -> str:
        return os.path.join(self.config.root, path) if self.config.root else path

    def _scan(self, folder: str) -> list[tuple[str, int, float]]:
        entries = []
        with os.scandir(self._path(folder)) as listing:
            for entry in listing:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    entries.append((entry.name, info.st_size, info.st_mtime))
        return entries

    def _stat(self, path: str) -> tuple[int, float] | None:
        try:
            info = os.stat(self._path(path), follow_symlinks=False)
        except FileNotFoundError:
            return None
        return (info.st_size, info.st_mtime) if stat.S_ISREG(info.st_mode) else None

    def _read(self, path: str, limit: int) -> bytes:
        with open(self._path(path), "rb") as handle:
            return handle.read(limit)

    def _write(self, path: str, data: bytes) -> None:
        # O_EXCL: the temporary name is ours alone; fsync before the rename makes it durable.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(self._path(path), flags, 0o640)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def _move(self, source: str, target: str) -> None:
        os.replace(self._path(source), self._path(target))

    def _remove(self, path: str) -> None:
        os.remove(self._path(path))

    def test_connection(self) -> str:
        """The inbox is readable; the outbox and archive folders exist and are writable."""
        with self._guard("test connection"):
            checks = [(self.config.inbox_folder, os.R_OK)]
            checks.append((self.config.outbox_folder, os.W_OK))
            if self.config.archive_mode is ArchiveMode.MOVE:
                checks.append((self.config.archive_folder, os.W_OK))
            for folder, mode in checks:
                path = self._path(folder)
                if not os.path.isdir(path):
                    raise FileNotFoundError(2, "folder does not exist", path)
                if not os.access(path, mode | os.X_OK):
                    raise PermissionError(13, "folder is not accessible", path)
            count = len(self.list_inbox())
        return (
            f"Local folders ready; inbox {self._path(self.config.inbox_folder)} has {count} file(s)"
        )
