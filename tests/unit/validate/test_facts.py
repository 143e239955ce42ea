from __future__ import annotations

import pytest

from pipeline.records import CellKey, CellValue
from pipeline.validate.facts import read_facts, soft_checks, stated_sums


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("2023年主动公开政务信息165条，其中机构职能1条。", "n.proactive_items_total", 165),
        ("全年共收到政府信息公开申请3119件。", "n.applications_received", 3119),
        ("因政府信息公开申请引发行政复议 351 件，引发行政诉讼 46 件。", "n.review_cases", 351),
        ("因政府信息公开申请引发行政复议 351 件，引发行政诉讼 46 件。", "n.litigation_cases", 46),
        ("全年收取政府信息公开信息处理费3940元。", "n.info_processing_fee_yuan", 3940),
        (
            "本年度我镇无依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。",
            "n.info_processing_fee_yuan",
            0,
        ),
    ],
)
def test_narrative_figures(sentence: str, key: str, value: float) -> None:
    facts = {f.key: f.value for f in read_facts([sentence])}
    assert facts[key] == value


def _cell(row: str, col: str, value: float, table: str = "t3") -> CellValue:
    return CellValue(table, row, col, value, str(value), "", 100.0, None)


def test_soft_checks_compare_the_text_with_the_tables() -> None:
    facts = read_facts(["全年共收到申请859件，行政复议7件。"])
    cells = [_cell("r1", "total", 872), _cell("r1", "review_total", 7, table="t4")]
    checks = {c.check: c for c in soft_checks(facts, cells)}
    assert not checks["x.narrative_applications"].ok
    assert checks["x.narrative_applications"].expected == 859
    assert checks["x.narrative_applications"].actual == 872
    assert checks["x.narrative_t4"].ok


def test_a_figure_stated_twice_differently_says_nothing() -> None:
    facts = read_facts(["收到申请5件。", "收到申请6件。"])
    assert (CellKey("t3", "r1", "total"),) not in stated_sums(facts)


def test_a_figure_stated_once_is_the_sum_of_its_cells() -> None:
    facts = read_facts(["收到申请5件，引发行政诉讼2件。"])
    assert stated_sums(facts) == {
        (CellKey("t3", "r1", "total"),): 5.0,
        (
            CellKey("t4", "r1", "suit_direct_total"),
            CellKey("t4", "r1", "suit_after_review_total"),
        ): 2.0,
    }
