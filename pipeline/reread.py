"""Second readings: the cells of failed relations read a second way, so that a misreading
can be told from an inconsistency the report really prints. A PDF cell's picture is read
by OCR; a Word file or web page is printed to PDF and read as a PDF. Cells read by OCR
were already read twice; text files have no second reading.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline import readers
from pipeline.locate import locate
from pipeline.locate.pages import holds_tables
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import decide_templates
from pipeline.records import CellKey, CellValue, Method, ReadError, Stated


def read_again(
    path: Path,
    kind: str,
    cells: list[CellValue],
    doubted: set[CellKey],
    stated: Stated,
) -> list[CellValue]:
    """The cells named in ``doubted`` with their second reading in ``reread``."""
    targets = [i for i, c in enumerate(cells) if c.key in doubted and c.method != Method.OCR]
    if not targets:
        return cells
    if kind == "pdf":
        second = _pictures_read(path, cells, targets)
    else:
        printed = _as_printed(path, kind, stated)
        second = {i: printed[cells[i].key] for i in targets if cells[i].key in printed}
    out = list(cells)
    for i, text in second.items():
        out[i] = replace(cells[i], reread=text)
    return out


def _pictures_read(path: Path, cells: list[CellValue], targets: list[int]) -> dict[int, str]:
    """The text OCR reads in the picture of each target cell of a PDF: index → text."""
    places = [
        (i, (c.page, c.box))
        for i, c in ((i, cells[i]) for i in targets)
        if c.page is not None and c.box is not None
    ]
    texts = readers.read_pictures(path, [place for _, place in places])
    if texts is None:
        return {}
    return {i: text for (i, _), text in zip(places, texts, strict=True)}


def _as_printed(path: Path, kind: str, stated: Stated) -> dict[CellKey, str]:
    """The cells of a file printed to PDF (:func:`readers.render_pdf`), as the PDF reader
    reads them: key → text; empty when the format cannot be printed."""
    with tempfile.TemporaryDirectory(prefix="ogi-print-") as work:
        pdf = readers.render_pdf(path, kind, Path(work))
        if pdf is None:
            return {}
        try:
            document = readers.read(pdf, holds_tables)
        except ReadError:
            return {}
    located = locate(document.lines)
    cells = to_cells(located.matches, decide_templates(located.matches), stated=stated)
    return {c.key: c.raw for c in cells if not c.flag}
