from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pipeline.records import Metadata, ReportResult, Status
from pipeline.run.api import extract_results

if TYPE_CHECKING:
    from synth.corpus import Spec as SynthSpec

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_results() -> dict[str, ReportResult]:
    """Every sample extracted once for the whole session, by file name."""
    return {Path(r.path).name: r for r in extract_results([SAMPLES])}


def report_result(**fields: Any) -> ReportResult:
    """A result with plain defaults (an ``ok`` 2021 report of a text file, with no cells,
    checks or metadata), the ``fields`` given changed."""
    base: dict[str, Any] = {
        "report_id": "r",
        "path": "report.txt",
        "format": "txt",
        "pages": None,
        "metadata": Metadata(),
        "template": "fmt2021",
        "status": Status.OK,
        "message": "",
    }
    return ReportResult(**{**base, **fields})


def township_pdf_spec(name: str, number_style: str) -> SynthSpec:
    """The synthetic corpus's spec of a township's 2021-format report printed by reportlab
    as a PDF without rules (header repeated on each page, plain text layer), its numbers
    in ``number_style``."""
    from synth.corpus import Spec

    return Spec(
        name=name,
        producer="rl_pdf_none",
        template="fmt2021",
        scale="township",
        number_style=number_style,
        labels="official",
        pages="repeat_header",
        text_layer="plain",
        rules="none",
        inconsistent=False,
        negative="none",
        expected_status="ok",
    )


def copy_samples(folder: Path, names: Iterable[str]) -> Path:
    """``folder``, made, with a copy of each named file of samples/."""
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder
