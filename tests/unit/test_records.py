"""The records passed between the stages."""

from __future__ import annotations

from pipeline.records import (
    FRAME_NAMES,
    CellValue,
    CheckResult,
    Document,
    Line,
    ReadError,
    Status,
    TextCell,
    Token,
)


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
