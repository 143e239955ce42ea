"""The files of a run as tasks: each file with the path shown for it and the SHA-256 of
its bytes (files with the same bytes are read once), the shard a task belongs to, and the
result of a file whose worker failed it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.readers import not_a_file
from pipeline.records import Metadata, ReportResult, Status
from pipeline.spec import Template

# Failures of the worker rather than of the file: not cached, so a rerun tries again.
WORKER_FAILURES = ("timed out", "the worker crashed", "ran out of memory")


@dataclass(frozen=True)
class Task:
    path: Path
    shown: str
    digest: str  # SHA-256 of the bytes, "" when the file cannot be read

    @property
    def content(self) -> str:
        """What identifies the file's content: its digest, or its shown path when it
        could not be read (such files are never taken for one another)."""
        return self.digest or f"unread:{self.shown}"

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks; "" when it cannot be read or is no
    regular file (a named pipe would block the read)."""
    if not_a_file(path):
        return ""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def plan(files: Sequence[tuple[Path, str]], shard: tuple[int, int] = (1, 1)) -> list[Task]:
    """The files of this shard (``I/N``: every N-th file by digest), with their digests."""
    index, count = shard
    tasks = []
    for path, shown in files:
        digest = file_digest(path)
        key = int(digest[:8], 16) if digest else sum(map(ord, shown))
        if count > 1 and key % count != index - 1:
            continue
        tasks.append(Task(path, shown, digest))
    return tasks


def worker_failure(result: ReportResult) -> bool:
    """Whether the worker, not the file, failed: such a result is never cached, so a
    rerun tries the file again."""
    return result.message.startswith(WORKER_FAILURES)


def worker_failed(task: Task, message: str, seconds: float = 0.0) -> ReportResult:
    """The result of a file whose worker timed out, crashed or ran out of memory."""
    return ReportResult(
        report_id=task.digest[:16],
        path=task.shown,
        format=task.path.suffix.lstrip(".").lower(),
        pages=None,
        metadata=Metadata(),
        template=Template.UNKNOWN,
        status=Status.FAILED,
        message=message,
        seconds=seconds,
    )
