"""What a run of ``ogi extract`` is asked to do, as one value passed whole: what changes
the cells (second readings) and the limits and parallelism each file runs under.

Only what changes a file's result enters :meth:`ExtractOptions.cache_key`: a result read
with other limits or another number of workers is the same result.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class ExtractOptions:
    second_reading: bool = True  # read the cells of failed relations a second way
    jobs: int = max(1, os.cpu_count() or 1)  # worker processes
    timeout: float = 120.0  # seconds per file
    memory_mb: int = 4096  # address-space ceiling per worker (OCR maps about 1.7 GB)
    force: bool = False  # ignore the cache

    def cache_key(self) -> str:
        """The extractor's code and the settings that change its results: a cached
        result is reused only under the same key."""
        return fingerprint() + ("" if self.second_reading else "-once")


@cache
def fingerprint() -> str:
    """A hash of the extractor's code and spec: a cached result is reused only by the
    very code that made it."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the whole package, not run/ alone
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".yaml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
