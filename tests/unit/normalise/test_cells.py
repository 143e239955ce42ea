"""Matched rows → typed cells: values aligned, runs settled, numbers parsed and flagged."""

from __future__ import annotations

from pipeline.locate import locate
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import decide_templates
from pipeline.records import Line, TextCell


def _tab_lines(text: str) -> list[Line]:
    out = []
    for raw in text.strip().splitlines():
        cells = tuple(TextCell(c.strip()) for c in raw.split("\t"))
        out.append(Line(cells, grid="\t" in raw))
    return out


def test_a_row_that_does_not_fit_is_flagged_not_guessed() -> None:
    lines = _tab_lines(
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t3\t1\t4\n"
        "（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
    )
    located = locate(lines)
    cells = to_cells(located.matches, decide_templates(located.matches))
    r1 = [c for c in cells if c.row == "r1"]
    assert len(r1) == 7
    assert all(c.value is None and c.flag == "misaligned" for c in r1)
    total = {c.col: c.value for c in cells if c.row == "r3_7"}
    assert total["natural_person"] == 1
    assert total["total"] == 1


def test_cells_every_split_agrees_on_are_kept() -> None:
    lines = [
        *_tab_lines(
            "二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
        ),
        Line((TextCell("规章1010"),)),
    ]
    located = locate(lines)
    cells = {c.col: c for c in to_cells(located.matches, decide_templates(located.matches))}
    # 1 0 10 or 10 1 0: no cell is the same in both readings, so all are unknown.
    assert all(c.value is None and c.flag == "ambiguous_digit_run" for c in cells.values())
    assert cells["issued"].raw == "1 | 10"
