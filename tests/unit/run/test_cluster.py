"""The Dask backend runs the same per-file function and yields the same dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from distributed import LocalCluster

from pipeline.run.api import run_to_folder
from pipeline.run.options import ExtractOptions
from tests.conftest import SAMPLES, copy_samples

NAMES = [
    "seed_2023.txt",
    "city_2024_fmt2021.docx",
    "bureau_2022_markdown.md",
    "county_2022_hrules.pdf",
]


def test_a_dask_run_equals_a_local_run(tmp_path: Path) -> None:
    source = copy_samples(tmp_path / "in", NAMES)
    shutil.copy(SAMPLES / "seed_2023.txt", source / "again.txt")
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_to_folder([source], local, ExtractOptions(jobs=1))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        summary = run_to_folder(
            [source], remote, ExtractOptions(jobs=2), scheduler=cluster.scheduler_address
        )
    assert sum(files for _, files, _, _ in summary) == len(NAMES) + 1
    for name in ("reports", "cells", "checks", "facts", "panel"):
        a = pd.read_parquet(local / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        b = pd.read_parquet(remote / f"{name}.parquet").drop(columns=["seconds"], errors="ignore")
        pd.testing.assert_frame_equal(a, b, check_like=True)
