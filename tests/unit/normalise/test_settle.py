"""Runs of digits that split several ways, settled across a table's rows by its column
relations."""

from __future__ import annotations

from pipeline.normalise.layouts import Templates
from pipeline.normalise.settle import Aligned, resolve_runs, settle_ambiguous
from pipeline.records import RowMatch, TextCell
from pipeline.spec import load_spec

BALANCE = [(("r1", "r2"), ("r3_7", "r4"))]
SEVEN = tuple(c.key for c in load_spec().table("t3").data_columns("fmt2021"))


def test_a_split_survives_where_the_other_rows_can_satisfy_the_relation() -> None:
    candidates = {"r1": [[1, 0], [0, 1]], "r2": [[0, 0]], "r3_7": [[1, 0]], "r4": [[0, 0]]}
    assert resolve_runs(candidates, BALANCE)["r1"] == [[1, 0]]


def test_a_relation_with_a_row_missing_settles_nothing() -> None:
    candidates = {"r1": [[1, 0], [0, 1]], "r2": [[0, 0]], "r4": [[0, 0]]}
    assert resolve_runs(candidates, BALANCE) == candidates


def test_two_ambiguous_rows_that_fit_either_way_stay_ambiguous() -> None:
    candidates = {"r1": [[1, 0], [0, 1]], "r2": [[0, 0]], "r3_7": [[1, 0], [0, 1]], "r4": [[0, 0]]}
    assert resolve_runs(candidates, BALANCE) == candidates


def test_settling_goes_on_until_nothing_changes() -> None:
    # r3_7 is settled by the second relation, and then settles r1 by the first
    relations = [*BALANCE, (("r3_7",), ("r3_1",))]
    candidates = {
        "r1": [[1, 0], [0, 1]],
        "r2": [[0, 0]],
        "r3_7": [[1, 0], [0, 1]],
        "r4": [[0, 0]],
        "r3_1": [[0, 1]],
    }
    resolved = resolve_runs(candidates, relations)
    assert (resolved["r1"], resolved["r3_7"]) == ([[0, 1]], [[0, 1]])


def test_the_input_is_left_as_it_was() -> None:
    candidates = {"r1": [[1, 0], [0, 1]], "r2": [[0, 0]], "r3_7": [[1, 0]], "r4": [[0, 0]]}
    resolve_runs(candidates, BALANCE)
    assert candidates["r1"] == [[1, 0], [0, 1]]


def _aligned(row: str, *options: list[str], flag: str = "") -> Aligned:
    match = RowMatch("t3", row, row, 100.0, (), 1, False)
    return match, SEVEN, [[TextCell(v) for v in option] for option in options], flag


ONE = ["1", "0", "0", "0", "0", "0", "1"]
ZERO = ["0"] * 7


def test_an_ambiguous_row_is_settled_by_the_table_and_loses_its_flag() -> None:
    other = ["0", "1", "0", "0", "0", "0", "1"]
    rows = [
        _aligned("r1", ONE, other, flag="ambiguous_digit_run"),
        _aligned("r2", ZERO),
        _aligned("r3_7", ONE),
        _aligned("r4", ZERO),
    ]
    settled = settle_ambiguous(rows, Templates("fmt2021"), load_spec())
    _, _, options, flag = settled[0]
    assert (flag, [[t.text for t in o] for o in options]) == ("", [ONE])
    assert settled[1:] == rows[1:]


def test_a_row_left_with_several_splits_keeps_its_flag_and_the_splits_that_fit() -> None:
    other = ["0", "1", "0", "0", "0", "0", "1"]
    wrong = ["2", "0", "0", "0", "0", "0", "2"]
    rows = [
        _aligned("r1", ONE, other, wrong, flag="ambiguous_digit_run"),
        _aligned("r2", ZERO),
        _aligned("r3_7", ONE, other, flag="ambiguous_digit_run"),
        _aligned("r4", ZERO),
    ]
    settled = settle_ambiguous(rows, Templates("fmt2021"), load_spec())
    _, _, options, flag = settled[0]
    assert flag == "ambiguous_digit_run"
    assert [[t.text for t in o] for o in options] == [ONE, other]


def test_rows_without_ambiguous_runs_are_returned_as_they_are() -> None:
    rows = [_aligned("r1", ONE), _aligned("r2", ZERO)]
    assert settle_ambiguous(rows, Templates("fmt2021"), load_spec()) is rows


def test_a_run_too_ambiguous_to_split_is_left_alone() -> None:
    run = ["1" * 40] * 7
    rows = [
        _aligned("r1", run, flag="ambiguous_digit_run"),
        _aligned("r2", ZERO),
        _aligned("r3_7", ONE),
        _aligned("r4", ZERO),
    ]
    assert settle_ambiguous(rows, Templates("fmt2021"), load_spec()) == rows
