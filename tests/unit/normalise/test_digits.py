from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise.digits import split_digit_run

ROW_TOTAL = [((6,), (0, 1, 2, 3, 4, 5))]
T4 = [((4,), (0, 1, 2, 3)), ((9,), (5, 6, 7, 8)), ((14,), (10, 11, 12, 13))]


@pytest.mark.parametrize(
    ("run", "parts", "constraints", "expected"),
    [
        ("801000081", 7, ROW_TOTAL, [[80, 1, 0, 0, 0, 0, 81]]),
        ("0000000", 7, ROW_TOTAL, [[0, 0, 0, 0, 0, 0, 0]]),
        ("30015300614 3119".replace(" ", ""), 7, ROW_TOTAL, [[3001, 53, 0, 0, 61, 4, 3119]]),
        ("000", 3, [], [[0, 0, 0]]),
        ("12", 3, [], []),
        ("12a", 2, [], []),
    ],
)
def test_unique_splits(run: str, parts: int, constraints: list, expected: list) -> None:  # type: ignore[type-arg]
    assert split_digit_run(run, parts, constraints) == expected


def test_several_splits_are_all_reported() -> None:
    # "1010" in three parts: 10 1 0 and 1 0 10 (0 never leads a longer number).
    assert len(split_digit_run("1010", 3, [])) == 2
    assert len(split_digit_run("1211620", 5, [((4,), (0, 1, 2, 3))], limit=10)) >= 2


def test_table_four_with_block_totals() -> None:
    # 淮安市 2024 (report-format.md §9): 72/64/178/37/351 | 13/4/8/1/26 | 12/1/1/6/20.
    printed = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    found = split_digit_run("".join(map(str, printed)), 15, T4, limit=50)
    assert printed in found
    assert all(
        sum(f[0:4]) == f[4] and sum(f[5:9]) == f[9] and sum(f[10:14]) == f[14] for f in found
    )


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=6, max_size=6))
def test_the_printed_row_is_among_the_splits(parts: list[int]) -> None:
    row = [*parts, sum(parts)]
    run = "".join(str(v) for v in row)
    splits = split_digit_run(run, 7, ROW_TOTAL, limit=1000)
    assert row in splits
    assert all(sum(s[:6]) == s[6] for s in splits)


def test_a_known_sum_settles_a_split() -> None:
    # "1010" in three parts is 10 1 0 or 1 0 10; the text says the last two add up to 10.
    assert split_digit_run("1010", 3, [], limit=5, stated=[((1, 2), 10)]) == [[1, 0, 10]]
