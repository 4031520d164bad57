"""SFTP transport over paramiko, with a pinned server host key.

The server's host key must match the fingerprint configured on the backend (``SHA256:<base64>``,
as ``ssh-keygen -lf`` prints it). The check happens after the key exchange and *before* any
credential is sent: an unknown or changed key closes the connection with a permanent error whose
message shows the presented fingerprint, so an administrator can verify it out of band and pin it.
Nothing is ever trusted on first use.

Timeouts: ``connect_timeout`` bounds the TCP connect, banner, key exchange and authentication;
``operation_timeout`` bounds every SFTP request on the channel. A broken connection is dropped and
re-opened by the next operation, so one cut does not fail the rest of a poll.
"""

from __future__ import annotations

import contextlib
import socket
import stat
from dataclasses import dataclass, field

import paramiko
from paramiko.ssh_exception import IncompatiblePeer

from dist_core.errors import DistError

from .base import permanent, register, transient
from .files import FolderConfig, FolderTransport
from .sshkeys import fingerprint, load_private_key, parse_fingerprint


@dataclass(frozen=True, slots=True, kw_only=True)
class SftpConfig(FolderConfig):
    """An SFTP mailbox. Give ``private_key`` (PEM/OpenSSH text) or ``password``.

    Folders are relative to the login directory unless absolute. ``posix_rename`` uses OpenSSH's
    atomic-replace extension; set it False for servers without it (plain rename is then used,
    which is atomic too but refuses an existing target).
    """

    host: str
    port: int = 22
    username: str
    host_key_fingerprint: str
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    connect_timeout: float = 15.0
    operation_timeout: float = 60.0
    posix_rename: bool = True


@register(SftpConfig)
class SftpTransport(FolderTransport):
    """Inbox and outbox in an SFTP mailbox; connects lazily, reconnects after a cut."""

    def __init__(self, config: SftpConfig):
        self.config = config
        self._transport: paramiko.Transport | None = None
        self._sftp: paramiko.SFTPClient | None = None

    # -- connection -------------------------------------------------------------------------

    @property
    def sftp(self) -> paramiko.SFTPClient:
        """The SFTP session, opened (again) when needed."""
        if self._sftp is None or self._transport is None or not self._transport.is_active():
            self.close()
            self._sftp = self._connect()
        return self._sftp

    def _connect(self) -> paramiko.SFTPClient:
        cfg = self.config
        expected, key_types = parse_fingerprint(cfg.host_key_fingerprint)
        pkey = load_private_key(cfg.private_key, cfg.passphrase) if cfg.private_key else None
        if pkey is None and not cfg.password:
            raise permanent("SFTP needs a private key or a password")
        sock = socket.create_connection((cfg.host, cfg.port), timeout=cfg.connect_timeout)
        try:
            transport = self._transport = paramiko.Transport(sock)
            self._tune(transport, key_types)
            transport.start_client(timeout=cfg.connect_timeout)
            self._check_host_key(transport.get_remote_server_key(), expected)
            self._authenticate(transport, pkey)
            client = paramiko.SFTPClient.from_transport(transport)
            client.get_channel().settimeout(cfg.operation_timeout)
        except BaseException:
            self.close()
            sock.close()
            raise
        return client

    def _tune(self, transport: paramiko.Transport, key_types: tuple[str, ...]) -> None:
        """Apply the timeouts and, when the pinned key's type is known, offer only that type."""
        timeout = self.config.connect_timeout
        transport.banner_timeout = transport.handshake_timeout = transport.auth_timeout = timeout
        if key_types:
            options = transport.get_security_options()
            usable = tuple(kind for kind in key_types if kind in options.key_types)
            if not usable:
                raise permanent(f"host key type {key_types[0]} is not supported")
            options.key_types = usable

    def _check_host_key(self, key: paramiko.PKey, expected: str) -> None:
        presented = fingerprint(key)
        if presented == expected:
            return
        where = f"{self.config.host}:{self.config.port}"
        if not expected:
            message = (
                f"SFTP host key of {where} is unknown: the server presents {key.get_name()} "
                f"{presented}; verify it with the partner, then configure it"
            )
        else:
            message = (
                f"SFTP host key of {where} changed: the server presents {key.get_name()} "
                f"{presented}, expected {expected}; refusing to connect"
            )
        raise permanent(message, problem_key=f"transport:host_key:{self.config.host}")

    def _authenticate(self, transport: paramiko.Transport, pkey: paramiko.PKey | None) -> None:
        cfg = self.config
        if pkey is not None:
            transport.auth_publickey(cfg.username, pkey)
        else:
            transport.auth_password(cfg.username, cfg.password)
        if not transport.is_authenticated():
            # The server asks for a second factor we cannot give.
            raise permanent(f"SFTP login of {cfg.username} needs further authentication")

    def close(self) -> None:
        sftp, transport = self._sftp, self._transport
        self._sftp = self._transport = None
        for closable in (sftp, transport):
            if closable is not None:
                # Closing a dead connection may fail: nothing is left to release then.
                with contextlib.suppress(Exception):
                    closable.close()

    def _translate(self, exc: BaseException) -> DistError | None:
        """Name paramiko's failures; SFTP status errors (no such file...) go to ``classify``."""
        where = f"SFTP {self.config.host}:{self.config.port}"
        if isinstance(exc, paramiko.AuthenticationException):
            self.close()
            return permanent(f"{where}: authentication of {self.config.username} refused: {exc}")
        if isinstance(exc, IncompatiblePeer):
            self.close()  # no common algorithm, e.g. the pinned key type is not offered
            return permanent(f"{where}: incompatible server: {exc}")
        if isinstance(exc, (EOFError, paramiko.SSHException, TimeoutError, ConnectionError)):
            self.close()  # the connection is suspect: the next operation opens a new one
            return transient(f"{where}: {type(exc).__name__}: {exc}")
        return None

    def test_connection(self) -> str:
        """Log in (host key checked first) and list the inbox."""
        with self._guard("test connection"):
            count = len(self.list_inbox())
            key = self._transport.get_remote_server_key()
        return (
            f"Connected to {self.config.host}:{self.config.port} as {self.config.username} "
            f"(host key {key.get_name()} {fingerprint(key)}); inbox "
            f"{self.config.inbox_folder} has {count} file(s)"
        )

    # -- primitives -------------------------------------------------------------------------

    def _scan(self, folder: str) -> list[tuple[str, int, float]]:
        return [
            (attr.filename, attr.st_size, float(attr.st_mtime or 0))
            for attr in self.sftp.listdir_attr(folder)
            if attr.st_mode is not None and stat.S_ISREG(attr.st_mode)
        ]

    def _stat(self, path: str) -> tuple[int, float] | None:
        try:
            attr = self.sftp.stat(path)
        except FileNotFoundError:
            return None
        if attr.st_mode is not None and not stat.S_ISREG(attr.st_mode):
            return None
        return attr.st_size, float(attr.st_mtime or 0)

    def _read(self, path: str, limit: int) -> bytes:
        with self.sftp.open(path, "rb") as handle:
            # Pipelined reads: one round trip per 32 KiB request would crawl over a WAN.
            handle.prefetch(min(handle.stat().st_size, limit))
            return handle.read(limit)

    def _write(self, path: str, data: bytes) -> None:
        with self.sftp.open(path, "wbx") as handle:
            handle.set_pipelined(True)
            handle.write(data)
        # paramiko's close swallows errors: confirm what the server holds before the rename.
        size = self.sftp.stat(path).st_size
        if size != len(data):
            raise transient(f"upload of {path} stored {size} bytes of {len(data)}")

    def _move(self, source: str, target: str) -> None:
        if self.config.posix_rename:
            self.sftp.posix_rename(source, target)
        else:
            self.sftp.rename(source, target)

    def _remove(self, path: str) -> None:
        self.sftp.remove(path)
