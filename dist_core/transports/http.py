"""Outbound HTTP transport over requests: one attempt per call, every outcome classified.

``send`` posts (or puts) a JSON, X12, XML or CSV body with the configured authentication and
returns a :class:`~dist_core.transports.base.Receipt` for any 2xx answer. Everything else raises:

* 408, 425, 429 and 5xx, connection errors and timeouts: :class:`~dist_core.errors.TransientError`,
  with ``retry_after`` (seconds) when the server sent ``Retry-After`` (seconds or an HTTP-date);
* other 4xx, redirects, TLS verification failures, bad URLs: a permanent error.

There are no retries here (the adapter has ``max_retries=0`` and redirects are not followed, so
a POST is never silently turned into a GET): the engine owns retries, with backoff and a limit.
"""

from __future__ import annotations

import base64
import json
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from dist_core.errors import TRANSIENT_HTTP, DistError
from dist_core.idempotency import checksum

from .base import Receipt, Transport, permanent, register, transient, validate_name
from .retry_after import parse_retry_after
from .signing import sign_headers

CONTENT_TYPES = {
    "json": "application/json",
    "x12": "application/edi-x12",
    "xml": "application/xml",
    "csv": "text/csv",
}


class AuthMode(str, Enum):
    NONE = "none"
    BEARER = "bearer"
    BASIC = "basic"
    API_KEY = "api_key"
    HMAC = "hmac"


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpConfig:
    """An HTTP endpoint of a partner. Secrets are kept out of ``repr``.

    ``content_type`` is ``json``, ``x12``, ``xml``, ``csv`` or a full media type. ``client_cert``
    and ``client_key`` are paths to PEM files (``client_key`` may be omitted when the certificate
    file holds the key); ``ca_bundle`` replaces the system trust store. ``health_url`` (default:
    ``url``) is what ``test_connection`` requests with ``health_method``.
    """

    url: str
    method: str = "POST"
    content_type: str = "json"
    auth_mode: AuthMode = AuthMode.NONE
    token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    api_key_header: str = "X-API-Key"
    api_key: str | None = field(default=None, repr=False)
    hmac_secret: str | None = field(default=None, repr=False)
    verify_tls: bool = True
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    health_url: str | None = None
    health_method: str = "HEAD"
    headers: tuple[tuple[str, str], ...] = ()
    max_response_bytes: int = 1024 * 1024

    def __post_init__(self):
        object.__setattr__(self, "auth_mode", AuthMode(self.auth_mode))
        object.__setattr__(self, "method", self.method.upper())
        if not self.url.startswith(("https://", "http://")):
            raise ValueError("url must start with https:// or http://")
        needed = {
            AuthMode.BEARER: ("token",),
            AuthMode.BASIC: ("username", "password"),
            AuthMode.API_KEY: ("api_key_header", "api_key"),
            AuthMode.HMAC: ("hmac_secret",),
        }.get(self.auth_mode, ())
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"auth_mode {self.auth_mode.value} needs {', '.join(missing)}")


@register(HttpConfig)
class HttpTransport(Transport):
    """Outbound-only transport to one HTTP endpoint."""

    def __init__(self, config: HttpConfig, *, clock: Callable[[], float] = time.time):
        self.config = config
        self._clock = clock
        self._session: requests.Session | None = None

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=0)  # retries are the engine's job
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._session = session
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    # -- sending ----------------------------------------------------------------------------

    def send(
        self,
        body: bytes | str | Mapping[str, Any] | list,
        *,
        content_type: str | None = None,
        url: str | None = None,
        method: str | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> Receipt:
        """Send ``body`` once; 2xx returns a receipt, anything else raises (see module doc)."""
        data = _encode(body)
        request_headers = {"Content-Type": _media_type(content_type or self.config.content_type)}
        request_headers.update(self.config.headers)
        request_headers.update(headers or {})
        if idempotency_key:
            request_headers["Idempotency-Key"] = idempotency_key
        request_headers.update(self._auth_headers(data))
        target = url or self.config.url
        response = self._request(method or self.config.method, target, data, request_headers)
        return self._receipt(target, data, response)

    def upload(self, name: str, data: bytes) -> Receipt:
        """Deliver a named document: ``send`` with the file name in ``Content-Disposition``."""
        validate_name(name)
        disposition = {"Content-Disposition": f'attachment; filename="{_quote(name)}"'}
        return self.send(data, headers=disposition)

    def test_connection(self) -> str:
        """Reach ``health_url`` (or ``url``) with the configured credentials."""
        target = self.config.health_url or self.config.url
        response = self._request(self.config.health_method, target, b"", self._auth_headers(b""))
        status = response.status_code
        response.close()
        if status in (401, 403):
            raise permanent(f"{target} refused the credentials (HTTP {status})")
        if status in TRANSIENT_HTTP or status >= 500:
            raise transient(f"{target} is not available (HTTP {status})")
        return f"{target} answered HTTP {status} to {self.config.health_method}"

    def _request(
        self, method: str, url: str, data: bytes, headers: Mapping[str, str]
    ) -> requests.Response:
        cfg = self.config
        try:
            return self.session.request(
                method,
                url,
                data=data or None,
                headers=dict(headers),
                timeout=(cfg.connect_timeout, cfg.read_timeout),
                verify=cfg.ca_bundle or cfg.verify_tls,
                cert=_cert(cfg),
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as exc:
            raise _request_error(url, exc) from exc

    def _receipt(self, url: str, data: bytes, response: requests.Response) -> Receipt:
        try:
            body = _read_limited(response, self.config.max_response_bytes)
        except requests.RequestException as exc:
            raise _request_error(url, exc) from exc
        finally:
            response.close()
        status = response.status_code
        if 200 <= status < 300:
            headers = dict(response.headers)
            return Receipt(url, len(data), checksum(data), status, headers, body)
        detail = f"{url} answered HTTP {status}: {_snippet(body)}"
        if status in TRANSIENT_HTTP or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock)
            raise transient(detail, retry_after=retry_after, problem_key=f"http:{status}")
        raise permanent(detail, problem_key=f"http:{status}")

    # -- authentication: one ``_auth_<mode>`` method per mode --------------------------------

    def _auth_headers(self, data: bytes) -> dict[str, str]:
        return getattr(self, f"_auth_{self.config.auth_mode.value}")(data)

    def _auth_none(self, data: bytes) -> dict[str, str]:
        return {}

    def _auth_bearer(self, data: bytes) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.token}"}

    def _auth_basic(self, data: bytes) -> dict[str, str]:
        pair = f"{self.config.username}:{self.config.password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}

    def _auth_api_key(self, data: bytes) -> dict[str, str]:
        return {self.config.api_key_header: self.config.api_key}

    def _auth_hmac(self, data: bytes) -> dict[str, str]:
        return sign_headers(self.config.hmac_secret, data, clock=self._clock)


def _encode(body: bytes | str | Mapping[str, Any] | list) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _media_type(content_type: str) -> str:
    return CONTENT_TYPES.get(content_type.lower(), content_type)


def _cert(cfg: HttpConfig) -> str | tuple[str, str] | None:
    if cfg.client_cert and cfg.client_key:
        return (cfg.client_cert, cfg.client_key)
    return cfg.client_cert or None


def _quote(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _read_limited(response: requests.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of the body: a partner's error page must not fill the memory."""
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=65536):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _snippet(body: bytes, length: int = 200) -> str:
    text = body[:length].decode("utf-8", "replace")
    return " ".join(text.split()) or "(empty body)"


def _request_error(url: str, exc: requests.RequestException) -> DistError:
    """Classify a requests failure: a certificate or URL mistake needs a person.

    Other TLS failures (a handshake cut short, a refused client certificate, which look alike on
    the wire) and network errors are transient: the engine retries, then escalates.
    """
    name = type(exc).__name__
    if _caused_by(exc, ssl.SSLCertVerificationError):
        return permanent(
            f"{url}: TLS certificate verification failed: {exc}", problem_key="http:tls"
        )
    if isinstance(exc, _CONFIG_ERRORS):
        return permanent(f"{url}: {name}: {exc}", problem_key="http:config")
    return transient(f"{url}: {name}: {exc}", problem_key=f"http:{name}")


_CONFIG_ERRORS = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidHeader,
)


def _caused_by(exc: BaseException, kind: type, depth: int = 6) -> bool:
    """Whether ``kind`` is somewhere in the chain requests and urllib3 wrap around a failure."""
    if isinstance(exc, kind):
        return True
    if depth == 0:
        return False
    inner = [exc.__cause__, exc.__context__, getattr(exc, "reason", None), *exc.args]
    return any(_caused_by(e, kind, depth - 1) for e in inner if isinstance(e, BaseException))
