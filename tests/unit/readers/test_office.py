""".doc, .wps, .rtf and .odt through LibreOffice, and a clear status without it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.chain import extract_file
from pipeline.readers import office
from pipeline.records import Status
from tests.conftest import SAMPLES

SOURCE = SAMPLES / "city_2024_fmt2021.docx"
needs_libreoffice = pytest.mark.skipif(office.libreoffice() is None, reason="LibreOffice missing")


def _convert(target_suffix: str, folder: Path) -> Path:
    binary = office.libreoffice()
    assert binary is not None
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", target_suffix, "--outdir", str(folder), str(SOURCE)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / f"{SOURCE.stem}.{target_suffix}"


@needs_libreoffice
@pytest.mark.parametrize("suffix", ["doc", "rtf", "odt"])
def test_legacy_office_files_read_like_the_word_original(tmp_path: Path, suffix: str) -> None:
    converted = _convert(suffix, tmp_path)
    original = extract_file(SOURCE)
    result = extract_file(converted)
    assert result.format == suffix
    assert result.method == "libreoffice"
    assert result.status is Status.OK
    assert {(c.table, c.row, c.col, c.value) for c in result.cells} == {
        (c.table, c.row, c.col, c.value) for c in original.cells
    }


@needs_libreoffice
def test_a_wps_file_is_read(tmp_path: Path) -> None:
    wps = tmp_path / "report.wps"
    shutil.copy(_convert("doc", tmp_path), wps)
    result = extract_file(wps)
    assert result.format == "wps"
    assert len(result.cells) == 200


def test_without_libreoffice_the_status_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "libreoffice", lambda: None)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    result = extract_file(doc)
    assert result.status is Status.FAILED
    assert "libreoffice-writer-nogui" in result.message
