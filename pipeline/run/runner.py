"""The one runner in front of every executor: it groups the files by content, takes what
the cache holds, hands the rest to an executor (worker processes here, or a Dask
cluster), copies each result to the files with the same bytes, and counts progress.

An executor is any callable that takes the tasks to read and yields, as each finishes,
the task, its result and the peak memory in MB of the worker that read it (None when
unknown). It puts every result it makes in the cache itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.records import ReportResult
from pipeline.run.cache import Cache
from pipeline.run.options import ExtractOptions
from pipeline.run.tasks import Task

Executor = Callable[[Sequence[Task]], Iterator[tuple[Task, ReportResult, float | None]]]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    pages: int
    result: ReportResult
    cached: bool
    worker_mb: float | None = None  # peak memory of the worker that read it


class _Tally:
    """The results so far, one per task (two tasks may show the same path: each keeps
    its own), and the progress reported for them."""

    def __init__(self, tasks: Sequence[Task], on_result: Callable[[Progress], None] | None):
        self.tasks = tasks
        self.on_result = on_result
        self.twins: dict[str, list[int]] = {}
        for index, task in enumerate(tasks):
            self.twins.setdefault(task.content, []).append(index)
        self.results: list[ReportResult | None] = [None] * len(tasks)
        self.done = self.pages = 0

    def record(self, task: Task, result: ReportResult, cached: bool, peak: float | None) -> None:
        """The result of ``task``, given to every file with the same bytes."""
        for index in self.twins[task.content]:
            shown = self.tasks[index].shown
            self.results[index] = mine = replace(result, path=shown)
            self.done += 1
            self.pages += result.pages or 0
            if self.on_result:
                progress = Progress(self.done, len(self.tasks), self.pages, mine, cached, peak)
                self.on_result(progress)


def run_tasks(
    tasks: Sequence[Task],
    cache_folder: Path,
    options: ExtractOptions,
    executor: Executor,
    on_result: Callable[[Progress], None] | None = None,
) -> list[ReportResult]:
    """Extract planned files (from the cache where possible, the rest by ``executor``);
    results in task order."""
    store = Cache(cache_folder, options.cache_key())
    tally = _Tally(tasks, on_result)
    todo: list[Task] = []
    for group in tally.twins.values():
        first = tasks[group[0]]
        hit = None if options.force else store.get(first.digest)
        if hit is not None:
            tally.record(first, hit, True, None)
        else:
            todo.append(first)
    # The largest files first, so that no worker is left with a big one at the end.
    todo.sort(key=Task.size, reverse=True)
    if todo:
        for task, result, peak in executor(todo):
            tally.record(task, result, False, peak)
    return [r for r in tally.results if r is not None]


def log_line(progress: Progress) -> str:
    """One JSON line for ``--log``."""
    r = progress.result
    return json.dumps(
        {
            "path": r.path,
            "report_id": r.report_id,
            "status": str(r.status),
            "message": r.message,
            "pages": r.pages,
            "cells": len(r.cells),
            "checks_failed": sum(1 for c in r.checks if c.failed),
            "seconds": round(r.seconds, 3),
            "cached": progress.cached,
            "worker_mb": round(progress.worker_mb, 1) if progress.worker_mb else None,
        },
        ensure_ascii=False,
    )
