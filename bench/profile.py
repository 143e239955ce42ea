"""Where the time of reading text-layer PDFs goes: ogi's stages timed by the wall clock.

Each stage is the functions that do it, wrapped with a timer for the run (a function
called inside another stage's counts for that stage only). A wall clock, not cProfile:
a profiler slows Python code many times more than the C code it calls (PDFium, the OCR
model), and so shows the Python stages far larger than they are.

    python -m bench.profile bench/corpus
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

import pipeline.chain as chain
import pipeline.readers.pdf.pdfium as ogi_pdfium
import pipeline.readers.pdf.reader as reader
from pipeline.chain import extract_file

# Stage → the callables that do it: (owner, attribute), the owner being the module that
# calls a function by that name, or the class of a method.
STAGES: tuple[tuple[str, tuple[tuple[Any, str], ...]], ...] = (
    (
        "PDFium: opening pages, their text and its order",
        (
            (pdfium.PdfDocument, "get_page"),
            (pdfium.PdfPage, "get_textpage"),
            (ogi_pdfium.Page, "text"),
            (ogi_pdfium.Page, "backward_share"),
        ),
    ),
    ("characters (position, font size, fake bold)", ((ogi_pdfium.Page, "chars"),)),
    ("ruling lines", ((reader, "rules"),)),
    (
        "lines and cells (grid rows, word lines, wrapped numbers)",
        (
            (reader, "closed"),
            (reader, "bands"),
            (reader, "tall_rows"),
            (reader, "grid_rows"),
            (reader, "vertical_labels"),
            (reader, "word_lines"),
            (reader, "wrapped_numbers"),
        ),
    ),
    ("metadata and region", ((chain, "read_metadata"), (chain, "find_region"))),
    ("locating the tables' rows", ((chain, "locate"),)),
    ("cells (columns, numbers)", ((chain, "to_cells"),)),
    ("checks", ((chain, "check_cells"), (chain, "derive_blanks"), (chain, "flag_misreads"))),
    ("second readings (pages drawn, doubted cells read by OCR)", ((chain, "read_again"),)),
)


class _Clock:
    """Seconds by stage, counting only the outermost stage at work."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {stage: 0.0 for stage, _ in STAGES}
        self.depth = 0

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            if self.depth:
                return function(*args, **kwargs)
            self.depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
                self.depth -= 1

        return run


@contextlib.contextmanager
def _clocked(clock: _Clock) -> Iterator[None]:
    """Every stage's callables wrapped with ``clock`` while inside; put back after."""
    saved = [
        (owner, name, getattr(owner, name)) for _, members in STAGES for owner, name in members
    ]
    try:
        for stage, members in STAGES:
            for owner, name in members:
                setattr(owner, name, clock.timed(stage, getattr(owner, name)))
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def profile(files: Sequence[Path]) -> tuple[float, list[tuple[str, float]]]:
    """(total seconds, [(stage, seconds)]) of ogi reading ``files`` in this process."""
    if files:
        extract_file(files[0], files[0].name)  # modules imported before the clock starts
    clock = _Clock()
    with _clocked(clock):
        started = time.perf_counter()
        for path in files:
            extract_file(path, path.name)
        total = time.perf_counter() - started
    return total, list(clock.seconds.items())


def section(files: Sequence[Path]) -> list[str]:
    """The RESULTS.md lines: each stage's share of the time."""
    if not files:
        return ["No text-layer PDF to profile."]
    total, stages = profile(files)
    lines = [
        f"ogi on {len(files)} text-layer PDFs in one process, second readings on "
        f"({total:.1f} s), each stage timed by the wall clock (the OCR model's load, once a "
        "process, counts in second readings). Share of the time by stage:",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    for stage, seconds in stages:
        lines.append(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} |")
    rest = total - sum(seconds for _, seconds in stages)
    lines.append(f"| everything else | {rest:.2f} | {rest / total:.0%} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.glob("*.pdf"))
    print("\n".join(section(files)))


if __name__ == "__main__":
    main()
