"""Fixtures: a real SFTP server and a real HTTP server on loopback, stopped after each test."""

from __future__ import annotations

import os

import pytest

from dist_core.idempotency import checksum
from dist_core.transports.local import LocalConfig, LocalTransport
from dist_core.transports.sftp import SftpConfig, SftpTransport
from dist_core.transports.sshkeys import load_private_key

from .keys import ed25519_openssh
from .sftp_server import ServerState, SftpServer

FOLDERS = ("in", "archive", "out")


class MessageStore:
    """The Odoo side in miniature: one message per checksum, whatever the number of commits."""

    def __init__(self):
        self.messages: dict[str, tuple[str, bytes]] = {}
        self.calls = 0

    def commit(self, remote_file, data: bytes) -> str:
        self.calls += 1
        key = checksum(data)
        self.messages.setdefault(key, (remote_file.name, data))
        return key

    def names(self) -> list[str]:
        return sorted(name for name, _ in self.messages.values())


@pytest.fixture
def store() -> MessageStore:
    return MessageStore()


@pytest.fixture(scope="session")
def host_key_text() -> str:
    return ed25519_openssh()


@pytest.fixture(scope="session")
def user_key_text() -> str:
    # Unencrypted: an encrypted OpenSSH key costs a bcrypt derivation at every login.
    return ed25519_openssh()


@pytest.fixture
def root(tmp_path):
    base = tmp_path / "mailbox"
    for folder in FOLDERS:
        (base / folder).mkdir(parents=True)
    return base


@pytest.fixture
def sftp_server(root, host_key_text, user_key_text):
    state = ServerState(
        root=os.path.realpath(root),
        password="s3cret",
        authorized_key=load_private_key(user_key_text),
    )
    server = SftpServer(state, load_private_key(host_key_text)).start()
    yield server
    server.stop()


@pytest.fixture
def sftp_config(sftp_server, user_key_text) -> SftpConfig:
    return SftpConfig(
        host="127.0.0.1",
        port=sftp_server.port,
        username="partner",
        host_key_fingerprint=sftp_server.host_key.fingerprint,
        private_key=user_key_text,
        connect_timeout=5,
        operation_timeout=5,
    )


@pytest.fixture
def sftp(sftp_config):
    transport = SftpTransport(sftp_config)
    yield transport
    transport.close()


@pytest.fixture
def local(root) -> LocalTransport:
    return LocalTransport(LocalConfig(root=str(root)))


def drop(root, name: str, data: bytes, *, age: float = 120.0, folder: str = "in"):
    """A partner file in the mailbox, ``age`` seconds old."""
    path = root / folder / name
    path.write_bytes(data)
    stamp = path.stat().st_mtime - age
    os.utime(path, (stamp, stamp))
    return path
