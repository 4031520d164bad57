"""Polling a real SFTP server: commit first, archive after, nothing lost, nothing twice."""

from __future__ import annotations

import os

import pytest

from dist_core.errors import ErrorClass, PermanentError
from dist_core.transports import Outcome, poll
from dist_core.transports.sftp import SftpTransport

from .conftest import drop


def test_files_are_committed_then_archived(sftp, root, store):
    drop(root, "po1.x12", b"ISA*first~", age=300)
    drop(root, "po2.x12", b"ISA*second~", age=200)
    report = poll(sftp, store.commit, min_age_seconds=60)
    assert [o.outcome for o in report.outcomes] == [Outcome.DONE, Outcome.DONE]
    assert store.names() == ["po1.x12", "po2.x12"]
    assert os.listdir(root / "in") == []
    archived = sorted(os.listdir(root / "archive"))
    assert [name.split("_", 2)[2] for name in archived] == ["po1.x12", "po2.x12"]


def test_archive_happens_only_after_commit(sftp, root, sftp_server):
    drop(root, "po.x12", b"ISA*x~")
    seen = []

    def commit(remote_file, data):
        seen.append(os.path.exists(root / "in" / "po.x12"))  # still there while committing
        return "id"

    poll(sftp, commit)
    assert seen == [True]
    ops = [op for op, *_ in sftp_server.state.ops]
    assert ops.index("posix_rename") > ops.index("open")


def test_cut_during_download_commits_nothing_and_next_poll_takes_the_file(
    sftp, root, store, sftp_server
):
    drop(root, "big.x12", b"A" * 200_000)
    sftp_server.state.cut_after["big.x12"] = 50_000
    first = poll(sftp, store.commit)
    assert first.failed and first.failed[0].failure.error_class is ErrorClass.TRANSIENT
    assert store.calls == 0
    assert os.listdir(root / "in") == ["big.x12"]
    second = poll(sftp, store.commit)  # reconnects by itself
    assert [o.outcome for o in second.outcomes] == [Outcome.DONE]
    assert len(store.messages) == 1


class _Crash(BaseException):
    """A worker killed between the database commit and the archive."""


def test_crash_between_commit_and_archive_creates_no_second_message(sftp_config, root, store):
    drop(root, "po.x12", b"ISA*once~")

    class CrashingArchive(SftpTransport):
        def archive(self, remote_file):
            raise _Crash

    with CrashingArchive(sftp_config) as crashing, pytest.raises(_Crash):
        poll(crashing, store.commit)
    assert len(store.messages) == 1 and os.listdir(root / "in") == ["po.x12"]
    with SftpTransport(sftp_config) as fresh:
        report = poll(fresh, store.commit)
    assert report.outcomes[0].outcome is Outcome.DONE
    assert store.calls == 2 and len(store.messages) == 1
    assert os.listdir(root / "in") == []


def test_same_name_reupload_with_new_content_is_a_new_message(sftp, root, store):
    drop(root, "orders.x12", b"ISA*monday~")
    poll(sftp, store.commit)
    drop(root, "orders.x12", b"ISA*tuesday, longer~", age=60)
    poll(sftp, store.commit)
    assert len(store.messages) == 2
    assert len(os.listdir(root / "archive")) == 2


def test_reupload_between_commit_and_archive_is_left_for_the_next_poll(sftp, root, store):
    drop(root, "orders.x12", b"ISA*v1~", age=300)

    def commit_while_partner_reuploads(remote_file, data):
        key = store.commit(remote_file, data)
        if len(store.messages) == 1:
            drop(root, "orders.x12", b"ISA*version two~", age=100)
        return key

    poll(sftp, commit_while_partner_reuploads)
    assert os.listdir(root / "in") == ["orders.x12"]  # v2 was not archived unread
    poll(sftp, store.commit)
    assert sorted(data for _, data in store.messages.values()) == [b"ISA*v1~", b"ISA*version two~"]


def test_young_files_are_skipped(sftp, root, store):
    drop(root, "writing.x12", b"ISA*half", age=0)
    report = poll(sftp, store.commit, min_age_seconds=30)
    assert [o.outcome for o in report.outcomes] == [Outcome.SKIPPED_YOUNG]
    assert store.calls == 0 and os.listdir(root / "in") == ["writing.x12"]


def test_ready_marker_convention(sftp, root, store):
    drop(root, "a.x12", b"ISA*a~")
    drop(root, "b.x12", b"ISA*b~")
    drop(root, "a.x12.ok", b"")
    report = poll(sftp, store.commit, ready_marker_suffix=".ok")
    outcomes = {o.remote_file.name: o.outcome for o in report.outcomes}
    assert outcomes == {"a.x12": Outcome.DONE, "b.x12": Outcome.SKIPPED_NOT_READY}
    assert os.listdir(root / "in") == ["b.x12"]
    assert store.names() == ["a.x12"]


def test_file_over_the_size_limit_is_refused_without_stopping_the_batch(sftp_config, root, store):
    from dataclasses import replace

    drop(root, "huge.x12", b"X" * 2048, age=200)
    drop(root, "small.x12", b"ISA*ok~", age=100)
    with SftpTransport(replace(sftp_config, max_file_size=1024)) as small:
        report = poll(small, store.commit)
        with pytest.raises(PermanentError):
            small.fetch(report.outcomes[0].remote_file)
    outcomes = {o.remote_file.name: o.outcome for o in report.outcomes}
    assert outcomes == {"huge.x12": Outcome.FAILED, "small.x12": Outcome.DONE}
    assert report.failed[0].failure.error_class is ErrorClass.PERMANENT
    assert store.names() == ["small.x12"]


def test_archive_twice_is_harmless(sftp, root):
    drop(root, "po.x12", b"ISA*x~")
    (remote_file,) = sftp.list_inbox()
    sftp.archive(remote_file)
    sftp.archive(remote_file)
    assert len(os.listdir(root / "archive")) == 1
