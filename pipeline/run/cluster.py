"""The same per-file extraction on a Dask cluster: a scheduler's address, or a local
cluster of worker processes. Results are cached exactly as by the local runner (the
cache folder must be reachable from every worker, e.g. on a shared file system), and the
dataset is written by the caller, so a cluster run and a local run give one dataset.

Dask cannot stop a task that runs too long; the per-file time limit of local runs does
not apply here (the memory ceiling is the worker's own, set when the cluster starts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

from pipeline.extract import extract_file
from pipeline.records import ReportResult
from pipeline.run.batch import WORKER_FAILURES, Cache, Progress, Task


def extract_task(task: Task, cache_folder: str, second_reading: bool = True) -> ReportResult:
    """Run on a worker: extract one file and put the result in the shared cache."""
    result = extract_file(task.path, task.shown, second_reading)
    if not result.message.startswith(WORKER_FAILURES):
        Cache(Path(cache_folder), second_reading).put(task.digest, result)
    return result


def run_on_cluster(
    tasks: Sequence[Task],
    cache_folder: Path,
    scheduler: str,
    jobs: int,
    force: bool = False,
    on_result: Callable[[Progress], None] | None = None,
    second_reading: bool = True,
) -> list[ReportResult]:
    """Extract planned files on ``scheduler`` (an address, or ``local`` for a local
    cluster of ``jobs`` processes); results in task order."""
    store = Cache(cache_folder, second_reading)
    results: dict[str, ReportResult] = {}
    by_digest: dict[str, list[Task]] = {}
    for task in tasks:
        by_digest.setdefault(task.digest or task.shown, []).append(task)
    done = 0

    def record(task: Task, result: ReportResult, cached: bool) -> None:
        nonlocal done
        for twin in by_digest[task.digest or task.shown]:
            results[twin.shown] = replace(result, path=twin.shown)
            done += 1
            if on_result is not None:
                on_result(Progress(done, len(tasks), 0, results[twin.shown], cached))

    todo = []
    for group in by_digest.values():
        hit = None if force or not group[0].digest else store.get(group[0].digest)
        if hit is not None:
            record(group[0], hit, True)
        else:
            todo.append(group[0])
    if todo:
        cluster = None
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
        with Client(cluster if cluster is not None else scheduler) as client:
            futures = {
                client.submit(
                    extract_task, task, str(cache_folder), second_reading, pure=False
                ): task
                for task in todo
            }
            for future in as_completed(futures):
                record(futures[future], future.result(), False)
        if cluster is not None:
            cluster.close()
    return [results[t.shown] for t in tasks if t.shown in results]
