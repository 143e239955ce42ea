from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.records import CellValue, CheckResult, Metadata, ReportResult, Status
from pipeline.run.cache import Cache
from pipeline.run.options import ExtractOptions
from pipeline.run.runner import Progress, log_line, run_tasks
from pipeline.run.tasks import Task, plan
from tests.conftest import report_result

OPTIONS = ExtractOptions(jobs=1)


def _result(task: Task, pages: int | None = 2) -> ReportResult:
    """What a reader would make of the task's file: its first bytes name it."""
    return report_result(
        report_id=task.digest[:16],
        path=task.shown,
        pages=pages,
        metadata=Metadata(title=task.path.read_text(encoding="utf-8") if task.digest else None),
    )


class FakeExecutor:
    """Reads each task as a worker would, and remembers what it was given."""

    def __init__(self, order: str = "given", pages: int | None = 2) -> None:
        self.calls: list[list[str]] = []
        self.order = order
        self.pages = pages

    def __call__(self, tasks: Sequence[Task]) -> Iterator[tuple[Task, ReportResult, float | None]]:
        self.calls.append([t.shown for t in tasks])
        ordered = list(reversed(tasks)) if self.order == "reversed" else list(tasks)
        for task in ordered:
            yield task, _result(task, self.pages), 100.0


def _never(tasks: Sequence[Task]) -> Iterator[tuple[Task, ReportResult, float | None]]:
    raise AssertionError(f"the executor was called with {len(tasks)} tasks")


def _files(folder: Path, contents: dict[str, str]) -> list[tuple[Path, str]]:
    folder.mkdir(exist_ok=True)
    files = []
    for name, text in contents.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        files.append((path, name))
    return files


def _cache_all(tasks: Sequence[Task], cache: Path, options: ExtractOptions = OPTIONS) -> None:
    store = Cache(cache, options.cache_key())
    for task in tasks:
        store.put(task.digest, _result(task))


def test_files_with_the_same_bytes_are_read_once(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "same", "b.txt": "other", "c.txt": "same"}))
    executor = FakeExecutor()
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert len(executor.calls) == 1
    assert sorted(executor.calls[0]) == ["a.txt", "b.txt"]
    assert [r.path for r in results] == ["a.txt", "b.txt", "c.txt"]
    assert results[2].metadata.title == "same"
    assert results[2].report_id == results[0].report_id


def test_results_come_in_task_order_whatever_order_the_executor_finishes(
    tmp_path: Path,
) -> None:
    tasks = plan(_files(tmp_path / "in", {"z.txt": "1", "a.txt": "22", "m.txt": "333"}))
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, FakeExecutor(order="reversed"))
    assert [r.path for r in results] == ["z.txt", "a.txt", "m.txt"]
    assert [r.metadata.title for r in results] == ["1", "22", "333"]


def test_the_largest_files_go_to_the_executor_first(tmp_path: Path) -> None:
    tasks = plan(
        _files(tmp_path / "in", {"small.txt": "1", "large.txt": "1" * 50, "mid.txt": "1" * 9})
    )
    executor = FakeExecutor()
    run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert executor.calls == [["large.txt", "mid.txt", "small.txt"]]


def test_cached_files_are_not_read_again(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"}))
    _cache_all(tasks[:1], tmp_path / "cache")
    executor = FakeExecutor()
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert executor.calls == [["b.txt"]]
    assert [r.metadata.title for r in results] == ["A", "B"]


def test_the_executor_is_not_called_when_everything_is_cached(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"}))
    _cache_all(tasks, tmp_path / "cache")
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, _never)
    assert [(r.path, r.metadata.title) for r in results] == [("a.txt", "A"), ("b.txt", "B")]


def test_force_reads_cached_files_again(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"}))
    _cache_all(tasks, tmp_path / "cache")
    executor = FakeExecutor()
    run_tasks(tasks, tmp_path / "cache", ExtractOptions(jobs=1, force=True), executor)
    assert len(executor.calls) == 1
    assert sorted(executor.calls[0]) == ["a.txt", "b.txt"]


def test_results_cached_under_another_key_are_not_used(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A"}))
    _cache_all(tasks, tmp_path / "cache", ExtractOptions(second_reading=False))
    executor = FakeExecutor()
    run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert executor.calls == [["a.txt"]]


def test_a_cached_result_is_given_to_every_file_with_the_same_bytes(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "same", "b.txt": "same"}))
    _cache_all(tasks[:1], tmp_path / "cache")
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, _never)
    assert [(r.path, r.metadata.title) for r in results] == [("a.txt", "same"), ("b.txt", "same")]


def test_the_runner_leaves_caching_to_the_executor(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A"}))
    run_tasks(tasks, tmp_path / "cache", OPTIONS, FakeExecutor())
    executor = FakeExecutor()
    run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert executor.calls == [["a.txt"]]


def test_files_that_cannot_be_read_are_each_given_to_the_executor(tmp_path: Path) -> None:
    tasks = plan([(tmp_path / "x.txt", "x.txt"), (tmp_path / "y.txt", "y.txt")])
    executor = FakeExecutor()
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, executor)
    assert sorted(executor.calls[0]) == ["x.txt", "y.txt"]
    assert [r.path for r in results] == ["x.txt", "y.txt"]


def test_a_file_the_executor_gives_no_result_for_is_left_out(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"}))

    def only_a(todo: Sequence[Task]) -> Iterator[tuple[Task, ReportResult, float | None]]:
        for task in todo:
            if task.shown == "a.txt":
                yield task, _result(task), None

    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, only_a)
    assert [r.path for r in results] == ["a.txt"]


def test_no_tasks_no_results(tmp_path: Path) -> None:
    assert run_tasks([], tmp_path / "cache", OPTIONS, _never) == []


def test_progress_counts_files_and_pages(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "same", "b.txt": "B", "c.txt": "same"}))
    _cache_all([tasks[1]], tmp_path / "cache")
    seen: list[Progress] = []
    run_tasks(tasks, tmp_path / "cache", OPTIONS, FakeExecutor(pages=3), seen.append)
    assert [(p.done, p.total, p.pages) for p in seen] == [(1, 3, 2), (2, 3, 5), (3, 3, 8)]
    assert [(p.result.path, p.cached, p.worker_mb) for p in seen] == [
        ("b.txt", True, None),
        ("a.txt", False, 100.0),
        ("c.txt", False, 100.0),
    ]


def test_progress_counts_no_pages_for_files_without_pages(tmp_path: Path) -> None:
    tasks = plan(_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"}))
    seen: list[Progress] = []
    run_tasks(tasks, tmp_path / "cache", OPTIONS, FakeExecutor(pages=None), seen.append)
    assert [(p.done, p.total, p.pages) for p in seen] == [(1, 2, 0), (2, 2, 0)]


def test_two_files_shown_alike_keep_their_own_results(tmp_path: Path) -> None:
    first = _files(tmp_path / "x", {"a.txt": "first"})
    second = _files(tmp_path / "y", {"a.txt": "second"})
    tasks = plan(first + second)
    assert [t.shown for t in tasks] == ["a.txt", "a.txt"]
    results = run_tasks(tasks, tmp_path / "cache", OPTIONS, FakeExecutor())
    assert [r.metadata.title for r in results] == ["first", "second"]


def test_log_line(tmp_path: Path) -> None:
    result = report_result(
        report_id="abc",
        path="dir/某县.txt",
        pages=4,
        status=Status.PARTIAL,
        message="table 四 not found",
        cells=(CellValue("t4", "r1", "a", 1.0, "1", "x", 100.0, 1),) * 3,
        checks=(
            CheckResult("c1", "s", 1.0, 2.0, False),
            CheckResult("c2", "s", 1.0, 1.0, True),
            CheckResult("c3", "s", None, None, None),
        ),
        seconds=1.23456,
    )
    line = log_line(Progress(1, 2, 4, result, cached=False, worker_mb=123.456))
    assert json.loads(line) == {
        "path": "dir/某县.txt",
        "report_id": "abc",
        "status": "partial",
        "message": "table 四 not found",
        "pages": 4,
        "cells": 3,
        "checks_failed": 1,
        "seconds": 1.235,
        "cached": False,
        "worker_mb": 123.5,
    }
    assert "某县" in line  # not escaped


def test_log_line_of_a_cached_result_has_no_worker_memory() -> None:
    result = report_result(path="a.txt", template="unknown", status=Status.FAILED, message="x")
    data = json.loads(log_line(Progress(1, 1, 0, result, cached=True)))
    assert data["cached"] is True
    assert data["worker_mb"] is None
    assert data["pages"] is None
