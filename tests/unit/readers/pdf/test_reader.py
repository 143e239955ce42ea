"""``read_pdf``: pages read from their text layer or by OCR, and the notes on what could
not be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.readers.pdf import reader
from pipeline.readers.pdf.reader import _spans, read_pdf
from pipeline.records import Line, ReadError, Status, TextCell
from tests.unit.readers.pdf.drawn import HEIGHT as PAGE_HEIGHT
from tests.unit.readers.pdf.drawn import (
    backwards,
    page,
    picture,
    placed,
    ruled_table,
    text,
    write_pdf,
)

TABLE = ruled_table(72.0, 140.0, [120.0, 60.0, 60.0], [["规章", "1", ""], ["行政许可", "22", "3"]])
HEADING = text(72.0, 100.0, "二、主动公开政府信息情况")


def _ocr(gray: Any, number: int, dpi: float) -> list[Line]:
    return [Line((TextCell(f"OCR of page {number} at {dpi:g} dpi"),), page=number)]


def _failing_ocr(gray: Any, number: int, dpi: float) -> list[Line]:
    raise ReadError(Status.FAILED, "OCR needs OpenCV")


def test_a_table_page_is_read_into_grid_rows(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "table.pdf", [page(HEADING, TABLE)])
    document = read_pdf(path)
    assert (document.format, document.pages, document.method, document.notes) == (
        "pdf", 1, "text", (),
    )  # fmt: skip
    heading, *rows = document.lines
    assert heading.text == "二、主动公开政府信息情况" and not heading.grid
    assert [[c.text for c in row.cells] for row in rows] == [
        ["规章", "1", ""],
        ["行政许可", "22", "3"],
    ]
    assert all(row.grid and row.page == 1 for row in rows)
    assert rows[0].cells[1].x0 == pytest.approx(192.0, abs=0.5)


def test_a_page_without_tables_is_read_as_plain_lines(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "table.pdf", [page(HEADING, TABLE)])
    document = read_pdf(path, table_page=lambda text: False)
    assert all(len(line.cells) == 1 and line.cells[0].x0 is None for line in document.lines)
    assert document.lines[0].text == "二、主动公开政府信息情况"


def test_a_scan_without_ocr_has_no_text_layer(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [picture(0.0, 0.0, 595.0, 842.0)])
    with pytest.raises(ReadError) as raised:
        read_pdf(path)
    assert raised.value.status is Status.FAILED
    assert raised.value.message == (
        "the PDF has no text layer (a scan?) and OCR is not available, so no table was read"
    )


def test_a_scan_is_read_by_ocr_with_its_own_text_first(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "scan.pdf",
        [page(text(72.0, 40.0, "图1"), picture(0.0, 60.0, 595.0, 700.0)), page(HEADING, TABLE)],
    )
    document = read_pdf(path, ocr=_ocr)
    assert document.method == "text+ocr"
    assert [line.text for line in document.lines[:2]] == ["图1", "OCR of page 1 at 200 dpi"]
    assert document.notes == ("page 1 read by OCR",)
    assert not document.unread


def test_a_pdf_read_wholly_by_ocr_says_so(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [picture(0.0, 0.0, 595.0, 842.0)] * 2)
    document = read_pdf(path, ocr=_ocr)
    assert (document.method, document.pages) == ("ocr", 2)
    assert document.notes == ("page 1-2 read by OCR",)


def test_when_ocr_fails_the_pages_are_named_with_the_reason(tmp_path: Path) -> None:
    pictured = page(text(72.0, 40.0, "图1"), picture(0.0, 60.0, 595.0, 700.0))
    path = write_pdf(tmp_path / "scan.pdf", [pictured, page(HEADING, TABLE), pictured])
    document = read_pdf(path, ocr=_failing_ocr)
    assert document.method == "text"
    assert document.notes == (
        "page 1, 3 shows its content as images (a scan, or tables pasted in as pictures) "
        "and OCR could not run: OCR needs OpenCV",
    )
    assert document.unread


def test_a_garbled_page_is_named_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "garbled", lambda text: "规章" in text)
    path = write_pdf(tmp_path / "table.pdf", [page(HEADING), page(TABLE)])
    document = read_pdf(path)
    assert document.notes == (
        "the text layer of page 2 is garbled (fonts without a Unicode map) and OCR is not "
        "available",
    )
    # given OCR, the garbled page is read by it
    read = read_pdf(path, ocr=_ocr)
    assert read.lines[-1].text == "OCR of page 2 at 200 dpi"
    assert read.notes == ("page 2 read by OCR",)


def test_page_numbers_are_written_as_spans() -> None:
    assert _spans([1, 2, 3, 7]) == "1-3, 7"
    assert _spans([4]) == "4"
    assert _spans([1, 3, 4, 6, 7, 8]) == "1, 3-4, 6-8"
    assert _spans([]) == ""


def test_a_page_whose_text_layer_runs_back_to_front_is_read_by_position(
    tmp_path: Path,
) -> None:
    # each run listed last character first (as cairo writes them), placed in reading order
    title = backwards(72.0, 60.0, "淮安市人民政府2022年政府信息公开工作年度报告")
    heading = backwards(72.0, 100.0, "二、主动公开政府信息情况")
    row = page(backwards(72.0, 130.0, "行政许可"), backwards(200.0, 130.0, "22"),
               backwards(260.0, 130.0, "315"))  # fmt: skip
    path = write_pdf(tmp_path / "backwards.pdf", [page(title), page(heading, row)])
    seen: list[str] = []

    def table_page(text: str) -> bool:
        seen.append(text)
        return "主动公开" in text

    document = read_pdf(path, table_page)
    assert list(dict.fromkeys(seen)) == [  # each page's text, as it is drawn
        "淮安市人民政府2022年政府信息公开工作年度报告",
        "二、主动公开政府信息情况\n行政许可 22 315",
    ]
    assert [[c.text for c in line.cells] for line in document.lines] == [
        ["淮安市人民政府2022年政府信息公开工作年度报告"],
        ["二、主动公开政府信息情况"],
        ["行政许可", "22", "315"],
    ]
    assert [line.page for line in document.lines] == [1, 2, 2]


def test_a_row_a_page_break_cut_in_two_is_read_as_one(tmp_path: Path) -> None:
    # a browser left the row's numbers at the foot of page 1 and its label atop page 2
    numbers = ruled_table(72.0, PAGE_HEIGHT - 120.0, [120.0, 60.0, 60.0], [["", "22", "3"]])
    label = ruled_table(72.0, 60.0, [120.0, 60.0, 60.0], [["行政许可", "", ""]])
    after = ruled_table(72.0, 80.0, [120.0, 60.0, 60.0], [["行政处罚", "5", "0"]])
    path = write_pdf(tmp_path / "cut.pdf", [page(HEADING, numbers), page(label, after)])
    rows = [[c.text for c in line.cells] for line in read_pdf(path).lines if line.grid]
    assert rows == [["行政许可", "22", "3"], ["行政处罚", "5", "0"]]


def test_a_number_whose_digits_are_drawn_over_one_another_out_of_order_is_in_doubt(
    tmp_path: Path,
) -> None:
    # as a producer that lost the font's widths draws them: 2.2 points apart, 5 wide; the
    # text layer lists 342693, the page shows the 9 left of the 6
    unsure = [("3", 0.0), ("4", 2.2), ("2", 4.4), ("6", 8.8), ("9", 6.6), ("3", 11.0)]
    sure = [(ch, 2.2 * i) for i, ch in enumerate("110105")]
    path = write_pdf(
        tmp_path / "overdrawn.pdf",
        [page(HEADING, text(72.0, 140.0, "行政许可"), placed(200.0, 140.0, unsure),
              placed(300.0, 140.0, sure))],
    )  # fmt: skip
    _, row = read_pdf(path).lines
    assert [(c.text, c.order_unsure) for c in row.cells] == [
        ("行政许可", False),
        ("342963", True),
        ("110105", False),
    ]
