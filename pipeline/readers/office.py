"""Legacy office files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice in
headless mode, then read as Word. Where LibreOffice is not installed, a status says what
to install."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.readers.word import read_docx
from pipeline.records import Document, ReadError, Status

CONVERT_SECONDS = 120
INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui)"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(path: Path, kind: str) -> Document:
    """Convert ``path`` (.doc, .wps, .rtf or .odt content) to .docx and read that."""
    binary = libreoffice()
    if binary is None:
        raise ReadError(Status.FAILED, f"{kind} files need LibreOffice to be read: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="ogi-office-") as work:
        # LibreOffice decides the filter from the suffix: give it one that fits the content.
        source = Path(work) / f"input.{'doc' if kind == 'wps' else kind}"
        shutil.copyfile(path, source)
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation=file://{work}/profile", "--headless",
                 "--convert-to", "docx", "--outdir", work, str(source)],
                check=True, capture_output=True, timeout=CONVERT_SECONDS,
            )  # fmt: skip
        except subprocess.TimeoutExpired as error:
            raise ReadError(
                Status.FAILED, f"LibreOffice took over {CONVERT_SECONDS} s to convert it"
            ) from error
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode("utf-8", "replace").strip()[:200]
            raise ReadError(Status.FAILED, f"LibreOffice could not convert it: {detail}") from error
        converted = Path(work) / "input.docx"
        if not converted.exists():
            raise ReadError(Status.FAILED, "LibreOffice could not convert it (no output)")
        document = read_docx(converted)
    return Document(format=kind, lines=document.lines, pages=document.pages, method="libreoffice")
