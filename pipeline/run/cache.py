"""Results on disk, keyed by a file's content and :meth:`ExtractOptions.cache_key`, so
that a rerun, or a run after an interruption, reads only what is new."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pipeline.records import ReportResult, result_from_data, result_to_data
from pipeline.run.tasks import worker_failure

CACHE_FOLDER = ".ogi-cache"


class Cache:
    """One JSON file per (content, key) pair, written atomically. Results read under
    another key (other code, or without second readings) are kept apart."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.version = key

    def _path(self, digest: str) -> Path:
        return self.folder / self.version / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> ReportResult | None:
        """The result cached for these bytes, or None (a damaged or foreign entry is
        none: JSON is read as data, so an entry someone else wrote cannot run code)."""
        path = self._path(digest)
        if not digest or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return result_from_data(data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, digest: str, result: ReportResult) -> None:
        """Keep ``result`` for these bytes; a failure of the worker is not kept."""
        if not digest or worker_failure(result):
            return
        path = self._path(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(result_to_data(result), stream, ensure_ascii=False)
        os.replace(temporary, path)
