"""Readers, one module per input format, each turning a file into a :class:`Document`.

:func:`sniff` decides the format from the file's first bytes (the suffix only breaks ties
between text formats); :func:`read` dispatches.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.records import Document, ReadError, Status
from pipeline.text import unify_ideographs

OFFICE_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
SUFFIXES = (
    OFFICE_SUFFIXES
    | {
        ".pdf",
        ".docx",
        ".txt",
        ".md",
        ".markdown",
        ".text",
        ".html",
        ".htm",
        ".mht",
        ".mhtml",
    }
    | IMAGE_SUFFIXES
)


def sniff(path: Path, head: bytes) -> str:
    """The format from the first bytes: pdf, docx, doc, zip, html, mht, md, txt or empty."""
    if not head:
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        return "odt" if "content.xml" in names and "mimetype" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    from pipeline.readers.plain import bom_encoding

    encoding = bom_encoding(head)
    if encoding and encoding != "utf-8-sig":
        # UTF-16 or UTF-32 text: look at it as text, not at its bytes
        head = head.decode(encoding, errors="ignore").encode("utf-8")
    lowered = head[:2048].lower()
    if path.suffix.lower() in {".mht", ".mhtml"} or lowered.lstrip().startswith(b"mime-version"):
        return "mht"
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
        return "html"
    if path.suffix.lower() in {".md", ".markdown"}:
        return "md"
    return "txt"


def not_a_file(path: Path) -> str:
    """Why ``path`` cannot be read as a file ("" when it can): a broken link, a link loop,
    a folder, a named pipe or another special file, no permission."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return (
            "a broken link: what it points to does not exist"
            if path.is_symlink()
            else ("the file is gone")
        )
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a link loop: the link points back to itself"
        return f"cannot read it: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return (
            "a folder that cannot be read (permission denied)"
            if not os.access(path, os.R_OK | os.X_OK)
            else "a folder, not a file"
        )
    if not stat.S_ISREG(mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        return f"not a regular file: {kind}"
    return ""


PagePredicate = Callable[[str], bool]


def read(path: Path, table_page: PagePredicate = lambda text: True) -> Document:
    """Read any supported file; raises :class:`ReadError` with a user-facing message.
    Radicals that stand for characters are the characters (:func:`unify_ideographs`).

    Each reader (and the library it owns) is imported when a file of its kind comes."""
    return _unified(_read(path, table_page))


def _unified(document: Document) -> Document:
    """The document with radicals and compatibility ideographs read as the characters they
    stand for, in every cell (a page copied from a PDF whose fonts share their glyphs)."""
    lines = []
    changed = False
    for line in document.lines:
        texts = [unify_ideographs(cell.text) for cell in line.cells]
        if all(text == cell.text for text, cell in zip(texts, line.cells, strict=True)):
            lines.append(line)
            continue
        changed = True
        cells = tuple(
            replace(cell, text=text) for cell, text in zip(line.cells, texts, strict=True)
        )
        lines.append(replace(line, cells=cells))
    return replace(document, lines=tuple(lines)) if changed else document


def _read(path: Path, table_page: PagePredicate) -> Document:
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = sniff(path, head)
    if kind == "empty":
        raise ReadError(Status.FAILED, "the file is empty (0 bytes)")
    if kind == "pdf":
        from pipeline.readers.ocr import read_page
        from pipeline.readers.pdf import read_pdf

        return read_pdf(path, table_page, read_page)
    if kind == "docx":
        from pipeline.readers.ocr import read_picture
        from pipeline.readers.word import read_docx

        return read_docx(path, read_picture)
    if kind in ("doc", "wps", "rtf", "odt"):
        from pipeline.readers.ocr import read_picture
        from pipeline.readers.office import read_office

        return read_office(path, kind, read_picture)
    if kind in ("html", "mht"):
        from pipeline.readers.html import read_html
        from pipeline.readers.ocr import read_picture

        return read_html(path, read_picture)
    if kind == "md":
        from pipeline.readers.markdown import read_markdown

        return read_markdown(path)
    if kind == "txt":
        from pipeline.readers.plain import read_text

        return read_text(path)
    if kind == "image":
        from pipeline.readers.ocr import read_image

        return read_image(path)
    raise ReadError(Status.FAILED, f"{kind} files are not supported yet")


# A cell to read again: its page and the box that shows it (x0, top, x1, bottom, points).
Place = tuple[int, tuple[float, float, float, float]]


def read_pictures(path: Path, places: Sequence[Place]) -> list[str] | None:
    """Cells of a PDF read from the rendered page by OCR, not from its text layer: a second
    reading, independent of the first. None when OCR cannot run (the first reading then
    stands alone)."""
    if not places:
        return []
    from pipeline.readers.ocr import read_cells
    from pipeline.readers.pdf import read_boxes

    try:
        return read_boxes(path, places, read_cells)
    except ReadError:
        return None


def render_pdf(path: Path, kind: str, work: Path) -> Path | None:
    """The file as a reader of it sees it, printed to a PDF in ``work``: a Word file by
    LibreOffice, a web page by Chromium. None for other formats, or when the tool is
    missing or fails (there is then no second reading)."""
    try:
        if kind in ("docx", "doc", "wps", "rtf", "odt"):
            from pipeline.readers.office import convert

            return convert(path, kind, "pdf", work)
        if kind == "html":
            from pipeline.readers.browser import print_pdf
            from pipeline.readers.html import page_text

            return print_pdf(page_text(path), work)
    except ReadError:
        return None
    return None
