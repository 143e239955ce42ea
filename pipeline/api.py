"""The library's entry points, used by the CLI and by notebooks alike.

>>> from pipeline import extract
>>> frames = extract(["samples/"])          # doctest: +SKIP
>>> frames.cells.head()                     # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.batch import CACHE_FOLDER, BatchSettings, Progress, fingerprint, run_batch
from pipeline.extract import extract_file
from pipeline.readers import SUFFIXES, UNSUPPORTED
from pipeline.records import ReportResult

if TYPE_CHECKING:
    from pipeline.dataset import Frames

# pandas and pyarrow are imported where a dataset is built or written, not on start-up:
# a rerun that finds everything in the cache never needs them.
FRAME_NAMES = ("reports", "cells", "checks", "panel")

# Files in a folder that are read (or reported as unsupported); everything else is ignored.
CANDIDATE_SUFFIXES = SUFFIXES | set(UNSUPPORTED)
IGNORED_NAMES = (".truth.csv",)


class InputError(ValueError):
    """An input path that does not exist."""


def _wanted(path: Path) -> bool:
    name = path.name
    return (
        not name.startswith(".")
        and path.suffix.lower() in CANDIDATE_SUFFIXES
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
        if root.is_file():
            found.append((root, root.name))
        elif root.is_dir():
            for folder, dirs, files in os.walk(root, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(folder) / name
                    if _wanted(path):
                        found.append((path, path.relative_to(root).as_posix()))
        else:
            raise InputError(f"no such file or folder: {root}")
    return found


def extract_results(inputs: Iterable[str | Path]) -> list[ReportResult]:
    """Extract every report found in ``inputs`` (files or folders)."""
    return [extract_file(path, shown) for path, shown in find_inputs(inputs)]


def extract(inputs: str | Path | Sequence[str | Path]) -> Frames:
    """Extract every report in ``inputs`` and return the dataset's frames
    (``reports``, ``cells``, ``checks``, ``panel``) without writing anything."""
    from pipeline.dataset import to_frames

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return to_frames(extract_results(inputs))


def extract_to(inputs: Sequence[str | Path], out_dir: str | Path) -> Frames:
    """Extract and write the dataset to ``out_dir``; returns the frames written."""
    from pipeline.dataset import write_frames

    frames = extract(inputs)
    write_frames(frames, Path(out_dir))
    return frames


def run_to_folder(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    settings: BatchSettings | None = None,
    shard: tuple[int, int] = (1, 1),
    on_result: Callable[[Progress], None] | None = None,
) -> list[ReportResult]:
    """The ``ogi extract`` run: every file through the worker pool and the cache in
    OUT/.ogi-cache, then the dataset written to ``out_dir``. When every result came from
    the cache and the same files were written last time, the dataset on disk is already
    this one and is left as it is. Returns the results, in input order."""
    out = Path(out_dir)
    files = find_inputs(inputs)
    cached: list[bool] = []

    def seen(progress: Progress) -> None:
        cached.append(progress.cached)
        if on_result is not None:
            on_result(progress)

    results = run_batch(files, out / CACHE_FOLDER, settings or BatchSettings(), shard, seen)
    stamp_file = out / CACHE_FOLDER / "last-run"
    stamp = _run_stamp(results)
    current = all(cached) and all((out / f"{name}.parquet").exists() for name in FRAME_NAMES)
    if current and stamp_file.exists() and stamp_file.read_text() == stamp:
        return results
    from pipeline.dataset import to_frames, write_frames

    write_frames(to_frames(results), out)
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(stamp)
    return results


def _run_stamp(results: Sequence[ReportResult]) -> str:
    digest = hashlib.sha256(fingerprint().encode())
    for result in results:
        digest.update(f"{result.path}\0{result.report_id}\0{result.status}\n".encode())
    return digest.hexdigest()
