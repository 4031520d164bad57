"""HTTPS on loopback: certificates are verified by default; client certificates work."""

from __future__ import annotations

import ssl

import pytest

from dist_core.errors import PermanentError, TransientError
from dist_core.transports.http import HttpConfig, HttpTransport

from .http_server import PartnerServer
from .tls import make_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def https_partner(pki):
    """A partner over HTTPS that requires a client certificate signed by the test CA."""
    server = PartnerServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=pki["ca"])
    context.load_cert_chain(pki["server_cert"], pki["server_key"])
    context.verify_mode = ssl.CERT_REQUIRED
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.start()
    yield server.base_url.replace("http://", "https://") + "/ok"
    server.stop()


def _send(**options) -> int:
    with HttpTransport(HttpConfig(read_timeout=2, connect_timeout=2, **options)) as transport:
        return transport.send(b"{}").status


def test_unknown_server_certificate_is_refused_by_default(https_partner, pki):
    with pytest.raises(PermanentError, match="certificate verification"):
        _send(url=https_partner, client_cert=pki["client_cert"], client_key=pki["client_key"])


def test_trusted_ca_and_client_certificate(https_partner, pki):
    status = _send(
        url=https_partner,
        ca_bundle=pki["ca"],
        client_cert=pki["client_cert"],
        client_key=pki["client_key"],
    )
    assert status == 200


def test_refused_client_certificate_is_transient(https_partner, pki):
    # On the wire a refused client certificate looks like a cut handshake: retried, then escalated.
    with pytest.raises(TransientError):
        _send(url=https_partner, ca_bundle=pki["ca"])
