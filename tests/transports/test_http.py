"""Outbound HTTP against a real server on loopback: outcomes, classification, authentication."""

from __future__ import annotations

import base64
import json
import socket
import time

import pytest

from dist_core.errors import PermanentError, TransientError, classify
from dist_core.transports import open_transport, verify
from dist_core.transports.http import HttpConfig, HttpTransport

from .http_server import PartnerServer


@pytest.fixture
def partner():
    server = PartnerServer().start()
    yield server
    server.stop()


@pytest.fixture
def make(partner):
    opened = []

    def factory(path: str = "/ok", **options) -> HttpTransport:
        options.setdefault("read_timeout", 0.5)
        transport = HttpTransport(HttpConfig(url=partner.base_url + path, **options))
        opened.append(transport)
        return transport

    yield factory
    for transport in opened:
        transport.close()


def test_success_returns_status_headers_and_body(make, partner):
    receipt = make().send({"po": "4500012345", "lines": 2}, idempotency_key="msg-1")
    assert receipt.status == 200 and json.loads(receipt.body) == {"received": receipt.size}
    assert receipt.headers["X-Partner-Id"] == "42"
    method, _, headers, body = partner.requests[0]
    assert method == "POST" and headers["Content-Type"] == "application/json"
    assert headers["Idempotency-Key"] == "msg-1" and json.loads(body)["po"] == "4500012345"


@pytest.mark.parametrize(
    ("content_type", "media_type"),
    [("x12", "application/edi-x12"), ("xml", "application/xml"), ("csv", "text/csv")],
)
def test_content_types(make, partner, content_type, media_type):
    make(content_type=content_type, method="put").send(b"payload")
    method, _, headers, _ = partner.requests[0]
    assert (method, headers["Content-Type"]) == ("PUT", media_type)


def test_upload_names_the_document(make, partner):
    make(content_type="x12").upload("856_000123.x12", b"ISA*asn~")
    headers = partner.requests[0][2]
    assert headers["Content-Disposition"] == 'attachment; filename="856_000123.x12"'


def test_429_is_transient_with_retry_after_seconds(make):
    with pytest.raises(TransientError) as info:
        make("/busy").send(b"{}")
    assert info.value.retry_after == 7.0
    assert classify(info.value).retry_after == 7.0


def test_429_with_an_http_date(partner):
    clock = lambda: 1445412420.0  # noqa: E731 - a fixed "now", 60 s before the date sent
    transport = HttpTransport(HttpConfig(url=partner.base_url + "/busy-date"), clock=clock)
    with transport, pytest.raises(TransientError) as info:
        transport.send(b"{}")
    assert info.value.retry_after == 60.0


def test_503_is_transient(make):
    with pytest.raises(TransientError, match="503") as info:
        make("/down").send(b"{}")
    assert info.value.retry_after is None


def test_400_is_permanent_and_quotes_the_answer(make):
    with pytest.raises(PermanentError, match="missing field PO number"):
        make("/bad").send(b"{}")


def test_redirect_is_permanent_and_not_followed(make, partner):
    with pytest.raises(PermanentError, match="302"):
        make("/moved").send(b"{}")
    assert [path for _, path, _, _ in partner.requests] == ["/moved"]


def test_no_answer_is_a_transient_timeout_after_one_attempt(make, partner):
    started = time.monotonic()
    with pytest.raises(TransientError, match="ReadTimeout"):
        make("/never").send(b"{}")
    assert time.monotonic() - started < 2
    assert len(partner.requests) == 1  # no hidden retry


def test_refused_connection_is_transient():
    spare = socket.create_server(("127.0.0.1", 0))
    port = spare.getsockname()[1]
    spare.close()  # nothing listens there any more
    transport = HttpTransport(HttpConfig(url=f"http://127.0.0.1:{port}/", connect_timeout=0.5))
    with transport, pytest.raises(TransientError):
        transport.send(b"{}")


def test_bearer(make, partner):
    make(auth_mode="bearer", token="t0k3n").send(b"{}")
    assert partner.requests[0][2]["Authorization"] == "Bearer t0k3n"


def test_basic(make, partner):
    make(auth_mode="basic", username="acme", password="pw:1").send(b"{}")
    expected = "Basic " + base64.b64encode(b"acme:pw:1").decode()
    assert partner.requests[0][2]["Authorization"] == expected


def test_api_key_header(make, partner):
    make(auth_mode="api_key", api_key_header="X-Partner-Key", api_key="k-123").send(b"{}")
    assert partner.requests[0][2]["X-Partner-Key"] == "k-123"


def test_hmac_signature_verifies_with_the_shared_secret(make, partner):
    make(auth_mode="hmac", hmac_secret="shared").send(b'{"event":"ship"}')
    _, _, headers, body = partner.requests[0]
    assert headers["X-Dist-Signature"].startswith("sha256=")
    assert verify("shared", body, headers) == int(headers["X-Dist-Timestamp"])


def test_secrets_stay_out_of_repr():
    config = HttpConfig(url="https://x.test", auth_mode="bearer", token="SECRET-TOKEN")
    assert "SECRET-TOKEN" not in repr(config)


def test_config_requires_the_credentials_of_its_mode():
    with pytest.raises(ValueError, match="token"):
        HttpConfig(url="https://x.test", auth_mode="bearer")
    with pytest.raises(ValueError):
        HttpConfig(url="ftp://x.test")


def test_tls_verification_is_on_by_default():
    assert HttpConfig(url="https://x.test").verify_tls is True


def test_test_connection(partner):
    base = partner.base_url
    with open_transport(HttpConfig(url=base + "/ok", health_url=base + "/health")) as ok:
        assert "200" in ok.test_connection()
    private = open_transport(HttpConfig(url=base + "/private"))
    with private, pytest.raises(PermanentError, match="credentials"):
        private.test_connection()
    down = open_transport(HttpConfig(url=base + "/down"))
    with down, pytest.raises(TransientError):
        down.test_connection()
