"""The Dask executor: the same per-file extraction on a cluster, a scheduler's address
or a local cluster of worker processes. Results are cached exactly as by the local
executor (the cache folder must be reachable from every worker, e.g. on a shared file
system), and the one runner in front (:mod:`pipeline.run.runner`) does the rest, so a
cluster run and a local run give one dataset.

Dask cannot stop a task that runs too long; the per-file time limit of local runs does
not apply here (the memory ceiling is the worker's own, set when the cluster starts).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

from pipeline.chain import extract_file
from pipeline.records import ReportResult
from pipeline.run.cache import Cache
from pipeline.run.options import ExtractOptions
from pipeline.run.tasks import Task


def extract_task(task: Task, cache_folder: str, options: ExtractOptions) -> ReportResult:
    """Run on a worker: extract one file and put the result in the shared cache."""
    result = extract_file(task.path, task.shown, options)
    Cache(Path(cache_folder), options.cache_key()).put(task.digest, result)
    return result


class DaskExecutor:
    """Files read on ``scheduler`` (an address, or ``local`` for a local cluster of
    ``options.jobs`` processes)."""

    def __init__(self, scheduler: str, options: ExtractOptions, cache_folder: Path) -> None:
        self.scheduler = scheduler
        self.options = options
        self.cache_folder = cache_folder

    def __call__(self, tasks: Sequence[Task]) -> Iterator[tuple[Task, ReportResult, float | None]]:
        cluster = None
        if self.scheduler == "local":
            cluster = LocalCluster(
                n_workers=self.options.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        try:
            with Client(cluster if cluster is not None else self.scheduler) as client:
                futures = {
                    client.submit(
                        extract_task, task, str(self.cache_folder), self.options, pure=False
                    ): task
                    for task in tasks
                }
                for future in as_completed(futures):
                    yield futures[future], future.result(), None
        finally:
            if cluster is not None:
                cluster.close()
