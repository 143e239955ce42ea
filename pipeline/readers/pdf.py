"""PDF with a text layer: pypdfium2 for a fast pass over every page, pdfplumber for the
pages that hold the tables (ruled cells, or words grouped into lines with positions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from pipeline.records import Document, Line, ReadError, Status, TextCell

PagePredicate = Callable[[str], bool]

# Lines only a page number: "3", "- 3 -", "第 3 页", "3/12", "第3页 共12页".
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+\s*(/\s*\d+)?)[-—–\s]*$")
# Top and bottom bands of a page where running heads and page numbers live.
MARGIN_FRACTION = 0.08


def _open_pdfium(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        text = str(error)
        if "password" in text.lower():
            raise ReadError(
                Status.FAILED, "the PDF is encrypted and needs a password to open"
            ) from error
        raise ReadError(
            Status.FAILED, f"not a readable PDF (damaged or truncated): {text}"
        ) from error


def _page_texts(document: pdfium.PdfDocument) -> list[str]:
    texts = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
        textpage.close()
        page.close()
    return texts


def _plain_lines(text: str, page: int) -> Iterator[Line]:
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and not _PAGE_NUMBER.match(stripped):
            yield Line((TextCell(stripped),), page=page)


def _word_lines(words: list[dict[str, Any]], page: int, height: float) -> list[tuple[float, Line]]:
    """Group words into lines by their vertical position, and a line into cells by gaps."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= max(2.0, 0.4 * word["size"]):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[tuple[float, Line]] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        cells: list[list[dict[str, Any]]] = [[row[0]]]
        for word in row[1:]:
            previous = cells[-1][-1]
            if word["x0"] - previous["x1"] <= 0.9 * word["size"]:
                cells[-1].append(word)
            else:
                cells.append([word])
        line = Line(
            tuple(TextCell(" ".join(w["text"] for w in c), c[0]["x0"], c[-1]["x1"]) for c in cells),
            page=page,
        )
        top = row[0]["top"]
        in_margin = top < height * MARGIN_FRACTION or top > height * (1 - MARGIN_FRACTION)
        if in_margin and _PAGE_NUMBER.match(line.text):
            continue
        lines.append((top, line))
    return lines


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return bool(x0 <= cx <= x1 and top <= cy <= bottom)


def _table_page_lines(page: Any, number: int) -> list[Line]:
    """Ruled tables as grid rows, everything else as positioned word lines, top to bottom."""
    page = page.dedupe_chars()
    tables = page.find_tables()
    items: list[tuple[float, Line]] = []
    for table in tables:
        for row, texts in zip(table.rows, table.extract(), strict=False):
            cells = []
            for bbox, text in zip(row.cells, texts, strict=False):
                if bbox is None:
                    continue
                cells.append(TextCell((text or "").strip(), bbox[0], bbox[2]))
            if any(c.text for c in cells):
                items.append((row.bbox[1], Line(tuple(cells), page=number, grid=True)))
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])
    loose = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    items.extend(_word_lines(loose, number, float(page.height)))
    items.sort(key=lambda item: item[0])
    return [line for _, line in items]


def read_pdf(path: Path, table_page: PagePredicate = lambda text: True) -> Document:
    """Read a text-layer PDF; ``table_page`` says from a page's text whether it holds tables."""
    document = _open_pdfium(path)
    try:
        texts = _page_texts(document)
    finally:
        document.close()
    if not texts:
        raise ReadError(Status.FAILED, "the PDF has no pages")
    if not any(t.strip() for t in texts):
        raise ReadError(
            Status.FAILED,
            "the PDF has no text layer (a scan?): OCR is not supported yet, so no table was read",
        )
    wanted = [i for i, text in enumerate(texts) if table_page(text)]
    detailed: dict[int, list[Line]] = {}
    if wanted:
        try:
            with pdfplumber.open(str(path), pages=[i + 1 for i in wanted]) as pdf:
                for index, page in zip(wanted, pdf.pages, strict=True):
                    detailed[index] = _table_page_lines(page, index + 1)
        except Exception:  # noqa: BLE001 - pdfminer raises many kinds; fall back to pdfium's text
            detailed = {}
    lines: list[Line] = []
    for index, text in enumerate(texts):
        lines.extend(detailed.get(index) or _plain_lines(text, index + 1))
    return Document(format="pdf", lines=tuple(lines), pages=len(texts), method="text")
