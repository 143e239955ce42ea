"""One row's value tokens placed onto its columns: by count, a window among blank padding,
runs of digits split, or by where each value is printed."""

from __future__ import annotations

import pytest

from pipeline.normalise.columns import align, column_spans, relations_as_positions, runs_together
from pipeline.records import RowMatch, TextCell
from pipeline.spec import load_spec

COLUMNS = ["a", "b", "c"]


def test_align_from_the_right_drops_padding_only() -> None:
    tokens = [TextCell(""), TextCell("1"), TextCell("2"), TextCell("3"), TextCell("")]
    options, flag = align(tokens, COLUMNS, grid=True)
    assert flag == ""
    assert [t.text for t in options[0]] == ["1", "2", "3"]


def test_align_never_shifts_a_short_row() -> None:
    options, flag = align([TextCell("1"), TextCell("2")], COLUMNS, grid=False)
    assert flag == "misaligned"
    assert len(options) == 1 and [t.text for t in options[0]] == ["1 2"] * 3


HEADER = [(90.0, 130.0), (190.0, 230.0), (290.0, 330.0)]


@pytest.mark.parametrize(
    "tokens",
    [
        [TextCell("4", 108, 112), TextCell("9", 308, 312)],  # centred under the header
        [TextCell("4", 90, 95), TextCell("9", 290, 295)],  # left-aligned
        [TextCell("4", 125, 130), TextCell("9", 325, 330)],  # right-aligned
    ],
)
def test_align_by_position_fills_lost_blanks(tokens: list[TextCell]) -> None:
    options, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == ""
    assert [t.text for t in options[0]] == ["4", "", "9"]


def test_align_by_position_refuses_two_values_in_one_column() -> None:
    tokens = [TextCell("4", 100, 104), TextCell("9", 116, 120)]
    _, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == "misaligned"


def test_narrative_figure_settles_a_run_and_says_so() -> None:
    options, flag = align([TextCell("1010")], COLUMNS, grid=False, stated=[((1, 2), 10)])
    assert flag == "split_by_narrative"
    assert [t.text for t in options[0]] == ["1", "0", "10"]


T3 = load_spec().table("t3")
SEVEN = [c.key for c in T3.data_columns("fmt2021")]
ROW_TOTAL = relations_as_positions(T3, SEVEN, "fmt2021")


def _texts(tokens: list[TextCell]) -> list[str]:
    return [t.text for t in tokens]


def _tokens(*texts: str) -> list[TextCell]:
    return [TextCell(t) for t in texts]


def test_row_relations_are_given_by_the_positions_of_their_columns() -> None:
    assert ROW_TOTAL == [((6,), (0, 1, 2, 3, 4, 5))]
    wide = [c.key for c in T3.columns]  # with the optional 小计 before 总计
    assert relations_as_positions(T3, wide, "fmt2021") == [
        ((7,), (0, 1, 2, 3, 4, 5)),
        ((6,), (1, 2, 3, 4, 5)),
    ]
    # a relation whose columns are not all printed is left out
    assert relations_as_positions(T3, SEVEN[:3], "fmt2021") == []


def test_as_many_values_as_columns_are_placed_in_order() -> None:
    options, flag = align(_tokens("1", "", "3"), COLUMNS, grid=True)
    assert (flag, [_texts(o) for o in options]) == ("", [["1", "", "3"]])


def test_a_row_relation_chooses_among_windows_in_blank_padding() -> None:
    # blank cells on both sides: two windows of seven; only the first makes 总计 a sum
    tokens = _tokens("", "", "1", "0", "0", "0", "0", "1", "")
    options, flag = align(tokens, SEVEN, grid=True, constraints=ROW_TOTAL, uniform=True)
    assert (flag, _texts(options[0])) == ("", ["", "1", "0", "0", "0", "0", "1"])


def test_without_a_relation_a_regular_grid_takes_the_last_window_others_the_first() -> None:
    tokens = _tokens("", "", "1", "0", "0", "0", "0", "1", "")
    last, _ = align(tokens, SEVEN, grid=True, uniform=True)
    first, _ = align(tokens, SEVEN, grid=True, uniform=False)
    assert _texts(last[0]) == ["1", "0", "0", "0", "0", "1", ""]
    assert _texts(first[0]) == ["", "1", "0", "0", "0", "0", "1"]


def test_too_many_values_are_flagged_not_cut() -> None:
    options, flag = align(_tokens("1", "2", "3", "4"), COLUMNS, grid=True)
    assert flag == "misaligned"
    assert _texts(options[0]) == ["1 2 3 4"] * 3


def test_a_label_alone_outside_a_grid_is_a_row_printed_blank() -> None:
    assert align([], COLUMNS, grid=False) == ([[TextCell(""), TextCell(""), TextCell("")]], "")
    assert align([], COLUMNS, grid=True)[1] == "misaligned"


def test_a_run_of_digits_split_one_way_by_the_row_total_is_certain() -> None:
    options, flag = align(_tokens("801000081"), SEVEN, grid=False, constraints=ROW_TOTAL)
    assert (flag, [_texts(o) for o in options]) == ("", [["80", "1", "0", "0", "0", "0", "81"]])


def test_a_run_splitting_too_many_ways_is_flagged_with_the_run_in_every_cell() -> None:
    options, flag = align(_tokens("1" * 40), SEVEN, grid=False, constraints=ROW_TOTAL)
    assert flag == "ambiguous_digit_run"
    assert _texts(options[0]) == ["1" * 40] * 7


def test_a_run_splitting_a_few_ways_gives_every_split() -> None:
    options, flag = align(_tokens("1010"), COLUMNS, grid=False)
    assert flag == "ambiguous_digit_run"
    assert sorted(_texts(o) for o in options) == [["1", "0", "10"], ["10", "1", "0"]]


def test_numbers_read_as_such_are_never_split() -> None:
    # a grid cell, a positioned word or a number OCR read is one cell
    for token in (TextCell("1010", confidence=0.9), TextCell("1010", 10.0, 30.0)):
        assert align([token], COLUMNS, grid=False)[1] == "misaligned"
    assert align(_tokens("1010"), COLUMNS, grid=True)[1] == "misaligned"


def test_several_short_runs_split_where_cells_ran_together_elsewhere() -> None:
    assert align(_tokens("12", "3"), COLUMNS, grid=False)[1] == "misaligned"
    options, flag = align(_tokens("12", "3"), COLUMNS, grid=False, runs_together=True)
    assert (flag, _texts(options[0])) == ("", ["1", "2", "3"])


def _row(*values: tuple[str, float], grid: bool = False) -> RowMatch:
    tokens = tuple(TextCell(text, x0, x0 + 10.0) for text, x0 in values)
    return RowMatch("t3", "r1", "label", 100.0, tokens, 1, grid)


def test_cells_ran_together_where_a_value_of_running_text_has_a_leading_zero() -> None:
    def plain(text: str, grid: bool = False) -> RowMatch:
        return RowMatch("t3", "r1", "label", 100.0, (TextCell(text),), 1, grid)

    assert runs_together([plain("23"), plain("000023")])
    assert runs_together([plain("０００")])  # full-width
    assert not runs_together([plain("23"), plain("0")])
    assert not runs_together([plain("000023", grid=True)])
    assert not runs_together([_row(("000023", 100.0))])  # a positioned word


def test_columns_are_where_the_rows_that_fill_every_one_print_them() -> None:
    rows = [
        _row(("1", 100.0), ("2", 200.0), ("3", 300.0)),
        _row(("4", 102.0), ("5", 198.0), ("6", 300.0)),
    ]
    assert column_spans(rows, 3) == [(101.0, 111.0), (199.0, 209.0), (300.0, 310.0)]


def test_without_full_rows_columns_are_clusters_of_the_values() -> None:
    rows = [_row(("1", 100.0), ("3", 300.0)), _row(("5", 200.0)), _row(("6", 300.0))]
    assert column_spans(rows, 3) == [(100.0, 110.0), (200.0, 210.0), (300.0, 310.0)]
    # two clusters are not three columns
    assert column_spans([_row(("1", 100.0), ("3", 300.0))], 3) is None
    assert column_spans([], 3) is None
