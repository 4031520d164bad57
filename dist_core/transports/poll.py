"""Inbox polling: fetch, commit, and only then archive; one report for the whole batch.

The order is what makes the mailbox safe:

1. list the inbox; skip files that may still be written (too young, or no ready marker);
2. fetch a file (bounded, size verified);
3. call ``commit(remote_file, data)``: the Odoo side stores the raw payload and commits;
4. archive the remote file (move or delete), and its ready marker.

A crash after 3 and before 4 leaves the file in the inbox: the next poll fetches it again and
calls ``commit`` again, which must be idempotent by content (checksum or
:meth:`RemoteFile.identity`), so no second message is created; then the file is archived. A file
that fails (network cut, too large, commit error) is reported and left in place; the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from dist_core.errors import Failure, classify
from dist_core.idempotency import checksum

from .base import InboxTransport, RemoteFile


class Outcome(str, Enum):
    """What happened to one listed file during a poll."""

    DONE = "done"  # committed and archived
    COMMITTED = "committed"  # committed, archive failed: archived at a later poll
    SKIPPED_YOUNG = "skipped_young"  # younger than min_age_seconds: may still be written
    SKIPPED_NOT_READY = "skipped_not_ready"  # ready marker missing
    FAILED = "failed"  # fetch or commit failed; left in the inbox


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """The fate of one file; ``failure`` says whether retrying makes sense."""

    remote_file: RemoteFile
    outcome: Outcome
    checksum: str | None = None
    result: Any = None
    failure: Failure | None = None


@dataclass(frozen=True, slots=True)
class PollReport:
    """Per-file outcomes of one poll, in processing order."""

    outcomes: tuple[FileOutcome, ...] = field(default_factory=tuple)

    def of(self, *kinds: Outcome) -> list[FileOutcome]:
        return [item for item in self.outcomes if item.outcome in kinds]

    @property
    def committed(self) -> list[FileOutcome]:
        """Files whose commit succeeded, archived or not."""
        return self.of(Outcome.DONE, Outcome.COMMITTED)

    @property
    def failed(self) -> list[FileOutcome]:
        return self.of(Outcome.FAILED)

    @property
    def skipped(self) -> list[FileOutcome]:
        return self.of(Outcome.SKIPPED_YOUNG, Outcome.SKIPPED_NOT_READY)


def poll(
    transport: InboxTransport,
    commit: Callable[[RemoteFile, bytes], Any],
    *,
    min_age_seconds: float = 0.0,
    ready_marker_suffix: str | None = None,
    max_files: int | None = None,
    clock: Callable[[], float] = time.time,
) -> PollReport:
    """Poll ``transport``'s inbox once and return what happened to each file.

    ``commit`` receives the listed file and its bytes; what it returns is kept in the report (the
    message id, say). Listing errors propagate (the whole poll is retried); per-file errors do not.
    With ``ready_marker_suffix=".ok"``, ``orders.x12`` is taken only once ``orders.x12.ok`` exists,
    and marker files are never messages themselves. ``max_files`` bounds the work of one run.
    """
    listing = transport.list_inbox(marker_suffix=ready_marker_suffix)
    markers = {}
    if ready_marker_suffix:
        markers = {f.name: f for f in listing if f.name.endswith(ready_marker_suffix)}
        listing = [f for f in listing if f.name not in markers]
    now = clock()
    outcomes, processed = [], 0
    for remote_file in listing:
        if now - remote_file.mtime < min_age_seconds:
            outcomes.append(FileOutcome(remote_file, Outcome.SKIPPED_YOUNG))
            continue
        marker = (
            markers.get(remote_file.name + ready_marker_suffix) if ready_marker_suffix else None
        )
        if ready_marker_suffix and marker is None:
            outcomes.append(FileOutcome(remote_file, Outcome.SKIPPED_NOT_READY))
            continue
        if max_files is not None and processed >= max_files:
            break
        processed += 1
        outcomes.append(_take(transport, commit, remote_file, marker))
    return PollReport(tuple(outcomes))


def _take(
    transport: InboxTransport,
    commit: Callable[[RemoteFile, bytes], Any],
    remote_file: RemoteFile,
    marker: RemoteFile | None,
) -> FileOutcome:
    """Fetch, commit, archive one file; never raises (except BaseExceptions such as SystemExit)."""
    digest = None
    try:
        data = transport.fetch(remote_file)
        digest = checksum(data)
        result = commit(remote_file, data)
    except Exception as exc:
        return FileOutcome(remote_file, Outcome.FAILED, digest, failure=classify(exc))
    try:
        # The marker goes first: a marker left behind would make a later same-name upload look
        # ready before it is complete. A data file left behind is merely committed twice.
        if marker is not None:
            transport.archive(marker)
        transport.archive(remote_file)
    except Exception as exc:
        return FileOutcome(remote_file, Outcome.COMMITTED, digest, result, classify(exc))
    return FileOutcome(remote_file, Outcome.DONE, digest, result)
