"""The library's entry points, used by the CLI and by notebooks alike.

>>> from pipeline import extract
>>> frames = extract(["samples/"])          # doctest: +SKIP
>>> frames.cells.head()                     # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.about.overrides import apply_meta
from pipeline.readers import SUFFIXES
from pipeline.records import FRAME_NAMES, ReportResult, Status
from pipeline.run.cache import CACHE_FOLDER, Cache
from pipeline.run.local import LocalExecutor
from pipeline.run.options import ExtractOptions
from pipeline.run.runner import Executor, Progress, run_tasks
from pipeline.run.tasks import Task, plan, worker_failure

if TYPE_CHECKING:
    from pipeline.output.dataset import Frames

# pandas and pyarrow are imported where a dataset is built or written, not on start-up:
# a rerun that finds everything in the cache never needs them.

# Files in a folder are read when their suffix is one of readers.SUFFIXES.

IGNORED_NAMES = (".truth.csv",)


class InputError(ValueError):
    """An input path that does not exist."""


def _wanted(path: Path) -> bool:
    name = path.name
    return (
        not name.startswith(".")
        and path.suffix.lower() in SUFFIXES
        and not name.endswith(IGNORED_NAMES)
    )


def find_inputs(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Files to extract, each with the path shown in the output (relative to its folder).

    A folder is searched recursively (symlinked folders are not followed, so a link loop
    cannot trap the walk); a file named directly is always taken.
    """
    found: list[tuple[Path, str]] = []
    for item in inputs:
        root = Path(item)
        if root.is_dir():
            found += _walk(root)
        elif root.is_file() or root.is_symlink() or root.exists():
            # a file named directly is taken whatever it is: what is wrong with it (a
            # broken link, a named pipe) becomes its row's message
            found.append((root, root.name))
        else:
            raise InputError(f"no such file or folder: {root}")
    return _shown_once(found)


def _shown_once(found: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Files that would be shown alike (``a.txt`` in two input folders, or two files
    of one name named directly) are shown by their path as given instead, so that the
    dataset's ``path`` tells them apart."""
    paths: dict[str, set[Path]] = {}
    for path, shown in found:
        paths.setdefault(shown, set()).add(path)
    return [(path, shown if len(paths[shown]) == 1 else str(path)) for path, shown in found]


def _walk(root: Path) -> list[tuple[Path, str]]:
    """The files of a folder with a report's suffix, every one: a broken link, a link
    loop, a named pipe and a folder that cannot be read are kept too, and get a row that
    says so (the reader checks before it reads). Links to folders are not followed."""
    found: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        if error.filename:
            path = Path(error.filename)
            found.append((path, path.relative_to(root).as_posix() + "/"))

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if _wanted(path):
                found.append((path, path.relative_to(root).as_posix()))
    return found


def extract_results(inputs: Iterable[str | Path]) -> list[ReportResult]:
    """Extract every report found in ``inputs`` (files or folders), in this process."""
    from pipeline.chain import extract_file

    return [extract_file(path, shown) for path, shown in find_inputs(inputs)]


def extract(inputs: str | Path | Sequence[str | Path]) -> Frames:
    """Extract every report in ``inputs`` and return the dataset's frames
    (``reports``, ``cells``, ``checks``, ``panel``) without writing anything."""
    from pipeline.output.dataset import to_frames

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return to_frames(extract_results(inputs))


def extract_to(inputs: Sequence[str | Path], out_dir: str | Path) -> Frames:
    """Extract and write the dataset to ``out_dir``; returns the frames written."""
    from pipeline.output.dataset import write_frames

    frames = extract(inputs)
    write_frames(frames, Path(out_dir))
    return frames


# (status, files, cells, failed checks) for each status: what a run reports at its end.
RunSummary = list[tuple[str, int, int, int]]


def summarise(results: Sequence[ReportResult]) -> RunSummary:
    summary: RunSummary = []
    for status in Status:
        part = [r for r in results if r.status is status]
        failed = sum(1 for r in part for c in r.checks if c.failed)
        summary.append((str(status), len(part), sum(len(r.cells) for r in part), failed))
    return summary


class OutputError(OSError):
    """The output folder cannot be used: not writable, or another run is writing to it."""


LOCK_FILE = ".ogi-lock"


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for this run: a second run into the same folder is refused
    with a clear message instead of mixing its tables with ours. The folder must be
    writable: that is found out here, before any file is read."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK_FILE, "a+")  # noqa: SIM115 - held for the whole run
    except OSError as error:
        raise OutputError(f"cannot write to {out}: {error.strerror or error}") from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise OutputError(
                f"another ogi run is writing to {out}: wait for it to end, or choose another --out"
            ) from error
        probe = out / f".ogi-probe-{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise OutputError(f"cannot write to {out}: {error.strerror or error}") from error
        yield
    finally:
        handle.close()


def run_to_folder(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    options: ExtractOptions | None = None,
    shard: tuple[int, int] = (1, 1),
    on_result: Callable[[Progress], None] | None = None,
    scheduler: str | None = None,
    meta: dict[str, dict[str, str]] | None = None,
) -> RunSummary:
    """The ``ogi extract`` run: every file through the worker pool and the cache in
    OUT/.ogi-cache, then the dataset written to ``out_dir``. When the same files (same
    bytes, same extractor) were written there last time and the dataset on disk is still
    the one written then, nothing is read again; a run that had files time out, run out
    of memory or crash the worker is always run again. With ``scheduler`` (a Dask
    scheduler's address, or ``local``) the files are extracted on that cluster instead.
    Raises :class:`OutputError` when ``out_dir`` cannot be written or is in use. Returns
    the counts by status."""
    options = options or ExtractOptions()
    out = Path(out_dir)
    with output_lock(out):
        from pipeline.output.dataset import sweep

        sweep(out)
        return _run_locked(inputs, out, options, shard, on_result, scheduler, meta)


def _run_locked(
    inputs: Sequence[str | Path],
    out: Path,
    options: ExtractOptions,
    shard: tuple[int, int],
    on_result: Callable[[Progress], None] | None,
    scheduler: str | None,
    meta: dict[str, dict[str, str]] | None,
) -> RunSummary:
    tasks = plan(find_inputs(inputs), shard)
    last_run = out / CACHE_FOLDER / LAST_RUN
    stamp = _run_stamp(tasks, meta or {}, options)
    previous = _read_last_run(last_run)
    summary = previous.get("summary")
    unchanged = previous.get("stamp") == stamp and _still_written(out, previous)
    fresh = options.force or not unchanged or not isinstance(summary, list)
    if not fresh and isinstance(summary, list) and _replay(tasks, out, options, on_result):
        return [tuple(row) for row in summary]
    executor = _executor(scheduler, options, out / CACHE_FOLDER)
    results = run_tasks(tasks, out / CACHE_FOLDER, options, executor, on_result)
    if meta:
        results = apply_meta(results, meta)
    return _write(results, out, last_run, stamp)


def _executor(scheduler: str | None, options: ExtractOptions, cache_folder: Path) -> Executor:
    """Worker processes here, or a Dask cluster when a scheduler is named."""
    if scheduler:
        from pipeline.run.cluster import DaskExecutor

        return DaskExecutor(scheduler, options, cache_folder)
    return LocalExecutor(options, cache_folder)


def _write(results: list[ReportResult], out: Path, last_run: Path, stamp: str) -> RunSummary:
    """The dataset written, then the stamp that certifies it."""
    from pipeline.output.dataset import to_frames, write_frames
    from pipeline.output.files import atomic_write_text

    frames = to_frames(results)
    # The stamp goes first and comes back last: a dataset is certified only once whole.
    last_run.unlink(missing_ok=True)
    written = write_frames(frames, out)
    summary = summarise(results)
    retry = any(map(worker_failure, results))
    record = {
        "stamp": None if retry else stamp,
        "summary": summary,
        "files": {p.name: _signature(p) for p in written if p.is_file()},
    }
    atomic_write_text(last_run, json.dumps(record))
    return summary


LAST_RUN = "last-run.json"


def _replay(
    tasks: Sequence[Task],
    out: Path,
    options: ExtractOptions,
    on_result: Callable[[Progress], None] | None,
) -> bool:
    """For a run with nothing new: report every file's result from the cache (so that
    the progress and ``--log`` say what the dataset holds); False when one is missing."""
    store = Cache(out / CACHE_FOLDER, options.cache_key())
    results = [store.get(task.digest) for task in tasks]
    if any(r is None for r in results):
        return False
    pages = 0
    for done, (task, result) in enumerate(zip(tasks, results, strict=True), start=1):
        assert result is not None
        pages += result.pages or 0
        if on_result:
            on_result(Progress(done, len(tasks), pages, replace(result, path=task.shown), True))
    return True


def _read_last_run(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _signature(path: Path) -> list[int]:
    """What identifies a written file cheaply: its size and modification time."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _still_written(out: Path, previous: dict[str, object]) -> bool:
    """Whether every file the last run wrote is there as it wrote it."""
    files = previous.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name in FRAME_NAMES:
        if f"{name}.parquet" not in files:
            return False
    for name, signature in files.items():
        try:
            if _signature(out / name) != signature:
                return False
        except OSError:
            return False
    return True


def _run_stamp(
    tasks: Sequence[Task], meta: dict[str, dict[str, str]], options: ExtractOptions
) -> str:
    digest = hashlib.sha256(options.cache_key().encode())
    digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
    for task in tasks:
        digest.update(f"{task.shown}\0{task.digest}\n".encode())
    return digest.hexdigest()
