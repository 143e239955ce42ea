from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from pipeline.run import options
from pipeline.run.options import ExtractOptions, fingerprint


def test_defaults() -> None:
    default = ExtractOptions()
    assert default.second_reading is True
    assert default.jobs == max(1, os.cpu_count() or 1)
    assert default.timeout == 120.0
    assert default.memory_mb == 4096
    assert default.force is False


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ExtractOptions().force = True  # type: ignore[misc]


def test_cache_key_is_the_fingerprint_with_second_readings() -> None:
    assert ExtractOptions().cache_key() == fingerprint()


def test_cache_key_without_second_readings_is_kept_apart() -> None:
    assert ExtractOptions(second_reading=False).cache_key() == fingerprint() + "-once"


def test_limits_parallelism_and_force_do_not_change_the_cache_key() -> None:
    other = ExtractOptions(jobs=7, timeout=1.5, memory_mb=100, force=True)
    assert other.cache_key() == ExtractOptions().cache_key()


def test_fingerprint_is_sixteen_hex_digits_and_stable() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint())
    assert fingerprint() == fingerprint()


def _package(root: Path) -> Path:
    """A tiny stand-in for the package: the fingerprint hashes the folder above run/."""
    (root / "run").mkdir(parents=True)
    (root / "spec").mkdir()
    (root / "run" / "options.py").write_text("X = 1\n", encoding="utf-8")
    (root / "spec" / "tables.yaml").write_text("a: 1\n", encoding="utf-8")
    return root / "run" / "options.py"


def _fingerprint_of(module_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(options, "__file__", str(module_file))
    return fingerprint.__wrapped__()  # type: ignore[attr-defined, no-any-return]


def test_fingerprint_changes_with_code_and_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _package(tmp_path / "pkg")
    first = _fingerprint_of(module, monkeypatch)
    (tmp_path / "pkg" / "spec" / "tables.yaml").write_text("a: 2\n", encoding="utf-8")
    second = _fingerprint_of(module, monkeypatch)
    module.write_text("X = 2\n", encoding="utf-8")
    third = _fingerprint_of(module, monkeypatch)
    assert len({first, second, third}) == 3


def test_fingerprint_changes_when_a_file_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _package(tmp_path / "pkg")
    first = _fingerprint_of(module, monkeypatch)
    spec = tmp_path / "pkg" / "spec"
    (spec / "tables.yaml").rename(spec / "other.yaml")
    assert _fingerprint_of(module, monkeypatch) != first


def test_fingerprint_ignores_caches_and_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _package(tmp_path / "pkg")
    first = _fingerprint_of(module, monkeypatch)
    cached = tmp_path / "pkg" / "run" / "__pycache__"
    cached.mkdir()
    (cached / "options.py").write_text("stale", encoding="utf-8")
    (tmp_path / "pkg" / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / "pkg" / "run" / "data.csv").write_text("1,2", encoding="utf-8")
    assert _fingerprint_of(module, monkeypatch) == first
