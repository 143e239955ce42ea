from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.records import Metadata, Status
from pipeline.run.tasks import WORKER_FAILURES, Task, file_digest, plan, worker_failed


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_digest_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    data = b"report " * 1000
    path = _write(tmp_path / "a.txt", data)
    assert file_digest(path) == hashlib.sha256(data).hexdigest()


def test_digest_of_a_file_larger_than_one_block(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000  # 1.28 MB, more than one 1 MiB block
    path = _write(tmp_path / "big.pdf", data)
    assert file_digest(path) == hashlib.sha256(data).hexdigest()


def test_digest_of_an_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.txt", b"")
    assert file_digest(path) == hashlib.sha256(b"").hexdigest()


def test_no_digest_for_a_missing_file_a_folder_or_a_pipe(tmp_path: Path) -> None:
    assert file_digest(tmp_path / "gone.txt") == ""
    assert file_digest(tmp_path) == ""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert file_digest(fifo) == ""


def test_content_is_the_digest_or_the_shown_path() -> None:
    assert Task(Path("a.txt"), "a.txt", "abc").content == "abc"
    assert Task(Path("a.txt"), "dir/a.txt", "").content == "unread:dir/a.txt"


def test_unread_files_are_never_taken_for_one_another() -> None:
    first = Task(Path("x/a.txt"), "x/a.txt", "")
    second = Task(Path("y/a.txt"), "y/a.txt", "")
    assert first.content != second.content


def test_size_is_the_file_size_or_zero(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", b"12345")
    assert Task(path, "a.txt", "d").size() == 5
    assert Task(tmp_path / "gone.txt", "gone.txt", "").size() == 0


def test_plan_keeps_every_file_in_order_with_its_digest(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.txt", b"a")
    b = _write(tmp_path / "b.txt", b"b")
    tasks = plan([(b, "shown-b"), (a, "shown-a")])
    assert tasks == [
        Task(b, "shown-b", hashlib.sha256(b"b").hexdigest()),
        Task(a, "shown-a", hashlib.sha256(b"a").hexdigest()),
    ]


def test_plan_keeps_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    (task,) = plan([(tmp_path / "gone.txt", "gone.txt")])
    assert task.digest == ""
    assert task.shown == "gone.txt"


def test_shards_split_the_files_without_overlap(tmp_path: Path) -> None:
    files = [(_write(tmp_path / f"{i}.txt", f"file {i}".encode()), f"{i}.txt") for i in range(40)]
    files.append((tmp_path / "gone.txt", "gone.txt"))
    shards = [plan(files, (index, 3)) for index in (1, 2, 3)]
    shown = [[t.shown for t in shard] for shard in shards]
    assert sorted(name for shard in shown for name in shard) == sorted(name for _, name in files)
    assert all(shard for shard in shown)  # 41 files: none of 3 shards is empty


def test_a_file_goes_to_the_shard_its_digest_names(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", b"some bytes")
    digest = hashlib.sha256(b"some bytes").hexdigest()
    index = int(digest[:8], 16) % 4 + 1
    for shard in (1, 2, 3, 4):
        expected = 1 if shard == index else 0
        assert len(plan([(path, "a.txt")], (shard, 4))) == expected


def test_an_unread_file_goes_to_the_shard_its_name_names(tmp_path: Path) -> None:
    shown = "gone.txt"
    index = sum(map(ord, shown)) % 3 + 1
    kept = [s for s in (1, 2, 3) if plan([(tmp_path / shown, shown)], (s, 3))]
    assert kept == [index]


def test_the_same_bytes_go_to_the_same_shard(tmp_path: Path) -> None:
    files = [(_write(tmp_path / f"{i}.txt", b"same"), f"{i}.txt") for i in range(5)]
    sizes = [len(plan(files, (index, 5))) for index in range(1, 6)]
    assert sorted(sizes) == [0, 0, 0, 0, 5]


def test_worker_failed_result() -> None:
    task = Task(Path("dir/Report.PDF"), "dir/Report.PDF", "0123456789abcdef" + "f" * 48)
    result = worker_failed(task, "timed out after 5 s", 5.25)
    assert result.report_id == "0123456789abcdef"
    assert result.path == "dir/Report.PDF"
    assert result.format == "pdf"
    assert result.pages is None
    assert result.metadata == Metadata()
    assert result.template == "unknown"
    assert result.status is Status.FAILED
    assert result.message == "timed out after 5 s"
    assert result.seconds == 5.25
    assert result.cells == ()
    assert result.checks == ()


@pytest.mark.parametrize(
    "message",
    ["timed out after 120 s", "the worker crashed (signal 9)", "ran out of memory (the limit"],
)
def test_worker_failures_are_recognised_by_their_message(message: str) -> None:
    assert message.startswith(WORKER_FAILURES)


def test_a_files_own_failure_is_no_worker_failure() -> None:
    assert not "cannot read the file: the file is gone".startswith(WORKER_FAILURES)
