"""Legacy office files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice in
headless mode, then read as Word. Where LibreOffice is not installed, a status says what
to install. Word files are also printed to PDF here, for the second reading of cells in
doubt (:func:`pipeline.readers.render_pdf`). This module owns the LibreOffice subprocess."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.limits import lift_memory_limit
from pipeline.readers.word import read_docx
from pipeline.records import Document, PictureReader, ReadError, Status

CONVERT_SECONDS = 120
INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui)"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, kind: str, target: str, work: Path) -> Path:
    """``path`` (Word or WPS content of ``kind``) converted by LibreOffice to ``target``
    (docx, pdf) in ``work``."""
    binary = libreoffice()
    if binary is None:
        raise ReadError(Status.FAILED, f"{kind} files need LibreOffice to be read: {INSTALL_HINT}")
    # LibreOffice decides the filter from the suffix: give it one that fits the content.
    source = work / f"input.{'doc' if kind == 'wps' else kind}"
    shutil.copyfile(path, source)
    try:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--convert-to", target, "--outdir", str(work), str(source)],
            check=True, capture_output=True, preexec_fn=lift_memory_limit, timeout=CONVERT_SECONDS,
        )  # fmt: skip
    except subprocess.TimeoutExpired as error:
        raise ReadError(
            Status.FAILED, f"LibreOffice took over {CONVERT_SECONDS} s to convert it"
        ) from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()[:200]
        raise ReadError(Status.FAILED, f"LibreOffice could not convert it: {detail}") from error
    converted = work / f"input.{target}"
    if not converted.exists():
        raise ReadError(Status.FAILED, "LibreOffice could not convert it (no output)")
    return converted


def read_office(path: Path, kind: str, read_picture: PictureReader | None = None) -> Document:
    """Convert ``path`` (.doc, .wps, .rtf or .odt content) to .docx and read that (its
    pictures by ``read_picture``, where there is one)."""
    with tempfile.TemporaryDirectory(prefix="ogi-office-") as work:
        document = read_docx(convert(path, kind, "docx", Path(work)), read_picture)
    method = "libreoffice" + ("+ocr" if document.method.endswith("+ocr") else "")
    return Document(
        format=kind, lines=document.lines, pages=document.pages, method=method,
        notes=document.notes,
    )  # fmt: skip
