"""A small SFTP server on loopback for the tests: paramiko's server side over a temp directory.

It serves one root folder to one user (password and/or public key), logs every operation, can cut
the connection in the middle of a read, and snapshots the outbox at every write so the tests can
prove a partner never sees a partial file under its final name.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field

import paramiko
from paramiko.sftp import SFTP_FAILURE, SFTP_OK


@dataclass
class ServerState:
    """What the tests configure and observe."""

    root: str
    username: str = "partner"
    password: str | None = None
    authorized_key: paramiko.PKey | None = None
    ops: list[tuple] = field(default_factory=list)
    cut_after: dict[str, int] = field(default_factory=dict)  # file name -> bytes before the cut
    stalled: set[str] = field(default_factory=set)  # file names whose reads hang until release
    release: threading.Event = field(default_factory=threading.Event)
    write_snapshots: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    auth_attempts: int = 0

    def real(self, path: str) -> str:
        """Map a client path into the root; never outside it."""
        full = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if full != self.root and not full.startswith(self.root + os.sep):
            raise PermissionError(13, "outside the root", path)
        return full


class _Auth(paramiko.ServerInterface):
    """One connection's authentication and channel policy."""

    def __init__(self, state: ServerState, transport: paramiko.Transport):
        self.state = state
        self.transport = transport

    def get_allowed_auths(self, username):
        return "password,publickey"

    def check_auth_password(self, username, password):
        self.state.auth_attempts += 1
        ok = self.state.password is not None and (username, password) == (
            self.state.username,
            self.state.password,
        )
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        self.state.auth_attempts += 1
        wanted = self.state.authorized_key
        ok = username == self.state.username and wanted is not None
        ok = ok and key.asbytes() == wanted.asbytes()
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(paramiko.SFTPHandle):
    def __init__(self, sftp: _Folder, path: str, flags: int):
        super().__init__(flags)
        self.sftp, self.path = sftp, path

    def read(self, offset, length):
        if os.path.basename(self.path) in self.sftp.state.stalled:
            self.sftp.state.release.wait(5)  # a server that stops answering
        cut = self.sftp.state.cut_after.get(os.path.basename(self.path))
        if cut is not None and offset + length > cut:
            del self.sftp.state.cut_after[os.path.basename(self.path)]
            self.sftp.auth.transport.close()  # the network goes away mid-download
            return SFTP_FAILURE
        return super().read(offset, length)

    def write(self, offset, data):
        outbox = os.path.dirname(self.path)
        snapshot = frozenset(os.listdir(outbox))
        self.sftp.state.write_snapshots.append((os.path.basename(self.path), snapshot))
        return super().write(offset, data)

    def stat(self):
        return paramiko.SFTPAttributes.from_stat(os.fstat(self.fd))

    def close(self):
        self.sftp.log("close", self.path)
        super().close()


class _Folder(paramiko.SFTPServerInterface):
    """The SFTP operations, on real files under the state's root."""

    def __init__(self, auth: _Auth, *args, **kwargs):
        super().__init__(auth, *args, **kwargs)
        self.auth, self.state = auth, auth.state

    def log(self, op: str, *paths: str) -> None:
        self.state.ops.append((op, *(os.path.relpath(p, self.state.root) for p in paths)))

    def _errors(self, call):
        try:
            return call()
        except OSError as exc:
            return paramiko.SFTPServer.convert_errno(exc.errno)

    def list_folder(self, path):
        real = self.state.real(path)

        def listing():
            return [_attrs(os.path.join(real, name), name) for name in sorted(os.listdir(real))]

        return self._errors(listing)

    def stat(self, path):
        return self._errors(lambda: _attrs(self.state.real(path)))

    lstat = stat

    def open(self, path, flags, attr):
        real = self.state.real(path)
        self.log("open", real)

        def opening():
            fd = os.open(real, flags, 0o644)
            handle = _Handle(self, real, flags)
            handle.fd = fd
            mode = "rb"
            if flags & (os.O_WRONLY | os.O_RDWR):
                mode = "r+b" if flags & os.O_RDWR else "wb"
            stream = os.fdopen(fd, mode)
            handle.readfile = handle.writefile = stream
            return handle

        return self._errors(opening)

    def remove(self, path):
        real = self.state.real(path)
        self.log("remove", real)
        return self._errors(lambda: os.remove(real) or SFTP_OK)

    def rename(self, oldpath, newpath):
        old, new = self.state.real(oldpath), self.state.real(newpath)
        self.log("rename", old, new)
        if os.path.exists(new):
            return paramiko.sftp.SFTP_FAILURE  # SFTPv3 rename never replaces
        return self._errors(lambda: os.rename(old, new) or SFTP_OK)

    def posix_rename(self, oldpath, newpath):
        old, new = self.state.real(oldpath), self.state.real(newpath)
        self.log("posix_rename", old, new)
        return self._errors(lambda: os.replace(old, new) or SFTP_OK)

    def mkdir(self, path, attr):
        return self._errors(lambda: os.mkdir(self.state.real(path)) or SFTP_OK)


def _attrs(real: str, name: str | None = None) -> paramiko.SFTPAttributes:
    attrs = paramiko.SFTPAttributes.from_stat(os.stat(real))
    if name is not None:
        attrs.filename = name
    return attrs


class SftpServer:
    """Accepts connections on 127.0.0.1 in a thread until ``stop``."""

    def __init__(self, state: ServerState, host_key: paramiko.PKey):
        self.state, self.host_key = state, host_key
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.transports: list[paramiko.Transport] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="test-sftp", daemon=True)

    def start(self) -> SftpServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            if self._stopping.is_set():
                conn.close()
                return
            transport = paramiko.Transport(conn)
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _Folder)
            self.transports.append(transport)
            # With an event, the handshake runs in the transport's own thread: a client that
            # stalls or gives up (refused host key) never blocks the accept loop.
            transport.start_server(threading.Event(), server=_Auth(self.state, transport))

    def stop(self) -> None:
        self.state.release.set()
        self._stopping.set()
        # Wake the blocking accept() with one last connection instead of polling with a timeout.
        with socket.create_connection(("127.0.0.1", self.port), timeout=1):
            pass
        self._thread.join(timeout=5)
        self.listener.close()
        for transport in self.transports:
            transport.close()
