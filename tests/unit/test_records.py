"""The records passed between the stages."""

from __future__ import annotations

import pytest

from pipeline.records import (
    FRAME_NAMES,
    CellKey,
    CellValue,
    CheckResult,
    Document,
    Flag,
    Line,
    Method,
    ReadError,
    Status,
    TextCell,
    Verdict,
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
    assert TextCell("3", 10.0, 20.0).centre == 15.0
    assert TextCell("3").centre is None
    assert TextCell("3", 10.0).centre is None


def _cell(**more: object) -> CellValue:
    return CellValue("t3", "r1", "total", 3.0, "3", "一、本年新收", 98.5, 2, **more)  # type: ignore[arg-type]


def test_a_cell_has_its_key_and_the_edges_of_its_box() -> None:
    cell = _cell(box=(10.0, 20.0, 30.0, 40.0))
    assert cell.key == CellKey("t3", "r1", "total")
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


def test_flags_keep_the_strings_the_dataset_has_always_written() -> None:
    assert {flag.name: str(flag) for flag in Flag} == {
        "NONE": "",
        "MISALIGNED": "misaligned",
        "AMBIGUOUS_DIGIT_RUN": "ambiguous_digit_run",
        "NOT_A_NUMBER": "not_a_number",
        "NOT_AN_INTEGER": "not_an_integer",
        "NEGATIVE": "negative",
        "UNIT_CONVERTED": "unit_converted",
        "NOT_IN_TEMPLATE": "not_in_template",
        "SPLIT_BY_NARRATIVE": "split_by_narrative",
        "DIGIT_ORDER_UNSURE": "digit_order_unsure",
        "ROW_UNCERTAIN": "row_uncertain",
        "DERIVED": "derived",
        "OCR_MISREAD": "ocr_misread",
        "OCR_UNSURE": "ocr_unsure",
        "READINGS_DIFFER": "readings_differ",
    }


def test_a_flag_is_its_string_and_no_flag_is_false() -> None:
    assert Flag.DERIVED == "derived"
    assert f"{Flag.OCR_MISREAD}" == "ocr_misread"
    assert Flag("row_uncertain") is Flag.ROW_UNCERTAIN
    assert not Flag.NONE
    assert all(flag for flag in Flag if flag is not Flag.NONE)


def test_a_cell_has_no_flag_unless_told() -> None:
    cell = CellValue("t3", "r1", "total", 5.0, "5", "本年新收政府信息公开申请数量", 100.0, 2)
    assert cell.flag is Flag.NONE


def test_verdicts_keep_their_strings_and_none_is_empty() -> None:
    assert [str(v) for v in Verdict] == ["", "printed", "check"]
    assert Verdict("check") is Verdict.CHECK
    assert not Verdict.NONE
    assert CheckResult("t3.sum", "total", 2.0, 2.0, True).verdict is Verdict.NONE


@pytest.mark.parametrize(
    ("base", "composed"),
    [
        (Method.TEXT, "text+ocr"),
        (Method.DOCX, "docx+ocr"),
        (Method.HTML, "html+ocr"),
        (Method.LIBREOFFICE, "libreoffice+ocr"),
    ],
)
def test_a_method_with_ocr_is_the_composed_string_and_its_base_the_plain_one(
    base: Method, composed: str
) -> None:
    assert base.with_ocr() == composed
    assert base.with_ocr() is Method(composed)
    assert base.with_ocr(False) is base
    assert Method(composed).base is base
    assert base.base is base
    assert Method(composed).by_ocr and not base.by_ocr


def test_ocr_alone_stays_ocr() -> None:
    assert Method.OCR == "ocr"
    assert Method.OCR.with_ocr() is Method.OCR
    assert Method.OCR.base is Method.OCR
    assert Method.OCR.by_ocr
    assert not Method.NONE.by_ocr


def test_the_methods_are_the_strings_the_dataset_has_always_written() -> None:
    assert {str(m) for m in Method} == {
        "",
        "text",
        "docx",
        "html",
        "libreoffice",
        "ocr",
        "text+ocr",
        "docx+ocr",
        "html+ocr",
        "libreoffice+ocr",
    }


def test_a_cell_key_is_written_dotted_and_parsed_back() -> None:
    key = CellKey.parse("t3.r1.total")
    assert key == CellKey("t3", "r1", "total")
    assert (key.table, key.row, key.col) == ("t3", "r1", "total")
    assert key.dotted() == "t3.r1.total"
    assert CellKey.parse("t2.art20_5_admin_licensing.decisions").dotted() == (
        "t2.art20_5_admin_licensing.decisions"
    )


@pytest.mark.parametrize("text", ["t3.r1", "t3.r1.total.x", "t3"])
def test_text_of_another_shape_is_no_cell_key(text: str) -> None:
    with pytest.raises(ValueError):
        CellKey.parse(text)


def test_a_cell_knows_its_key() -> None:
    cell = CellValue("t4", "r1", "review_total", 3.0, "3", "行政复议", 100.0, 2)
    assert cell.key == CellKey("t4", "r1", "review_total")
    assert cell.key.dotted() == "t4.r1.review_total"
