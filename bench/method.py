"""Run one method over a list of files and write its dataset (a child process of
``bench/run.py``, so that its time and peak memory are its own).

Usage: python -m bench.method METHOD OUT_DIR FILE_LIST
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.baselines import run_baseline
from pipeline.chain import extract_file
from pipeline.output.dataset import to_frames, write_frames
from pipeline.run.local import peak_memory_mb


def main(method: str, out_dir: str, file_list: str) -> None:
    files = [
        Path(line) for line in Path(file_list).read_text(encoding="utf-8").splitlines() if line
    ]
    if method == "ogi":
        results = [extract_file(path, path.name) for path in files]
    else:
        results = [run_baseline(method, path, path.name) for path in files]
    write_frames(to_frames(results), Path(out_dir))
    (Path(out_dir) / "peak_mb.txt").write_text(f"{peak_memory_mb():.1f}", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
