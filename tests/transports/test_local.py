"""Local-folder transport: the SFTP semantics on a directory."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from dist_core.errors import ErrorClass, PermanentError, TransientError
from dist_core.transports import LocalConfig, LocalTransport, Outcome, open_transport, poll

from .conftest import drop


def test_poll_commits_then_archives_oldest_first(local, root, store):
    drop(root, "b.x12", b"ISA*b~", age=100)
    drop(root, "a.x12", b"ISA*a~", age=200)
    report = poll(local, store.commit)
    assert [o.remote_file.name for o in report.outcomes] == ["a.x12", "b.x12"]
    assert [o.outcome for o in report.outcomes] == [Outcome.DONE, Outcome.DONE]
    assert os.listdir(root / "in") == [] and len(os.listdir(root / "archive")) == 2


def test_delete_mode_removes_the_file(root, store):
    transport = LocalTransport(LocalConfig(root=str(root), archive_mode="delete"))
    drop(root, "po.x12", b"ISA~")
    poll(transport, store.commit)
    assert os.listdir(root / "in") == [] and os.listdir(root / "archive") == []
    assert len(store.messages) == 1


def test_commit_failure_leaves_the_file_and_the_batch_goes_on(local, root, store):
    drop(root, "bad.x12", b"ISA*bad~", age=200)
    drop(root, "good.x12", b"ISA*good~", age=100)

    def commit(remote_file, data):
        if remote_file.name == "bad.x12":
            raise TransientError("database busy")
        return store.commit(remote_file, data)

    report = poll(local, commit)
    assert [o.outcome for o in report.outcomes] == [Outcome.FAILED, Outcome.DONE]
    assert report.failed[0].failure.error_class is ErrorClass.TRANSIENT
    assert os.listdir(root / "in") == ["bad.x12"]


def test_archive_failure_is_reported_as_committed_and_retried(root, store):
    transport = LocalTransport(LocalConfig(root=str(root), archive_folder="missing"))
    drop(root, "po.x12", b"ISA~")
    first = poll(transport, store.commit)
    assert [o.outcome for o in first.outcomes] == [Outcome.COMMITTED]
    (root / "missing").mkdir()
    second = poll(transport, store.commit)
    assert [o.outcome for o in second.outcomes] == [Outcome.DONE]
    assert store.calls == 2 and len(store.messages) == 1


def test_young_files_and_markers(local, root, store):
    drop(root, "young.x12", b"ISA~", age=0)
    drop(root, "old.x12", b"ISA*old~", age=100)
    report = poll(local, store.commit, min_age_seconds=30, ready_marker_suffix=".ok")
    outcomes = {o.remote_file.name: o.outcome for o in report.outcomes}
    assert outcomes == {"young.x12": Outcome.SKIPPED_YOUNG, "old.x12": Outcome.SKIPPED_NOT_READY}
    drop(root, "old.x12.ok", b"")
    drop(root, "young.x12.ok", b"")
    later = poll(
        local,
        store.commit,
        min_age_seconds=30,
        ready_marker_suffix=".ok",
        clock=lambda: time.time() + 60,
    )
    assert {o.remote_file.name for o in later.committed} == {"old.x12", "young.x12"}
    assert os.listdir(root / "in") == []


def test_marker_is_archived_before_its_file(local, root, store, monkeypatch):
    drop(root, "po.x12", b"ISA~")
    drop(root, "po.x12.ok", b"")
    archived = []
    original = local.archive
    monkeypatch.setattr(local, "archive", lambda f: archived.append(f.name) or original(f))
    poll(local, store.commit, ready_marker_suffix=".ok")
    assert archived == ["po.x12.ok", "po.x12"]
    assert os.listdir(root / "in") == []


def test_markers_pass_the_file_pattern(root, store):
    transport = LocalTransport(LocalConfig(root=str(root), file_pattern="*.x12"))
    drop(root, "po.x12", b"ISA~")
    drop(root, "po.x12.ok", b"")
    drop(root, "notes.txt.ok", b"")
    report = poll(transport, store.commit, ready_marker_suffix=".ok")
    assert [(o.remote_file.name, o.outcome) for o in report.outcomes] == [("po.x12", Outcome.DONE)]
    assert os.listdir(root / "in") == ["notes.txt.ok"]


def test_max_files_bounds_one_run(local, root, store):
    for index in range(3):
        drop(root, f"{index}.x12", f"ISA*{index}~".encode(), age=100 - index)
    assert len(poll(local, store.commit, max_files=2).committed) == 2
    assert len(poll(local, store.commit, max_files=2).committed) == 1


def test_size_limit_and_changed_size(root, local):
    drop(root, "po.x12", b"ISA*12345~")
    (remote_file,) = local.list_inbox()
    drop(root, "po.x12", b"ISA*123456789~")
    with pytest.raises(TransientError, match="changed"):
        local.fetch(remote_file)
    small = LocalTransport(LocalConfig(root=str(root), max_file_size=4))
    with pytest.raises(PermanentError, match="limit"):
        small.fetch(small.list_inbox()[0])


def test_file_pattern_and_temporary_names_are_ignored(root):
    transport = LocalTransport(LocalConfig(root=str(root), file_pattern="*.x12"))
    for name in ("po.x12", "notes.txt", ".po2.x12.0123.part"):
        drop(root, name, b"x")
    (root / "in" / "sub").mkdir()
    assert [f.name for f in transport.list_inbox()] == ["po.x12"]


def test_upload_renames_a_complete_temporary_file(local, root, monkeypatch):
    seen = []
    real_replace = os.replace

    def watching_replace(source, target):
        with open(source, "rb") as partial:
            seen.append((os.path.exists(target), partial.read()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching_replace)
    receipt = local.upload("855.x12", b"ISA*ack~")
    assert seen == [(False, b"ISA*ack~")]
    assert os.listdir(root / "out") == ["855.x12"]
    assert receipt.checksum and receipt.size == 8


def test_upload_conflicts(local, root):
    local.upload("810.x12", b"ISA*1~")
    local.upload("810.x12", b"ISA*1~")  # a re-send of the same document
    with pytest.raises(PermanentError, match="already exists"):
        local.upload("810.x12", b"ISA*2~")
    assert os.listdir(root / "out") == ["810.x12"]


def test_test_connection(local, root):
    assert "0 file(s)" in local.test_connection()
    broken = open_transport(replace(local.config, outbox_folder="nowhere"))
    with pytest.raises(PermanentError, match="nowhere"):
        broken.test_connection()


def test_missing_inbox_is_a_permanent_error(root):
    transport = LocalTransport(LocalConfig(root=str(root), inbox_folder="nope"))
    with pytest.raises(PermanentError):
        transport.list_inbox()
