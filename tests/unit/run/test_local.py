"""Batch runs: parallel workers, time limits, crashes, the cache, duplicates, shards."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline.chain import extract_file
from pipeline.records import ReportResult, Status
from pipeline.run import local
from pipeline.run.cache import CACHE_FOLDER
from pipeline.run.local import LocalExecutor
from pipeline.run.options import ExtractOptions
from pipeline.run.runner import Progress, run_tasks
from pipeline.run.tasks import file_digest, plan
from tests.conftest import ROOT, SAMPLES, copy_samples


def run_batch(
    files: list[tuple[Path, str]],
    cache: Path,
    options: ExtractOptions,
    on_result: Callable[[Progress], None] | None = None,
) -> list[ReportResult]:
    """Every file through the one runner and local worker processes."""
    return run_tasks(plan(files), cache, options, LocalExecutor(options, cache), on_result)


NAMES = ["seed_2023.txt", "city_2024_fmt2021.docx", "bureau_2022_markdown.md"]


def _folder(tmp_path: Path) -> Path:
    folder = copy_samples(tmp_path / "in", NAMES)
    return folder


def _files(folder: Path) -> list[tuple[Path, str]]:
    return [(p, p.name) for p in sorted(folder.iterdir())]


def test_parallel_results_equal_sequential_ones(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    results = run_batch(_files(folder), tmp_path / "cache", ExtractOptions(jobs=2))
    assert [r.path for r in results] == sorted(NAMES)
    for result in results:
        alone = extract_file(folder / result.path, result.path)
        assert result.cells == alone.cells
        assert result.status == alone.status


def test_a_hanging_file_times_out_and_a_crash_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    (folder / "slow.txt").write_text("hang", encoding="utf-8")
    (folder / "crash.txt").write_text("crash", encoding="utf-8")
    real = local.extract_one

    def misbehave(path: Path, shown: str, options: ExtractOptions) -> ReportResult:
        if path.name == "slow.txt":
            time.sleep(60)
        if path.name == "crash.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, shown, options)

    monkeypatch.setattr(local, "extract_one", misbehave)
    started = time.perf_counter()
    results = {
        r.path: r
        for r in run_batch(_files(folder), tmp_path / "c", ExtractOptions(jobs=2, timeout=3))
    }
    assert time.perf_counter() - started < 30
    assert results["slow.txt"].status is Status.FAILED
    assert "timed out after 3 s" in results["slow.txt"].message
    assert results["crash.txt"].status is Status.FAILED
    assert "crashed (signal 9)" in results["crash.txt"].message
    assert results["seed_2023.txt"].status is Status.OK


def test_a_rerun_reads_the_cache_and_duplicates_are_extracted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    shutil.copy(folder / "seed_2023.txt", folder / "copy_of_seed.txt")
    first = run_batch(_files(folder), tmp_path / "cache", ExtractOptions(jobs=1))
    by_path = {r.path: r for r in first}
    assert by_path["copy_of_seed.txt"].cells == by_path["seed_2023.txt"].cells
    assert by_path["copy_of_seed.txt"].report_id == by_path["seed_2023.txt"].report_id

    def refuse(path: Path, shown: str, options: ExtractOptions) -> ReportResult:
        raise AssertionError("a cached file was extracted again")

    monkeypatch.setattr(local, "extract_one", refuse)
    seen: list[bool] = []
    again = run_batch(
        _files(folder),
        tmp_path / "cache",
        ExtractOptions(jobs=1),
        on_result=lambda p: seen.append(p.cached),
    )
    assert all(seen) and len(seen) == 4
    assert [r.cells for r in again] == [r.cells for r in first]


def test_shards_split_the_files_without_overlap(tmp_path: Path) -> None:
    files = [
        (SAMPLES / n, n)
        for n in sorted(p.name for p in SAMPLES.iterdir() if not p.name.endswith(".csv"))
    ]
    parts = [{t.shown for t in plan(files, (i, 3))} for i in (1, 2, 3)]
    assert set().union(*parts) == {shown for _, shown in files}
    assert sum(len(p) for p in parts) == len(files)


def test_unreadable_file_gets_a_status(tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    assert file_digest(missing) == ""
    (result,) = run_batch([(missing, "gone.pdf")], tmp_path / "cache", ExtractOptions(jobs=1))
    assert result.status is Status.FAILED
    assert "cannot read" in result.message


def _extract(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "extract",
            str(folder),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_run_killed_halfway_resumes_to_the_same_dataset(tmp_path: Path) -> None:
    folder = copy_samples(
        tmp_path / "many", sorted(p.name for p in SAMPLES.iterdir() if not p.name.endswith(".csv"))
    )
    whole = tmp_path / "whole"
    assert _extract(folder, whole).wait() == 0
    out = tmp_path / "killed"
    child = _extract(folder, out)
    cache = out / CACHE_FOLDER
    deadline = time.time() + 60
    while time.time() < deadline and len(list(cache.rglob("*.json"))) < 3:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _extract(folder, out).wait() == 0
    for name in ("reports", "cells", "checks"):
        a = pd.read_parquet(whole / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        b = pd.read_parquet(out / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        pd.testing.assert_frame_equal(a, b)


def _children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    folder = copy_samples(
        tmp_path / "many",
        ("seed_2023.txt", "city_2024_fmt2021_pdf.pdf", "township_2021_norules.pdf"),
    )
    child = _extract(folder, tmp_path / "out")
    deadline = time.time() + 30
    workers: list[int] = []
    while time.time() < deadline and not workers:
        workers = _children(child.pid)
        time.sleep(0.05)
    assert workers, "no worker started"
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for pid in alive:  # leave no orphan behind, whatever the outcome
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not alive


def _inconsistent_page(tmp_path: Path) -> Path:
    """A folder with a web page whose 行政复议 block does not add up (79 printed as 82)."""
    folder = tmp_path / "in"
    folder.mkdir()
    page = (SAMPLES / "bureau_2022_web_gbk.html").read_bytes()
    printed = b"<td><p>79</p></td><td><p>37</p></td>"
    assert page.count(printed) == 1
    (folder / "inconsistent.html").write_bytes(
        page.replace(printed, b"<td><p>82</p></td><td><p>37</p></td>")
    )
    return folder


@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("soffice") is None,
    reason="needs Chromium and LibreOffice to print files for their second reading",
)
def test_second_readings_run_under_the_workers_memory_ceiling(tmp_path: Path) -> None:
    # Chromium will not start under a few GB of address space: the worker's ceiling is
    # lifted for the programs it runs, and their second readings come back.
    folder = _inconsistent_page(tmp_path)
    results = run_batch(_files(folder), tmp_path / "cache", ExtractOptions(jobs=1))
    (result,) = results
    failed = [c for c in result.checks if c.failed]
    assert [(c.check, c.scope, c.verdict) for c in failed] == [
        ("t4.block_total", "r1.review_total", "printed")
    ]
    reread = {c.col: c.reread for c in result.cells if c.reread is not None}
    assert reread == {
        "review_upheld": "82",
        "review_corrected": "37",
        "review_other": "5",
        "review_pending": "14",
        "review_total": "135",
    }


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium to print pages")
def test_without_second_readings_the_cache_is_kept_apart(tmp_path: Path) -> None:
    folder = _inconsistent_page(tmp_path)
    once = ExtractOptions(jobs=1, second_reading=False)
    (result,) = run_batch(_files(folder), tmp_path / "cache", once)
    assert [c.verdict for c in result.checks if c.failed] == ["printed"]
    assert all(c.reread is None for c in result.cells)
    # The same cache, with second readings: the file is read again, not taken from it.
    (result,) = run_batch(_files(folder), tmp_path / "cache", ExtractOptions(jobs=1))
    assert sum(1 for c in result.cells if c.reread is not None) == 5
