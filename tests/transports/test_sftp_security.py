"""SFTP connection security: pinned host key, credentials, timeouts."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from dist_core.errors import PermanentError, TransientError
from dist_core.transports.sftp import SftpTransport
from dist_core.transports.sshkeys import load_private_key

from .conftest import drop
from .keys import ed25519_openssh, rsa_pem


def _refused(config, pattern: str) -> PermanentError:
    with SftpTransport(config) as transport, pytest.raises(PermanentError, match=pattern) as info:
        transport.list_inbox()
    return info.value


def test_unknown_host_key_is_refused_before_authentication(sftp_config, sftp_server):
    error = _refused(replace(sftp_config, host_key_fingerprint=""), "unknown")
    assert sftp_server.host_key.fingerprint in str(error)  # shown so a person can verify it
    assert sftp_server.state.auth_attempts == 0


def test_changed_host_key_is_refused_before_authentication(sftp_config, sftp_server):
    other = load_private_key(ed25519_openssh()).fingerprint
    _refused(replace(sftp_config, host_key_fingerprint=other), "changed")
    assert sftp_server.state.auth_attempts == 0


def test_ssh_keygen_line_is_accepted_as_fingerprint(sftp_config, sftp_server):
    line = f"256 {sftp_server.host_key.fingerprint} root@partner (ED25519)"
    with SftpTransport(replace(sftp_config, host_key_fingerprint=line)) as transport:
        assert transport.list_inbox() == []


def test_pinned_key_type_not_offered_is_permanent(sftp_config, sftp_server):
    line = f"3072 {sftp_server.host_key.fingerprint} root@partner (RSA)"  # server has Ed25519
    _refused(replace(sftp_config, host_key_fingerprint=line), "incompatible")
    assert sftp_server.state.auth_attempts == 0


def test_wrong_password_is_permanent(sftp_config, sftp_server):
    config = replace(sftp_config, private_key=None, passphrase=None, password="wrong")
    _refused(config, "authentication")
    assert sftp_server.state.auth_attempts >= 1


def test_password_login(sftp_config, root):
    drop(root, "po.x12", b"ISA~")
    config = replace(sftp_config, private_key=None, passphrase=None, password="s3cret")
    with SftpTransport(config) as transport:
        assert [f.name for f in transport.list_inbox()] == ["po.x12"]


def test_unauthorized_key_is_permanent(sftp_config):
    _refused(replace(sftp_config, private_key=ed25519_openssh(), passphrase=None), "authentication")


def test_rsa_key_login(sftp_config, sftp_server):
    text = rsa_pem("pw", pkcs8=True)
    sftp_server.state.authorized_key = load_private_key(text, "pw")
    with SftpTransport(replace(sftp_config, private_key=text, passphrase="pw")) as transport:
        assert transport.list_inbox() == []


def test_test_connection_reports_login_and_inbox(sftp, root, sftp_server):
    drop(root, "po.x12", b"ISA~")
    summary = sftp.test_connection()
    assert sftp_server.host_key.fingerprint in summary and "1 file(s)" in summary


def test_silent_server_times_out_as_transient(sftp_config):
    mute = socket.create_server(("127.0.0.1", 0))  # accepts TCP, never speaks SSH
    try:
        config = replace(sftp_config, port=mute.getsockname()[1], connect_timeout=0.5)
        with SftpTransport(config) as transport, pytest.raises(TransientError):
            transport.list_inbox()
    finally:
        mute.close()


def test_hung_operation_times_out_as_transient(sftp_config, root, sftp_server):
    drop(root, "po.x12", b"ISA~")
    sftp_server.state.stalled.add("po.x12")
    with SftpTransport(replace(sftp_config, operation_timeout=0.5)) as transport:
        (remote_file,) = transport.list_inbox()
        with pytest.raises(TransientError):
            transport.fetch(remote_file)


def test_refused_port_is_transient(sftp_config):
    spare = socket.create_server(("127.0.0.1", 0))
    port = spare.getsockname()[1]
    spare.close()
    with SftpTransport(replace(sftp_config, port=port)) as transport, pytest.raises(TransientError):
        transport.list_inbox()
