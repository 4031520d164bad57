"""Transports: how payloads enter and leave the hub (SFTP, HTTP, local folder).

Pure Python, never Odoo. The stdlib-only parts are importable without the optional dependencies;
``sftp`` needs paramiko and ``http`` needs requests (the ``transports`` extra). The Odoo side
builds a frozen config from a backend record and calls :func:`open_transport`.
"""

from .base import TRANSPORTS, ArchiveMode, InboxTransport, Receipt, RemoteFile, Transport
from .local import LocalConfig, LocalTransport
from .poll import FileOutcome, Outcome, PollReport, poll
from .signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    MemoryReplayCache,
    ReplayCache,
    SignatureError,
    sign_headers,
    verify,
)


def open_transport(config: object) -> Transport:
    """The transport for a config object (``LocalConfig``, ``SftpConfig``, ``HttpConfig``).

    Each transport module registers its config class when imported; a config instance exists only
    once its module is imported, so paramiko and requests load only when they are used.
    """
    for config_class, transport_class in TRANSPORTS.items():
        if isinstance(config, config_class):
            return transport_class(config)
    raise TypeError(f"no transport for {type(config).__name__}")
