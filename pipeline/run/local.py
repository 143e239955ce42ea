"""The local executor: forked worker processes, each with a time limit and a memory
ceiling per file.

Each file is extracted in a forked child process (cheap on Linux: the parent has already
imported everything). A child that runs past its time limit is killed; one that runs out
of memory or crashes is reported; either way the file gets status ``failed`` with the
reason, and the batch goes on. Every result is put in the cache by the worker as soon as
it is known, so a run killed halfway loses nothing and the next run resumes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.records import ReportResult
from pipeline.run.cache import Cache
from pipeline.run.limits import clear_scratch, die_with_parent, limit_memory, worker_scratch
from pipeline.run.options import ExtractOptions
from pipeline.run.tasks import Task, worker_failed

SCRATCH_PREFIX = "ogi-run-"
# How often (seconds) the parent looks at its workers' clocks.
TICK = 0.2
# Files a worker holds: the one it is at and the next, sent ahead so that it starts on it
# at once instead of waiting for the parent to take its result and send another.
HELD = 2


def extract_one(path: Path, shown: str, options: ExtractOptions) -> ReportResult:
    """The per-file function. The readers and the matcher are imported on first use, in
    the worker, so that a run's parent starts quickly and workers import side by side."""
    from pipeline.chain import extract_file

    return extract_file(path, shown, options)


def _worker(
    options: ExtractOptions,
    cache_folder: Path | None,
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
    store = Cache(cache_folder, options.cache_key()) if cache_folder is not None else None
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(options.memory_mb)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        try:
            result = extract_one(task.path, task.shown, options)
        except MemoryError:
            result = worker_failed(
                task,
                f"ran out of memory (the limit is {options.memory_mb} MB a file; "
                "--memory-mb raises it)",
            )
        if store is not None:
            store.put(task.digest, result)
        connection.send((result, peak_memory_mb()))


def peak_memory_mb() -> float:
    """This process's peak resident memory in MB (Linux VmHWM; ru_maxrss elsewhere)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# A finished file: its result, the worker's peak memory, whether the worker must go.
_Outcome = tuple[ReportResult, float | None, bool]


class _Worker:
    """A long-lived worker process, the file it is working on and the next it holds."""

    def __init__(self, options: ExtractOptions, cache_folder: Path | None, scratch: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.scratch = scratch
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker,
            args=(options, cache_folder, child, self.connection, os.getpid(), scratch),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.tasks: deque[Task] = deque()  # the file it is at first, then the next
        self.started = 0.0

    @property
    def task(self) -> Task | None:
        """The file it is working on."""
        return self.tasks[0] if self.tasks else None

    def give(self, task: Task) -> None:
        if not self.tasks:
            self.started = time.perf_counter()
        self.tasks.append(task)
        # a worker can die at the file it held: then ``outcome`` reports that file, and the
        # files behind it, this one too, go to another worker
        with contextlib.suppress(BrokenPipeError, OSError):
            self.connection.send(task)

    def done(self) -> None:
        """Its file is finished: it works on the next it holds from now."""
        self.tasks.popleft()
        self.started = time.perf_counter()

    def outcome(
        self, ready: list[object], timeout: float
    ) -> tuple[ReportResult, float | None, bool] | None:
        """What became of the worker's file: (result, peak memory, whether the worker
        must be replaced), or None while it is still at work."""
        task = self.task
        assert task is not None
        elapsed = time.perf_counter() - self.started
        if self.connection in ready or self.process.sentinel in ready:
            with contextlib.suppress(EOFError, OSError):
                if self.connection.poll():
                    result, peak = self.connection.recv()
                    return result, peak, False
            self.process.join(1)
            code = self.process.exitcode
            if code is None:
                return None
            reason = f"signal {-code}" if code < 0 else f"exit code {code}"
            return worker_failed(task, f"the worker crashed ({reason})", elapsed), None, True
        if elapsed > timeout:
            return worker_failed(task, f"timed out after {timeout:g} s", elapsed), None, True
        return None

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


class LocalExecutor:
    """Files read by at most ``options.jobs`` worker processes at a time; a worker that
    times out or dies is replaced by a new one."""

    def __init__(self, options: ExtractOptions, cache_folder: Path | None) -> None:
        self.options = options
        self.cache_folder = cache_folder

    def __call__(self, tasks: Sequence[Task]) -> Iterator[tuple[Task, ReportResult, float | None]]:
        pending = list(reversed(tasks))
        sweep_scratch()
        scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
        workers = [self._start(scratch) for _ in range(min(self.options.jobs, len(tasks)))]
        try:
            for _ in range(HELD):  # one file to each, then the next to each
                for worker in workers:
                    if pending:
                        worker.give(pending.pop())
            while any(w.task is not None for w in workers):
                yield from self._collect(workers, pending, scratch)
        finally:
            for worker in workers:
                worker.stop(kill=worker.task is not None)
            shutil.rmtree(scratch, ignore_errors=True)

    def _start(self, scratch: Path) -> _Worker:
        return _Worker(self.options, self.cache_folder, scratch)

    def _collect(
        self, workers: list[_Worker], pending: list[Task], scratch: Path
    ) -> Iterator[tuple[Task, ReportResult, float | None]]:
        """The files finished (or failed) within one tick; their workers get the next."""
        busy = [w for w in workers if w.task is not None]
        ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], TICK)
        for index, worker in enumerate(workers):
            task = worker.task
            if task is None:
                continue
            outcome = worker.outcome(list(ready), self.options.timeout)
            if outcome is None:
                continue
            result, peak, broken = outcome
            worker.done()
            if broken:
                pending.extend(reversed(worker.tasks))  # held, never started: given again
                worker.stop(kill=True)
                worker = workers[index] = self._start(scratch)
            while pending and len(worker.tasks) < HELD:
                worker.give(pending.pop())
            yield task, result, peak
