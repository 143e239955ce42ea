from __future__ import annotations

import pytest

from pipeline.readers.layout import (
    PAGE_NUMBER,
    Rule,
    bands,
    closed,
    covered,
    crossing,
    in_margin,
    snap,
)


@pytest.mark.parametrize(
    "text", ["3", "- 3 -", "—12—", "第 3 页", "第3页 共12页", "3/12", " 3 / 12 "]
)
def test_page_numbers(text: str) -> None:
    assert PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["3件", "（三）", "第三页", "2023年", "3 4", "page 3"])
def test_not_page_numbers(text: str) -> None:
    assert not PAGE_NUMBER.match(text)


def test_snap_drops_values_near_the_last_kept() -> None:
    assert snap([10.0, 0.0, 1.5, 3.0, 3.9, 20.0], 2) == [0.0, 3.0, 10.0, 20.0]


def test_snap_of_nothing() -> None:
    assert snap([], 2) == []


def _h(y: float, start: float = 0, end: float = 100) -> Rule:
    return Rule(y, start, end)


def _v(x: float, start: float, end: float) -> Rule:
    return Rule(x, start, end)


def test_bands_are_rows_between_rules_with_the_rules_that_cross_them() -> None:
    horizontal = [_h(0), _h(20), _h(40)]
    vertical = [_v(0, 0, 40), _v(50, 0, 20), _v(100, 0, 40)]
    assert bands(horizontal, vertical, 2, 4) == [(0, 20, [0, 50, 100]), (20, 40, [0, 100])]


def test_a_rule_drawn_twice_makes_no_sliver_of_a_row() -> None:
    horizontal = [_h(0), _h(20), _h(21), _h(40)]
    vertical = [_v(0, 0, 40), _v(100, 0, 40)]
    assert bands(horizontal, vertical, 0.5, 4) == [(0, 20, [0, 100]), (21, 40, [0, 100])]


def test_vertical_rules_close_together_bound_no_cell() -> None:
    horizontal = [_h(0), _h(20)]
    vertical = [_v(0, 0, 20), _v(3, 0, 20), _v(60, 0, 20), _v(100, 0, 20)]
    assert bands(horizontal, vertical, 1, 4) == [(0, 20, [0, 60, 100])]


def test_a_band_with_one_rule_across_is_no_row() -> None:
    horizontal = [_h(0), _h(20)]
    vertical = [_v(0, 0, 20), _v(100, 0, 10)]
    assert bands(horizontal, vertical, 1, 4) == []


def test_rules_that_nearly_reach_a_band_cross_it() -> None:
    horizontal = [_h(0), _h(20)]
    vertical = [_v(0, 1.5, 18.5), _v(100, 0, 20)]
    assert bands(horizontal, vertical, 2, 4) == [(0, 20, [0, 100])]


def test_closed_adds_the_rule_a_page_break_cut_off() -> None:
    horizontal = [_h(30), _h(50)]
    vertical = [_v(0, 10, 50), _v(60, 10, 50), _v(100, 10, 50)]
    assert closed(horizontal, vertical, 2, 4) == [_h(30), _h(50), Rule(10, 0, 100)]


def test_closed_adds_a_bottom_rule_too() -> None:
    horizontal = [_h(10), _h(30)]
    vertical = [_v(0, 10, 80), _v(100, 10, 80)]
    assert closed(horizontal, vertical, 2, 4) == [_h(10), _h(30), Rule(80, 0, 100)]


def test_closed_needs_two_rules_running_on() -> None:
    horizontal = [_h(30), _h(50)]
    vertical = [_v(0, 10, 50), _v(100, 30, 50)]
    assert closed(horizontal, vertical, 2, 4) == horizontal


def test_closed_leaves_a_closed_table_alone() -> None:
    horizontal = [_h(10), _h(30), _h(50)]
    vertical = [_v(0, 10, 50), _v(100, 10, 50)]
    assert closed(horizontal, vertical, 2, 4) == horizontal


def test_in_margin() -> None:
    assert in_margin(10, 800)
    assert in_margin(790, 800)
    assert not in_margin(64, 800)
    assert not in_margin(400, 800)
    assert in_margin(100, 800, fraction=0.2)


def test_a_row_cut_by_a_page_break_is_closed_by_its_vertical_rules() -> None:
    # The row goes on from the previous page: no rule above it, but the vertical rules
    # run from the page's top edge of the table down to the first rule.
    horizontal = [Rule(80.0, 40.0, 540.0), Rule(120.0, 40.0, 540.0)]
    vertical = [Rule(x, 40.0, 120.0) for x in (40.0, 150.0, 300.0, 540.0)]
    assert [top for top, _, _ in bands(horizontal, vertical, 2.0, 4.0)] == [80.0]
    rows = bands(closed(horizontal, vertical, 2.0, 4.0), vertical, 2.0, 4.0)
    assert [(top, bottom) for top, bottom, _ in rows] == [(40.0, 80.0), (80.0, 120.0)]
    # A table without any horizontal rule gets none.
    assert closed([], vertical, 2.0, 4.0) == []


def test_covered_is_the_share_of_a_span_under_rules() -> None:
    rules = [Rule(10.0, 0.0, 30.0), Rule(10.0, 20.0, 50.0), Rule(10.0, 80.0, 200.0)]
    assert covered(rules, 0.0, 100.0) == pytest.approx(0.7)
    assert covered(rules, 50.0, 80.0) == 0.0
    assert covered([], 0.0, 100.0) == 0.0
    assert covered(rules, 5.0, 5.0) == 0.0


def test_crossing_gives_the_rules_that_cross_a_whole_band() -> None:
    vertical = [Rule(0.0, 0.0, 100.0), Rule(50.0, 0.0, 40.0), Rule(51.0, 0.0, 100.0),
                Rule(100.0, 0.0, 100.0)]  # fmt: skip
    assert crossing(vertical, 0.0, 100.0, 2.0, 4.0) == [0.0, 51.0, 100.0]
    assert crossing(vertical, 0.0, 40.0, 2.0, 4.0) == [0.0, 50.0, 100.0]
