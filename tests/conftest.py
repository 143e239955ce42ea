from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.records import ReportResult
from pipeline.run.api import extract_results

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_results() -> dict[str, ReportResult]:
    """Every sample extracted once for the whole session, by file name."""
    return {Path(r.path).name: r for r in extract_results([SAMPLES])}
