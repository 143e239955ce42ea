"""One row's value tokens placed onto its columns: by count, a window among blank padding,
runs of digits split, or by where each value is printed."""

from __future__ import annotations

import pytest

from pipeline.normalise.columns import align
from pipeline.records import Token

COLUMNS = ["a", "b", "c"]


def test_align_from_the_right_drops_padding_only() -> None:
    tokens = [Token(""), Token("1"), Token("2"), Token("3"), Token("")]
    options, flag = align(tokens, COLUMNS, grid=True)
    assert flag == ""
    assert [t.text for t in options[0]] == ["1", "2", "3"]


def test_align_never_shifts_a_short_row() -> None:
    options, flag = align([Token("1"), Token("2")], COLUMNS, grid=False)
    assert flag == "misaligned"
    assert len(options) == 1 and [t.text for t in options[0]] == ["1 2"] * 3


HEADER = [(90.0, 130.0), (190.0, 230.0), (290.0, 330.0)]


@pytest.mark.parametrize(
    "tokens",
    [
        [Token("4", 108, 112), Token("9", 308, 312)],  # centred under the header
        [Token("4", 90, 95), Token("9", 290, 295)],  # left-aligned
        [Token("4", 125, 130), Token("9", 325, 330)],  # right-aligned
    ],
)
def test_align_by_position_fills_lost_blanks(tokens: list[Token]) -> None:
    options, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == ""
    assert [t.text for t in options[0]] == ["4", "", "9"]


def test_align_by_position_refuses_two_values_in_one_column() -> None:
    tokens = [Token("4", 100, 104), Token("9", 116, 120)]
    _, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == "misaligned"


def test_narrative_figure_settles_a_run_and_says_so() -> None:
    options, flag = align([Token("1010")], COLUMNS, grid=False, sums=[((1, 2), 10)])
    assert flag == "split_by_narrative"
    assert [t.text for t in options[0]] == ["1", "0", "10"]
