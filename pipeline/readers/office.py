"""Legacy office files (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice in
headless mode, then read as Word. Where LibreOffice is not installed, a status says what
to install. Word files are also printed to PDF here, for the second reading of cells in
doubt (:func:`pipeline.readers.render_pdf`). This module owns the LibreOffice subprocess."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.readers.word import check_zip, read_docx
from pipeline.records import Document, Method, PictureReader, ReadError, Status
from pipeline.run.limits import run_program

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
    profile = _profile(work / "profile")
    try:
        run_program(
            [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", target, "--outdir", str(work), str(source)],
            CONVERT_SECONDS,
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


# A throwaway profile's settings: links to anything outside the document (a picture on
# the web, an address inside the user's network) are never followed.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
<prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def _profile(folder: Path) -> Path:
    """A fresh LibreOffice profile that follows no link out of the document and runs no
    macro (besides the network namespace :func:`run_program` gives it)."""
    (folder / "user").mkdir(parents=True, exist_ok=True)
    (folder / "user" / "registrymodifications.xcu").write_text(_SETTINGS, encoding="utf-8")
    return folder


def read_office(path: Path, kind: str, read_picture: PictureReader | None = None) -> Document:
    """Convert ``path`` (.doc, .wps, .rtf or .odt content) to .docx and read that (its
    pictures by ``read_picture``, where there is one)."""
    if kind == "odt":
        check_zip(path, ".odt")  # before LibreOffice inflates it, with no memory ceiling
    with tempfile.TemporaryDirectory(prefix="ogi-office-") as work:
        document = read_docx(convert(path, kind, "docx", Path(work)), read_picture)
    method = Method.LIBREOFFICE.with_ocr(document.method.by_ocr)
    return Document(
        format=kind, lines=document.lines, pages=document.pages, method=method,
        notes=document.notes,
    )  # fmt: skip
