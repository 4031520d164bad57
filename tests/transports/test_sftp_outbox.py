"""SFTP uploads: a partner sees the final name only once the content is complete."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from dist_core.errors import PermanentError
from dist_core.transports.sftp import SftpTransport


def test_upload_appears_only_under_its_final_name_when_complete(sftp, root, sftp_server):
    data = b"ISA*855~" * 40_000  # several write requests
    receipt = sftp.upload("855_0001.x12", data)
    assert (root / "out" / "855_0001.x12").read_bytes() == data
    assert receipt.location == "out/855_0001.x12" and receipt.size == len(data)
    snapshots = sftp_server.state.write_snapshots
    assert len(snapshots) > 1
    assert all("855_0001.x12" not in listing for _, listing in snapshots)
    (rename,) = [op for op in sftp_server.state.ops if op[0] == "posix_rename"]
    assert rename[1].startswith("out/.855_0001.x12.") and rename[2] == "out/855_0001.x12"
    assert ("open", "out/855_0001.x12") not in sftp_server.state.ops
    assert os.listdir(root / "out") == ["855_0001.x12"]  # no temporary file left


def test_resending_the_same_document_is_idempotent(sftp, root, sftp_server):
    sftp.upload("856.x12", b"ISA*asn~")
    sftp.upload("856.x12", b"ISA*asn~")
    renames = [op for op in sftp_server.state.ops if op[0] == "posix_rename"]
    assert len(renames) == 1


def test_different_content_under_an_existing_name_is_refused(sftp, root):
    sftp.upload("810.x12", b"ISA*invoice 1~")
    with pytest.raises(PermanentError, match="already exists"):
        sftp.upload("810.x12", b"ISA*invoice 2~")
    assert (root / "out" / "810.x12").read_bytes() == b"ISA*invoice 1~"
    assert os.listdir(root / "out") == ["810.x12"]


def test_overwrite_replaces_atomically(sftp_config, root):
    with SftpTransport(replace(sftp_config, overwrite=True)) as transport:
        transport.upload("846.x12", b"ISA*old~")
        transport.upload("846.x12", b"ISA*new inventory~")
    assert (root / "out" / "846.x12").read_bytes() == b"ISA*new inventory~"


def test_plain_rename_for_servers_without_posix_rename(sftp_config, root, sftp_server):
    with SftpTransport(replace(sftp_config, posix_rename=False)) as transport:
        transport.upload("940.x12", b"ISA*release~")
    assert [op[0] for op in sftp_server.state.ops if "rename" in op[0]] == ["rename"]
    assert (root / "out" / "940.x12").read_bytes() == b"ISA*release~"


@pytest.mark.parametrize("name", ["", "../escape.x12", "a/b.x12", "bad\nname"])
def test_unsafe_names_are_refused(sftp, name):
    with pytest.raises(PermanentError):
        sftp.upload(name, b"x")
