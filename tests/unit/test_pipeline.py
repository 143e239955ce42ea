"""The package's own namespace (``pipeline/__init__.py``): what a notebook imports."""

from __future__ import annotations

import tomllib

import pytest

import pipeline
from pipeline.output.dataset import Frames
from pipeline.run.api import extract, extract_results, extract_to, find_inputs
from tests.conftest import ROOT


def test_the_entry_points_are_those_of_the_runner() -> None:
    assert (pipeline.extract, pipeline.extract_results) == (extract, extract_results)
    assert (pipeline.extract_to, pipeline.find_inputs) == (extract_to, find_inputs)
    assert sorted(pipeline.__all__) == [
        "Frames",
        "extract",
        "extract_results",
        "extract_to",
        "find_inputs",
    ]


def test_frames_are_found_when_asked_for() -> None:
    assert pipeline.Frames is Frames


def test_other_names_are_not_found() -> None:
    with pytest.raises(AttributeError, match="Nothing"):
        pipeline.Nothing  # noqa: B018


def test_the_version_is_the_projects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pipeline.__version__ == project["version"]
