"""What a long run shows: a rich progress bar on a terminal (files done and to do, time
left, pages/s), a plain line every N files otherwise, a JSON line per file with --log, and
a summary table at the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pipeline.run.runner import Progress as FileDone
from pipeline.run.runner import log_line


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/8"`` → ``(2, 8)``; ValueError for anything else."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes I/N, e.g. 2/8, not {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: I must be between 1 and N")
    return index, count


class ProgressReport:
    """Context manager fed one :class:`FileDone` per file."""

    def __init__(
        self, total: int, every: int, log: Path | None, stream: IO[str] | None = None
    ) -> None:
        self.total = total
        self.every = max(1, every)
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream)
        self.log_path = log
        self.log: IO[str] | None = None
        self.started = time.perf_counter()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> ProgressReport:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self.log = self.log_path.open("a", encoding="utf-8")
        if self.console.is_terminal:
            self.bar = Progress(
                TextColumn("[bold]extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[rate]}"),
                console=self.console,
            )
            self.bar.start()
            self.task = self.bar.add_task("files", total=self.total, rate="")
        return self

    def update(self, done: FileDone) -> None:
        if self.log is not None:
            self.log.write(log_line(done) + "\n")
            self.log.flush()
        elapsed = time.perf_counter() - self.started
        rate = f"{done.pages / elapsed:.1f} pages/s" if elapsed > 0 else ""
        if self.bar is not None and self.task is not None:
            # the total is the run's: a shard's files are known only once planned
            self.bar.update(self.task, completed=done.done, total=done.total, rate=rate)
        elif done.done % self.every == 0 or done.done == done.total:
            print(f"{done.done}/{done.total} files, {elapsed:.0f} s, {rate}", file=self.stream)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
        if self.log is not None:
            self.log.close()


def summary_table(summary: Sequence[tuple[str, int, int, int]], seconds: float) -> Table:
    """Files by status, cells and failed checks, and the time taken."""
    total = sum(files for _, files, _, _ in summary)
    table = Table(title=f"{total} files in {seconds:.2f} s", title_justify="left")
    for name in ("status", "files", "cells", "checks failed"):
        table.add_column(name, justify="left" if name == "status" else "right")
    for status, files, cells, failed in summary:
        table.add_row(status, str(files), str(cells), str(failed))
    return table
