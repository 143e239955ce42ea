from __future__ import annotations

import io

from rich.console import Console, RenderableType

from pipeline.analysis.evaluate import Evaluation, Score, WrongCell
from pipeline.cli.views import (
    WEAK_SCORE,
    _cell_text,
    clean,
    cleaned,
    render_evaluation,
    render_report,
    safe_markup,
)
from pipeline.records import (
    CellKey,
    CellValue,
    CheckResult,
    Fact,
    Metadata,
    ReportResult,
    Status,
    Verdict,
)
from tests.conftest import report_result


def _text(renderable: RenderableType, width: int = 200) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def _cell(
    table: str, row: str, col: str, value: float | None, raw: str, **more: object
) -> CellValue:
    fields: dict[str, object] = {"row_label": "label", "score": 100.0, "page": 1, **more}
    return CellValue(table, row, col, value, raw, **fields)  # type: ignore[arg-type]


def _result(**changes: object) -> ReportResult:
    metadata = Metadata(
        title="某县2023年政府信息公开工作年度报告",
        agency="某县人民政府",
        year=2023,
        published="2024-01-16",
    )
    fields = {"report_id": "abc", "path": "dir/report.pdf", "format": "pdf", "pages": 3}
    return report_result(**{**fields, "metadata": metadata, **changes})


def test_clean_removes_control_characters_and_reordering_marks() -> None:
    assert clean("a\x1b]52;c;ZXZpbA==\x07b") == "a]52;c;ZXZpbA==b"
    assert clean("\u202eabc\u202c\u2066x\u2069") == "abcx"
    assert clean("x\x7fy\x85z\x9b") == "xyz"
    assert clean("a\rb\x0bc") == "abc"


def test_clean_keeps_text_tabs_and_line_breaks() -> None:
    assert clean("某县\t2023\n报告 [x]") == "某县\t2023\n报告 [x]"


def test_safe_markup_escapes_brackets_after_cleaning() -> None:
    assert safe_markup("[bold]x\x1b[0m") == "\\[bold]x[0m"
    assert safe_markup(12) == "12"


def test_cleaned_cleans_nested_texts() -> None:
    result = _result(
        path="a\x1b[2Jb.pdf",
        metadata=Metadata(title="title\x07", year=2023),
        cells=(_cell("t4", "r1", "review_total", 1.0, "1\x1b"),),
        facts=(Fact("n.review_cases", 1.0, "件", "行政复议1件\x9b"),),
    )
    out = cleaned(result)
    assert out.path == "a[2Jb.pdf"
    assert out.metadata == Metadata(title="title", year=2023)
    assert out.cells[0].raw == "1"
    assert out.facts == (Fact("n.review_cases", 1.0, "件", "行政复议1件"),)
    assert out.report_id == "abc"


def test_cleaned_gives_back_a_clean_record_itself() -> None:
    result = _result(cells=(_cell("t4", "r1", "review_total", 1.0, "1"),))
    assert cleaned(result) is result


def test_a_cell_not_found_is_a_dot() -> None:
    shown = _cell_text(None)
    assert (shown.plain, str(shown.style)) == ("·", "dim")


def test_a_blank_cell_is_shown_as_blank() -> None:
    shown = _cell_text(_cell("t3", "r1", "total", None, ""))
    assert (shown.plain, str(shown.style)) == ("空", "dim")


def test_a_cell_shows_its_raw_text() -> None:
    shown = _cell_text(_cell("t3", "r1", "total", 5.0, "5"))
    assert (shown.plain, str(shown.style)) == ("5", "")


def test_a_cell_read_otherwise_than_printed_shows_both() -> None:
    assert _cell_text(_cell("t3", "r1", "total", 1234.0, "1,234")).plain == "1234 ‹1,234›"
    assert _cell_text(_cell("t2", "r", "c", 2.5, "2.50")).plain == "2.5 ‹2.50›"
    assert _cell_text(_cell("t3", "r1", "total", 7.0, " 7 ")).plain == " 7 "


def test_a_cell_shows_a_second_reading_that_differs() -> None:
    assert _cell_text(_cell("t3", "r1", "total", 5.0, "5", reread="8")).plain == (
        "5 (the page shows 8)"
    )
    assert _cell_text(_cell("t3", "r1", "total", 5.0, "5", reread="")).plain == (
        "5 (the page shows 空)"
    )
    assert _cell_text(_cell("t3", "r1", "total", 5.0, "5", reread="5")).plain == "5"


def test_a_flagged_cell_is_red_with_its_flag() -> None:
    shown = _cell_text(_cell("t3", "r1", "total", None, "5 6", flag="digits"))
    assert (shown.plain, str(shown.style)) == ("5 6 !digits", "bold red")


def test_a_weakly_matched_cell_is_yellow() -> None:
    weak = _cell_text(_cell("t3", "r1", "total", 5.0, "5", score=WEAK_SCORE - 0.1))
    strong = _cell_text(_cell("t3", "r1", "total", 5.0, "5", score=WEAK_SCORE))
    assert (str(weak.style), str(strong.style)) == ("yellow", "")


def test_the_header_of_a_report() -> None:
    text = _text(render_report(_result()))
    assert text.splitlines() == [
        "dir/report.pdf",
        "某县2023年政府信息公开工作年度报告 · 某县人民政府 · 2023 · published 2024-01-16",
        "template fmt2021 · status ok",
    ]


def test_the_header_of_a_file_with_nothing_known() -> None:
    result = _result(
        metadata=Metadata(), template="unknown", status=Status.FAILED, message="the file is empty"
    )
    assert _text(render_report(result)).splitlines() == [
        "dir/report.pdf",
        "(no title) · ? · ? · published ?",
        "template unknown · status failed · the file is empty",
    ]


def test_the_tables_show_the_cells_found() -> None:
    cells = (
        _cell("t2", "art20_1_regulation", "issued", 3.0, "3"),
        _cell("t3", "r1", "natural_person", 12.0, "12"),
        _cell("t3", "r1", "total", 12.0, "12"),
        _cell("t4", "r1", "review_total", 2.0, "2"),
    )
    text = _text(render_report(_result(cells=cells)))
    assert "二、主动公开政府信息情况" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "四、政府信息公开行政复议、行政诉讼情况" in text
    lines = text.splitlines()
    regulation = next(line for line in lines if "规章" in line)
    assert [part.strip() for part in regulation.split("│")[1:5]] == [
        "规章",
        "本年制发件数",
        "3",
        "100",
    ]
    received = next(line for line in lines if "本年新收" in line)
    assert [part.strip() for part in received.split("│")[2:5]] == ["12", "12", "100"]
    review = next(line for line in lines if "行政复议 " in line)
    assert [part.strip() for part in review.split("│")[1:]] == [
        "行政复议",
        "·",
        "·",
        "·",
        "·",
        "2",
        "",
    ]


def test_the_checks_are_summed_up_with_each_failure() -> None:
    checks = (
        CheckResult(
            "t3.balance", "natural_person", 4.0, 5.0, False,
            suspect="t3.r1.natural_person", suggested=4.0, verdict=Verdict.CHECK,
        ),
        CheckResult("t4.sum", "review", 1.0, 3.0, False, verdict=Verdict.PRINTED),
        CheckResult("t3.sum", "total", 2.0, 2.0, True),
        CheckResult("t3.other", "total", None, None, None, reason="t3.r2.total was not read"),
    )  # fmt: skip
    lines = _text(render_report(_result(checks=checks))).splitlines()
    assert lines[3:] == [
        "checks: 1 of 4 hold, 2 failed, 1 not tested (t3.r2.total was not read)",
        "  ✗ t3.balance [natural_person]: printed 5, the parts give 4 → most likely "
        "t3.r1.natural_person (would be 4; check our reading)",
        "  ✗ t4.sum [review]: printed 3, the parts give 1 (printed so in the report)",
        "",
    ]


def test_many_reasons_for_untested_checks_are_cut_short() -> None:
    checks = tuple(
        CheckResult(f"c{i}", "s", None, None, None, reason=f"reason {i}") for i in range(5)
    )
    lines = _text(render_report(_result(checks=checks))).splitlines()
    assert (
        lines[3] == "checks: 0 of 5 hold, 0 failed, 5 not tested (reason 0; reason 1; reason 2 …)"
    )


def test_a_report_shows_nothing_a_terminal_would_act_on() -> None:
    result = _result(path="evil\x1b]0;title\x07.pdf", message="bad\x1b[31m")
    text = _text(render_report(result))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert text.splitlines()[0] == "evil]0;title.pdf"


def _evaluation() -> Evaluation:
    evaluation = Evaluation()
    evaluation.overall = Score(truth=10, predicted=9, correct=8)
    evaluation.by_group["format"] = {"pdf": Score(6, 5, 4), "txt": Score(4, 4, 4)}
    evaluation.documents = {"a.pdf": Score(6, 5, 4), "b.txt": Score(4, 4, 4)}
    evaluation.wrong = [
        WrongCell(
            "a.pdf", CellKey("t3", "r1", "total"), "5", "6", 2, "本年新收政府信息公开申请数量"
        ),
        WrongCell("a.pdf", CellKey("t4", "r1", "review_total"), "1", "(missing)", None, ""),
    ]
    evaluation.unscored = ["c.docx"]
    return evaluation


def test_an_evaluation_is_summed_up() -> None:
    lines = _text(render_evaluation(_evaluation(), [])).splitlines()
    assert lines[0] == (
        "cells: 10 in truth, 9 predicted, 8 right · precision 0.8889 · recall 0.8000 · "
        "F1 0.8421 · 2 documents scored"
    )
    assert "by format" in [line.strip() for line in lines]
    pdf = next(line for line in lines if line.startswith("│ pdf"))
    assert [part.strip() for part in pdf.split("│")[1:-1]] == [
        "pdf", "6", "0.8000", "0.6667", "0.7273",
    ]  # fmt: skip
    assert lines[-1] == "1 files had no truth file and were not scored"


def test_an_evaluation_lists_the_documents_not_exact() -> None:
    text = _text(render_evaluation(_evaluation(), [], wrong_per_document=1))
    assert (
        "1 documents not exact\n"
        "a.pdf: 2 cells\n"
        "  t3.r1.total: expected 5, got 6 (page 2, label '本年新收政府信息公开申请数量')\n"
    ) in text
    assert "review_total" not in text  # only one wrong cell a document
    assert "b.txt" not in text


def test_an_evaluation_lists_unexpected_statuses() -> None:
    text = _text(render_evaluation(Evaluation(), [("x.pdf", "ok|partial", "failed")]))
    assert "1 files with an unexpected status\n  x.pdf: expected ok|partial, got failed\n" in text
    assert "documents not exact" not in text
