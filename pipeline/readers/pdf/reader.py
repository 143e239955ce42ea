"""The PDF reader's entry, ``read_pdf``: page by page, the text first, to tell garbled,
scanned and table pages; a table page's characters and rules chained through grid rows,
vertical labels, word lines and wrapped numbers into lines; the others' plain text, or
OCR of the drawn page; then the notes on what could not be read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.readers.layout import bands, closed
from pipeline.readers.pdf.chars import Char, text_of
from pipeline.readers.pdf.grid import (
    MIN_ROW,
    SNAP,
    ByHeight,
    cut_row_joined,
    grid_rows,
    rules,
    tall_rows,
)
from pipeline.readers.pdf.pages import (
    PagePredicate,
    garbled,
    pictured,
    plain_lines,
    without_running_heads,
)
from pipeline.readers.pdf.pdfium import RENDER_DPI, Drawing, Page, Pdf
from pipeline.readers.pdf.vertical import vertical_labels
from pipeline.readers.pdf.words import word_lines
from pipeline.readers.pdf.wrapped import joined_over_a_page_break, wrapped_numbers
from pipeline.records import Document, Line, Method, ReadError, Status

# Reads one rendered page (8-bit grey pixels, page number, dpi) into lines: OCR.
PageReader = Callable[[Any, int, float], list[Line]]


def read_pdf(
    path: str | Path,
    table_page: PagePredicate = lambda text: True,
    ocr: PageReader | None = None,
) -> Document:
    """Read a PDF; ``table_page`` says from a page's text whether it holds tables.

    Pages with no text but images (scans), and pages whose text is garbled, are rendered and
    given to ``ocr`` when there is one; otherwise they are named in the notes."""
    pdf = Pdf(str(path))
    reading = _Reading(table_page, ocr, Drawing(str(path)))
    try:
        count = len(pdf)
        for index in range(count):
            with pdf.page(index) as page:
                reading.read(page, index + 1)
    finally:
        pdf.close()
        reading.drawing.close()
    if not count:
        raise ReadError(Status.FAILED, "the PDF has no pages")
    return reading.document(count)


# A page whose text layer lists more than this share of its neighbouring characters back
# to front (:meth:`Page.backward_share`) is read by where its characters are drawn.
OUT_OF_ORDER = 0.25


class TablePage(NamedTuple):
    """A page that holds tables as lines, from the top down, with its first and last grid
    rows, or lines where it has no grid (where a page break may have cut a row in two)."""

    lines: list[Line]
    first_row: Line | None
    last_row: Line | None


def _table_page_lines(page: Page, number: int, chars: list[Char] | None = None) -> TablePage:
    """A page that holds tables as lines: its grid rows, vertical labels and lines of words
    (wrapped numbers joined), from the top down (``chars``: the page's, if read already)."""
    height = page.height()
    if chars is None:
        chars = page.chars(height)
    horizontal, vertical = rules(page.path_bounds(), height)
    horizontal = closed(horizontal, vertical, SNAP, MIN_ROW)
    by_height = ByHeight(chars)
    found = bands(horizontal, vertical, SNAP, MIN_ROW)
    found = tall_rows(found, horizontal, vertical, chars, by_height)
    grid, loose = grid_rows(chars, found, number, by_height)
    labels, loose = vertical_labels(loose, number)
    words = wrapped_numbers(word_lines(loose, number, height), horizontal)
    items = grid + labels + words
    items.sort(key=lambda item: item[0])
    grid.sort(key=lambda item: item[0])
    ends = grid or items
    return TablePage(
        [line for _, line in items],
        ends[0][1] if ends else None,
        ends[-1][1] if ends else None,
    )


class _Reading:
    """What the pages of one PDF gave, page by page: their lines, the heights of the table
    pages, and which pages were garbled, scanned or read by OCR (until OCR fails once)."""

    def __init__(self, table_page: PagePredicate, ocr: PageReader | None, drawing: Drawing) -> None:
        self.table_page = table_page
        self.ocr = ocr
        self.drawing = drawing
        self.lines: list[Line] = []
        self.any_text = False
        self.garbage: list[int] = []
        self.scanned: list[int] = []
        self.read_by_ocr: list[int] = []
        self.heights: dict[int, float] = {}
        self.ocr_error: ReadError | None = None
        # where in ``lines`` the last table page's last grid row is
        self.last_row: int | None = None

    def read(self, page: Page, number: int) -> None:
        """Page ``number``'s lines: by OCR if its text is garbled or it shows a picture
        (and OCR can run), else from its text layer."""
        text = page.text()
        chars = None
        if page.backward_share() > OUT_OF_ORDER:
            # its text as the characters are drawn, line by line, not as the layer lists them
            chars = page.chars(page.height())
            text = text_of(chars)
        is_garbage = garbled(text)
        is_scan = not is_garbage and pictured(page, text, self.table_page)
        if (is_garbage or is_scan) and self._by_ocr(text, number, is_scan):
            self.last_row = None
            return
        self.any_text = self.any_text or bool(text.strip())
        if is_garbage:
            self.garbage.append(number)
        elif is_scan:
            self.scanned.append(number)
        if self.table_page(text):
            self.heights[number] = page.height()
            self._add(_table_page_lines(page, number, chars))
        else:
            self.last_row = None
            self.lines.extend(plain_lines(text, number))

    def _add(self, read: TablePage) -> None:
        """A table page's lines, its first row joined to the last page's last where a page
        break cut one row in two, or one number of the row (its head left at the foot)."""
        lines = read.lines
        if read.first_row is not None and self.last_row is not None:
            upper = self.lines[self.last_row]
            joined = cut_row_joined(upper, read.first_row) or joined_over_a_page_break(
                upper, read.first_row
            )
            if joined is not None:
                self.lines[self.last_row] = joined
                lines = [line for line in lines if line is not read.first_row]
                if read.last_row is read.first_row:  # the page is that one row
                    return
        self.last_row = None
        for index, line in enumerate(lines):
            if line is read.last_row:
                self.last_row = len(self.lines) + index
        self.lines.extend(lines)

    def _by_ocr(self, text: str, number: int, is_scan: bool) -> bool:
        """Whether OCR read the drawn page (its lines then taken); False when there is no
        OCR or it failed, on this page or before."""
        if self.ocr is None or self.ocr_error is not None:
            return False
        try:
            read = self.ocr(self.drawing.render(number - 1), number, RENDER_DPI)
            if is_scan:  # its own text first: a cover's title, a caption
                self.lines.extend(plain_lines(text, number))
            self.lines.extend(read)
            self.read_by_ocr.append(number)
            return True
        except ReadError as error:
            self.ocr_error = error
            return False

    def document(self, count: int) -> Document:
        """The document of ``count`` pages read, running heads and feet left out."""
        lines = without_running_heads(self.lines, self.heights)
        missing = "OCR is not available" if self.ocr is None else "OCR could not run"
        if self.ocr_error is not None:
            missing = f"OCR could not run: {self.ocr_error.message}"
        if not self.any_text and not self.read_by_ocr:
            raise ReadError(
                Status.FAILED,
                f"the PDF has no text layer (a scan?) and {missing}, so no table was read",
            )
        if not self.read_by_ocr:
            method = Method.TEXT
        else:
            method = Method.OCR if len(self.read_by_ocr) == count else Method.TEXT.with_ocr()
        return Document(
            format="pdf",
            lines=tuple(lines),
            pages=count,
            method=method,
            notes=tuple(self._notes(missing)),
        )

    def _notes(self, missing: str) -> list[str]:
        """What could not be read, and why (``missing``: how OCR stands)."""
        notes = []
        if self.garbage:
            notes.append(
                f"the text layer of page {_spans(self.garbage)} is garbled (fonts without a "
                f"Unicode map) and {missing}"
            )
        if self.scanned:
            notes.append(
                f"page {_spans(self.scanned)} shows its content as images (a scan, or tables "
                f"pasted in as pictures) and {missing}"
            )
        if self.read_by_ocr:
            notes.append(f"page {_spans(self.read_by_ocr)} read by OCR")
        return notes


def _spans(pages: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    out: list[str] = []
    for page in pages:
        if out and out[-1].split("-")[-1] == str(page - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{page}"
        else:
            out.append(str(page))
    return ", ".join(out)
