"""The library's entry points, used by the CLI and by notebooks alike.

>>> from pipeline import extract
>>> frames = extract(["samples/"])          # doctest: +SKIP
>>> frames.cells.head()                     # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.dataset import Frames, to_frames, write_frames
from pipeline.extract import extract_file
from pipeline.readers import SUFFIXES, UNSUPPORTED
from pipeline.records import ReportResult

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
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return to_frames(extract_results(inputs))


def extract_to(inputs: Sequence[str | Path], out_dir: str | Path) -> Frames:
    """Extract and write the dataset to ``out_dir``; returns the frames written."""
    frames = extract(inputs)
    write_frames(frames, Path(out_dir))
    return frames
