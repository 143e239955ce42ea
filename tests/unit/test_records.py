"""The records passed between the stages, and results as plain data (the cache)."""

from __future__ import annotations

import json

import pytest

from pipeline.records import (
    FRAME_NAMES,
    CellValue,
    CheckResult,
    Document,
    Fact,
    Line,
    Metadata,
    ReadError,
    Region,
    ReportResult,
    Status,
    TextCell,
    Token,
    result_from_data,
    result_to_data,
)
from tests.conftest import report_result


def test_a_line_reads_its_cells_with_blanks_left_out() -> None:
    line = Line((TextCell("规章"), TextCell(""), TextCell("3")))
    assert line.text == "规章 3"
    assert Line(()).text == ""
    assert (line.page, line.grid) == (None, False)


def test_a_document_reads_its_lines() -> None:
    document = Document("txt", (Line((TextCell("一"),)), Line((TextCell("二"), TextCell("3")))))
    assert document.text == "一\n二 3"
    assert (document.pages, document.method, document.notes) == (None, "text", ())


def test_a_document_is_unread_when_a_note_says_more_than_what_ocr_read() -> None:
    def notes(*notes: str) -> Document:
        return Document("pdf", (), notes=notes)

    assert not notes().unread
    assert not notes("page 1-3 read by OCR").unread
    assert notes("page 2 shows its content as images and OCR is not available").unread
    assert notes("page 1 read by OCR", "the text layer of page 2 is garbled").unread


def test_a_token_has_a_centre_only_where_it_is_placed() -> None:
    assert Token("3", 10.0, 20.0).centre == 15.0
    assert Token("3").centre is None
    assert Token("3", 10.0).centre is None


def _cell(**more: object) -> CellValue:
    return CellValue("t3", "r1", "total", 3.0, "3", "一、本年新收", 98.5, 2, **more)  # type: ignore[arg-type]


def test_a_cell_has_its_key_and_the_edges_of_its_box() -> None:
    cell = _cell(box=(10.0, 20.0, 30.0, 40.0))
    assert cell.key == "t3.r1.total"
    assert (cell.x0, cell.top, cell.x1, cell.bottom) == (10.0, 20.0, 30.0, 40.0)
    bare = _cell()
    assert (bare.x0, bare.top, bare.x1, bare.bottom) == (None, None, None, None)
    assert (bare.flag, bare.method, bare.confidence, bare.reread) == ("", "", None, None)


def test_a_check_is_held_failed_or_untested() -> None:
    held = CheckResult("t3.balance", "total", 3.0, 3.0, True)
    failed = CheckResult("t3.balance", "total", 3.0, 4.0, False)
    untested = CheckResult("t3.balance", "total", None, None, None, reason="t3.r1.total not read")
    assert (held.held, held.failed, held.tested) == (True, False, True)
    assert (failed.held, failed.failed, failed.tested) == (False, True, True)
    assert (untested.held, untested.failed, untested.tested) == (False, False, False)


def test_a_read_error_carries_its_status_and_message() -> None:
    error = ReadError(Status.FAILED, "the file is empty (0 bytes)")
    assert (error.status, error.message, str(error)) == (
        Status.FAILED, "the file is empty (0 bytes)", "the file is empty (0 bytes)",
    )  # fmt: skip


def test_statuses_and_frames_are_named_as_written() -> None:
    assert [str(s) for s in Status] == ["ok", "partial", "not_a_report", "failed"]
    assert FRAME_NAMES == ("reports", "cells", "checks", "facts", "panel")


def _full() -> ReportResult:
    return report_result(
        report_id="ab12",
        path="dir/某县.pdf",
        format="pdf",
        pages=4,
        metadata=Metadata(title="某县2023年报告", agency="某县人民政府", year=2023),
        status=Status.PARTIAL,
        message="table 四 not found",
        cells=(
            _cell(box=(1.0, 2.0, 3.0, 4.0), reread="3", method="text"),
            _cell(flag="not_a_number", confidence=0.45),
        ),
        checks=(CheckResult("t3.balance", "total", 3.0, 4.0, False, cells=("t3.r1.total",)),),
        method="text+ocr",
        seconds=1.5,
        facts=(Fact("applications", 5.0, "件", "共收到申请5件"),),
        region=Region(province="四川省", level="county"),
    )


def test_a_result_as_data_is_plain_json() -> None:
    data = result_to_data(_full())
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["status"] == "partial"
    assert data["metadata"] == {
        "title": "某县2023年报告",
        "agency": "某县人民政府",
        "year": 2023,
        "published": None,
        "url": None,
    }
    cells = data["cells"]
    assert isinstance(cells, list) and cells[0]["box"] == [1.0, 2.0, 3.0, 4.0]
    assert data["checks"][0]["cells"] == ["t3.r1.total"]  # type: ignore[index]


def test_a_result_comes_back_whole_from_its_data() -> None:
    result = _full()
    back = result_from_data(json.loads(json.dumps(result_to_data(result))))
    assert back == result
    assert back.status is Status.PARTIAL
    assert back.cells[0].box == (1.0, 2.0, 3.0, 4.0) and back.cells[1].box is None
    assert back.checks[0].cells == ("t3.r1.total",)
    assert result_from_data(result_to_data(report_result())) == report_result()


def test_data_of_another_shape_is_refused() -> None:
    data = result_to_data(_full())
    with pytest.raises(KeyError):
        result_from_data({k: v for k, v in data.items() if k != "cells"})
    with pytest.raises(ValueError):
        result_from_data({**data, "status": "fine"})
    with pytest.raises(TypeError):
        result_from_data({**data, "metadata": {"colour": "red"}})
