"""Results on disk, keyed by a file's content and :meth:`ExtractOptions.cache_key`, so
that a rerun, or a run after an interruption, reads only what is new. A result is kept as
plain JSON data (``result_to_data``), which cannot run code when read."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.records import (
    CellKey,
    CellValue,
    CheckResult,
    Fact,
    Flag,
    Metadata,
    Method,
    Region,
    ReportResult,
    Status,
    Verdict,
)
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


def result_to_data(result: ReportResult) -> dict[str, object]:
    """A result as JSON-ready data (dicts, lists, numbers, strings, None)."""
    data: dict[str, object] = {}
    for name in ReportResult.__dataclass_fields__:
        value = getattr(result, name)
        if name in ("cells", "checks", "facts"):
            data[name] = [_fields(item) for item in value]
        elif name in ("metadata", "region"):
            data[name] = _fields(value)
        elif name == "status":
            data[name] = str(value)
        else:
            data[name] = list(value) if isinstance(value, tuple) else value
    return data


def result_from_data(data: dict[str, Any]) -> ReportResult:
    """The result ``result_to_data`` wrote; raises ValueError or TypeError (or KeyError)
    on data of another shape."""
    return ReportResult(
        report_id=str(data["report_id"]),
        path=str(data["path"]),
        format=str(data["format"]),
        pages=data["pages"],
        metadata=Metadata(**data["metadata"]),
        template=str(data["template"]),
        status=Status(data["status"]),
        message=str(data["message"]),
        cells=tuple(_cell_from_data(c) for c in data["cells"]),
        checks=tuple(
            CheckResult(**{**c, "verdict": Verdict(c["verdict"]), "cells": _keys(c["cells"])})
            for c in data["checks"]
        ),
        method=Method(data["method"]),
        seconds=float(data["seconds"]),
        facts=tuple(Fact(**f) for f in data["facts"]),
        region=Region(**data["region"]),
    )


def _cell_from_data(data: dict[str, Any]) -> CellValue:
    box = tuple(data["box"]) if data.get("box") else None
    closed = {"flag": Flag(data["flag"]), "method": Method(data["method"])}
    return CellValue(**{**data, **closed, "box": box})


def _keys(data: list[str]) -> tuple[CellKey, ...]:
    return tuple(CellKey.parse(key) for key in data)


def _fields(record: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in record.__dataclass_fields__:  # type: ignore[attr-defined]
        value = getattr(record, name)
        out[name] = [_plain(v) for v in value] if isinstance(value, tuple) else value
    return out


def _plain(value: object) -> object:
    """A cell key as its dotted text; anything else as it is."""
    return value.dotted() if isinstance(value, CellKey) else value
