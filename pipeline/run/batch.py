"""Many files at once: worker processes, a time limit and a memory ceiling per file, a
cache that makes reruns cheap and survives an interrupted run, and progress reports.

Each file is extracted in a forked child process (cheap on Linux: the parent has already
imported everything). A child that runs past its time limit is killed; one that runs out
of memory or crashes is reported; either way the file gets status ``failed`` with the
reason, and the batch goes on. Every result is written to the cache as soon as it is
known, keyed by the file's SHA-256 and the extractor's own fingerprint, so a run killed
halfway loses nothing and the next run resumes. The same bytes under two names are
extracted once and listed twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.readers import not_a_file
from pipeline.records import (
    Metadata,
    ReportResult,
    Status,
    result_from_data,
    result_to_data,
)
from pipeline.run.limits import clear_scratch, die_with_parent, limit_memory, worker_scratch

CACHE_FOLDER = ".ogi-cache"
# Failures of the worker rather than of the file: not cached, so a rerun tries again.
WORKER_FAILURES = ("timed out", "the worker crashed", "ran out of memory")


@dataclass(frozen=True)
class BatchSettings:
    jobs: int = max(1, os.cpu_count() or 1)
    timeout: float = 120.0  # seconds per file
    memory_mb: int = 4096  # address-space ceiling per worker (OCR maps about 1.7 GB)
    force: bool = False  # ignore the cache
    second_reading: bool = True  # read the cells of failed relations a second way


@dataclass(frozen=True)
class Task:
    path: Path
    shown: str
    digest: str  # SHA-256 of the bytes, "" when the file cannot be read


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    pages: int
    result: ReportResult
    cached: bool
    worker_mb: float | None = None  # peak memory of the worker that read it


@cache
def fingerprint() -> str:
    """A hash of the extractor's code and spec: a cached result is reused only by the
    very code that made it."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the whole package, not run/ alone
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


class Cache:
    """Results on disk, one file per (content, extractor) pair, written atomically. Results
    read without second readings are kept apart from the others."""

    def __init__(self, folder: Path, second_reading: bool = True) -> None:
        self.folder = folder
        self.version = fingerprint() + ("" if second_reading else "-once")

    def _path(self, digest: str) -> Path:
        return self.folder / self.version / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> ReportResult | None:
        """The result cached for these bytes, or None (a damaged or foreign entry is
        none: JSON is read as data, so an entry someone else wrote cannot run code)."""
        path = self._path(digest)
        if not digest or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return result_from_data(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, digest: str, result: ReportResult) -> None:
        if not digest:
            return
        path = self._path(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(result_to_data(result), stream, ensure_ascii=False)
        os.replace(temporary, path)


def extract_one(path: Path, shown: str, second_reading: bool = True) -> ReportResult:
    """The per-file function. The readers and the matcher are imported on first use, in
    the worker, so that a run's parent starts quickly and workers import side by side."""
    from pipeline.extract import extract_file

    return extract_file(path, shown, second_reading)


def _worker(
    memory_mb: int,
    cache_folder: Path | None,
    second_reading: bool,
    connection: Connection,
    parents_end: Connection,
    parent: int,
    scratch: Path,
) -> None:
    """Worker body: extract the files sent to it, one at a time, until it gets None (or
    its parent is gone), and put each result in the cache itself (the parent has enough to
    do). Its temporary files go to a folder of its own under ``scratch``."""
    die_with_parent(parent)
    parents_end.close()  # so that the parent's death closes the pipe for good
    worker_scratch(scratch)
    store = Cache(cache_folder, second_reading) if cache_folder is not None else None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(memory_mb)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        try:
            result = extract_one(task.path, task.shown, second_reading)
        except MemoryError:
            result = _failed(
                task,
                f"ran out of memory (the limit is {memory_mb} MB a file; --memory-mb raises it)",
            )
        if store is not None and not result.message.startswith(WORKER_FAILURES):
            store.put(task.digest, result)
        connection.send((result, peak_memory_mb()))


def peak_memory_mb() -> float:
    """This process's peak resident memory in MB (Linux VmHWM; ru_maxrss elsewhere)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _failed(task: Task, message: str, seconds: float = 0.0) -> ReportResult:
    return ReportResult(
        report_id=task.digest[:16],
        path=task.shown,
        format=task.path.suffix.lstrip(".").lower(),
        pages=None,
        metadata=Metadata(),
        template="unknown",
        status=Status.FAILED,
        message=message,
        seconds=seconds,
    )


class _Worker:
    """A long-lived worker process and the file it is working on."""

    def __init__(self, settings: BatchSettings, cache_folder: Path | None, scratch: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.scratch = scratch
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker,
            args=(
                settings.memory_mb,
                cache_folder,
                settings.second_reading,
                child,
                self.connection,
                os.getpid(),
                scratch,
            ),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.perf_counter()
        self.connection.send(task)

    def stop(self, kill: bool = False) -> None:
        """End the worker: asked to, or killed (then the programs it was running are
        ended too); its temporary folder is removed either way."""
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.connection.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)
        self.connection.close()
        clear_scratch(self.scratch / f"worker-{self.process.pid}")


SCRATCH_PREFIX = "ogi-run-"


def sweep_scratch() -> None:
    """Remove the temporary folders of runs that were killed (their process is gone): a
    killed run cannot clear up after itself, the next one does."""
    if not Path("/proc/self").exists():
        return  # no way to tell a live run from a dead one here
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        owner = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists() and folder.is_dir():
            for worker in folder.glob("worker-*"):
                clear_scratch(worker)
            shutil.rmtree(folder, ignore_errors=True)


def _extract_all(
    tasks: Sequence[Task], settings: BatchSettings, cache_folder: Path | None
) -> Iterator[tuple[Task, ReportResult, float | None]]:
    """Results, with the peak memory in MB of the worker that made them, in the order
    they finish, at most ``settings.jobs`` files at a time. A worker that times out or
    dies is replaced by a new one."""
    pending = list(reversed(tasks))
    sweep_scratch()
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    workers = [
        _Worker(settings, cache_folder, scratch) for _ in range(min(settings.jobs, len(tasks)))
    ]
    try:
        for worker in workers:
            if pending:
                worker.give(pending.pop())
        while any(w.task is not None for w in workers):
            busy = [w for w in workers if w.task is not None]
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], 0.2)
            now = time.perf_counter()
            for index, worker in enumerate(workers):
                task = worker.task
                if task is None:
                    continue
                result: ReportResult | None = None
                peak: float | None = None
                replace_worker = False
                if worker.connection in ready or worker.process.sentinel in ready:
                    try:
                        if worker.connection.poll():
                            result, peak = worker.connection.recv()
                    except (EOFError, OSError):
                        result = None
                    if result is None:
                        worker.process.join(1)
                        code = worker.process.exitcode
                        if code is None:
                            continue
                        reason = f"signal {-code}" if code < 0 else f"exit code {code}"
                        result = _failed(
                            task, f"the worker crashed ({reason})", now - worker.started
                        )
                        replace_worker = True
                elif now - worker.started > settings.timeout:
                    result = _failed(
                        task, f"timed out after {settings.timeout:g} s", now - worker.started
                    )
                    replace_worker = True
                else:
                    continue
                if replace_worker:
                    worker.stop(kill=True)
                    worker = workers[index] = _Worker(settings, cache_folder, scratch)
                worker.task = None
                if pending:
                    worker.give(pending.pop())
                yield task, result, peak
    finally:
        for worker in workers:
            worker.stop(kill=worker.task is not None)
        shutil.rmtree(scratch, ignore_errors=True)


def run_batch(
    files: Sequence[tuple[Path, str]],
    cache_folder: Path,
    settings: BatchSettings = BatchSettings(),
    shard: tuple[int, int] = (1, 1),
    on_result: Callable[[Progress], None] | None = None,
) -> list[ReportResult]:
    """Extract every file (from the cache where possible); results in input order."""
    return run_tasks(plan(files, shard), cache_folder, settings, on_result)


def run_tasks(
    tasks: Sequence[Task],
    cache_folder: Path,
    settings: BatchSettings = BatchSettings(),
    on_result: Callable[[Progress], None] | None = None,
) -> list[ReportResult]:
    """Extract planned files (from the cache where possible); results in task order."""
    store = Cache(cache_folder, settings.second_reading)
    by_digest: dict[str, list[Task]] = {}
    unreadable: list[Task] = []
    for task in tasks:
        if task.digest:
            by_digest.setdefault(task.digest, []).append(task)
        else:
            unreadable.append(task)
    results: dict[str, ReportResult] = {}
    done = 0
    pages = 0

    def record(task: Task, result: ReportResult, cached: bool, peak: float | None = None) -> None:
        nonlocal done, pages
        for twin in by_digest.get(task.digest, [task]):
            results[twin.shown] = replace(result, path=twin.shown) if twin is not task else result
            done += 1
            pages += result.pages or 0
            if on_result:
                on_result(Progress(done, len(tasks), pages, results[twin.shown], cached, peak))

    to_extract: list[Task] = []
    for digest, group in by_digest.items():
        hit = None if settings.force else store.get(digest)
        if hit is not None:
            record(group[0], replace(hit, path=group[0].shown), True)
        else:
            to_extract.append(group[0])
    to_extract.extend(unreadable)
    # The largest files first, so that no worker is left with a big one at the end.
    to_extract.sort(key=_size, reverse=True)
    for task, result, peak in _extract_all(to_extract, settings, cache_folder):
        record(task, result, False, peak)
    return [results[t.shown] for t in tasks if t.shown in results]


def _size(task: Task) -> int:
    try:
        return task.path.stat().st_size
    except OSError:
        return 0


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
