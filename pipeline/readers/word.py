"""Word (.docx) with python-docx: paragraphs and tables in body order.

Merged cells are read from the XML so each printed cell appears once: a horizontal merge
(gridSpan) is one cell, a vertical merge continuation (vMerge) is an empty cell. A cell
that holds tables (a layout table) is read as the paragraphs and tables it contains.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from pipeline.records import Document, Line, ReadError, Status, TextCell

# A .docx is a zip; refuse ones that would inflate past this (zip bombs).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


def _text(element: Any) -> str:
    """All text of the paragraphs directly inside ``element``, one line per paragraph."""
    parts = []
    for paragraph in element.iterchildren(qn("w:p")):
        parts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(p for p in parts if p.strip())


def _table_lines(table: Any) -> Iterator[Line]:
    for tr in table.iterchildren(qn("w:tr")):
        tcs = list(tr.iterchildren(qn("w:tc")))
        if any(tc.find(qn("w:tbl")) is not None for tc in tcs):
            # A layout row: its cells hold paragraphs and tables, read in order.
            for tc in tcs:
                yield from _body_lines(tc)
            continue
        cells = tuple(TextCell(_text(tc).strip()) for tc in tcs)
        if any(c.text for c in cells):
            yield Line(cells, grid=True)


def _body_lines(body: Any) -> Iterator[Line]:
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                yield Line((TextCell(text),))
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_lines(content)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as error:
        raise ReadError(Status.FAILED, f"not a readable .docx (bad zip: {error})") from error
    if size > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            Status.FAILED,
            f"the .docx would inflate to {size // 2**20} MiB (over "
            f"{MAX_UNCOMPRESSED_BYTES // 2**20} MiB): refused as a likely zip bomb",
        )


def read_docx(path: Path) -> Document:
    _check_zip(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ReadError(Status.FAILED, f"not a readable .docx: {error}") from error
    return Document(format="docx", lines=tuple(_body_lines(document.element.body)), method="docx")
