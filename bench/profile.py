"""Where the time of reading text-layer PDFs goes: ogi run under cProfile, by stage.

Each stage is the cumulative time of the functions that do it (a function called inside
another stage's is counted there, not twice). Profiling slows Python code more than the
C code it calls, so the shares, not the seconds, are what to read.

    python -m bench.profile bench/corpus
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.chain import extract_file

# Stage → the functions whose cumulative time it is: (module path ending, function name).
STAGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "PDFium: opening pages and their text",
        (
            ("pypdfium2/_helpers/document.py", "get_page"),
            ("pypdfium2/_helpers/page.py", "get_textpage"),
            ("pypdfium2/_helpers/textpage.py", "get_text_bounded"),
        ),
    ),
    ("characters (position, font size, fake bold)", (("pipeline/readers/pdf/pdfium.py", "chars"),)),
    ("ruling lines", (("pipeline/readers/pdf/grid.py", "rules"),)),
    (
        "lines and cells (grid rows, word lines, wrapped numbers)",
        (
            ("pipeline/readers/layout.py", "closed"),
            ("pipeline/readers/pdf/grid.py", "grid_rows"),
            ("pipeline/readers/pdf/vertical.py", "vertical_labels"),
            ("pipeline/readers/pdf/words.py", "word_lines"),
            ("pipeline/readers/pdf/wrapped.py", "wrapped_numbers"),
        ),
    ),
    (
        "metadata and region",
        (
            ("pipeline/about/metadata.py", "read_metadata"),
            ("pipeline/about/region.py", "find_region"),
        ),
    ),
    ("locating the tables' rows", (("pipeline/locate/__init__.py", "locate"),)),
    ("cells (columns, numbers)", (("pipeline/normalise/cells.py", "to_cells"),)),
    ("checks", (("pipeline/validate/checks.py", "check_cells"),)),
    ("second readings (OCR of doubted cells)", (("pipeline/reread.py", "read_again"),)),
)


def profile(files: Sequence[Path]) -> tuple[float, list[tuple[str, float]]]:
    """(total seconds under the profiler, [(stage, seconds)])."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for path in files:
        extract_file(path, path.name)
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    out = []
    for stage, functions in STAGES:
        seconds = sum(
            cumulative
            for (filename, _, name), (_, _, _, cumulative, _) in stats.items()
            for ending, wanted in functions
            if name == wanted and filename.endswith(ending)
        )
        out.append((stage, seconds))
    return total, out


def section(files: Sequence[Path]) -> list[str]:
    """The RESULTS.md lines: each stage's share of the time."""
    if not files:
        return ["No text-layer PDF to profile."]
    total, stages = profile(files)
    lines = [
        f"ogi on {len(files)} text-layer PDFs under cProfile ({total:.1f} s with the "
        "profiler's overhead), one process, second readings on. Share of the time by stage:",
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
