"""The package's own namespace (``pipeline/__init__.py``): what a notebook imports."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

import pipeline
from pipeline.output.dataset import Frames
from pipeline.run.api import extract_results, extract_to, find_inputs
from tests.conftest import ROOT


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run in a new interpreter (here every module is imported already)."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_entry_points_are_those_of_the_runner() -> None:
    assert (pipeline.extract_results, pipeline.extract_to) == (extract_results, extract_to)
    assert pipeline.find_inputs is find_inputs
    assert sorted(pipeline.__all__) == [
        "Frames",
        "extract",
        "extract_results",
        "extract_to",
        "find_inputs",
    ]
    done = _fresh(
        "import pipeline, pipeline.run.api as api; assert pipeline.extract is api.extract"
    )
    assert done.returncode == 0, done.stderr


def test_the_entry_point_stays_the_function_once_the_stage_chain_is_imported() -> None:
    done = _fresh(
        "import pipeline, pipeline.run.api as api\n"
        "import pipeline.chain\n"
        "from pipeline import extract\n"
        "assert extract is api.extract, extract"
    )
    assert done.returncode == 0, done.stderr


def test_frames_are_found_when_asked_for() -> None:
    assert pipeline.Frames is Frames


def test_other_names_are_not_found() -> None:
    with pytest.raises(AttributeError, match="Nothing"):
        pipeline.Nothing  # noqa: B018


def test_the_version_is_the_projects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pipeline.__version__ == project["version"]
