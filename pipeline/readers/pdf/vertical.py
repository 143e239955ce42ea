"""Vertical labels: a label printed one character per line down a narrow column (the
三、本年度办理结果 of table 三, with or without rules) read as one line at the top of its
column, so that its characters do not join the rows they sit beside.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from pipeline.readers.pdf.chars import Char, cjk
from pipeline.records import Line, TextCell

# Characters stacked at one x, this many at least, each standing alone on its line and
# spelling table 三's vertical label (三、本年度办理结果), are that label printed one
# character per line, at a line's pitch or spread over its tall cell (up to SPREAD_PITCH
# font sizes apart). Other stacks (a letter-spaced header wrapped in a narrow cell) are
# left to the header reading.
VERTICAL_LEAST = 3
SPREAD_PITCH = 6.0
VERTICAL_WORD = "办理"
ALONE = 0.3


def vertical_labels(chars: list[Char], page: int) -> tuple[list[tuple[float, Line]], list[Char]]:
    """Labels printed one character per line (the vertical 三、本年度办理结果 of table 三, in
    a narrow column, with or without rules) → one line each, at the top of the column; and
    the characters left. Without this their characters join the rows they sit beside."""
    by_line, starts, widest = _by_line(chars)
    if not any(
        c.text == VERTICAL_WORD[0] and _stands_alone(c, by_line, starts, widest) for c in chars
    ):
        return [], chars  # a label spelling 办理 needs a 办 standing alone
    alone = [
        char
        for char in chars
        if (cjk(char.text) or char.text in "、，") and _stands_alone(char, by_line, starts, widest)
    ]
    chains = _chains(alone)
    found = [chain for chain in chains if _stacked(chain, chains)]
    if not found:
        return [], chars
    taken = {id(c) for chain in found for c in chain}
    lines = [(chain[0].top, _label_line(chain, page)) for chain in found]
    return lines, [c for c in chars if id(c) not in taken]


def _by_line(chars: list[Char]) -> tuple[dict[int, list[Char]], dict[int, list[float]], float]:
    """The characters by rounded baseline, each line sorted by left side; the left sides of
    each line; and the widest character's width."""
    by_line: dict[int, list[Char]] = {}
    for char in chars:
        by_line.setdefault(round(char.baseline), []).append(char)
    starts: dict[int, list[float]] = {}
    for key, line in by_line.items():
        line.sort(key=lambda c: c.x0)
        starts[key] = [c.x0 for c in line]
    widest = max((c.x1 - c.x0 for c in chars), default=0.0)
    return by_line, starts, widest


def _stands_alone(
    char: Char, by_line: dict[int, list[Char]], starts: dict[int, list[float]], widest: float
) -> bool:
    """Whether no character of ``char``'s line (``by_line``, by rounded baseline, sorted by
    their left sides ``starts``) stands within ALONE of its size beside it."""
    gap = ALONE * char.size
    near = (
        other
        for key in (round(char.baseline) - 1, round(char.baseline), round(char.baseline) + 1)
        if key in by_line
        for other in by_line[key][
            bisect_left(starts[key], char.x0 - widest - gap) : bisect_right(
                starts[key], char.x1 + gap
            )
        ]
        if other is not char and abs(other.baseline - char.baseline) <= 0.5 * char.size
    )
    return all(other.x0 - char.x1 > gap or char.x0 - other.x1 > gap for other in near)


def _chains(alone: list[Char]) -> list[list[Char]]:
    """Characters standing alone stacked into chains at one x, from the top down, each at
    most SPREAD_PITCH font sizes below the last."""
    alone.sort(key=lambda c: (round(c.x0), c.top))
    chains: list[list[Char]] = []
    for char in alone:
        for chain in chains:
            last = chain[-1]
            if (
                abs(last.x0 - char.x0) <= ALONE * char.size
                and 0 < char.top - last.top <= SPREAD_PITCH * char.size
            ):
                chain.append(char)
                break
        else:
            chains.append([char])
    return chains


def _label_line(chain: Sequence[Char], page: int) -> Line:
    """A stack of characters as a line of one cell, from the top of the first to the
    bottom of the last."""
    return Line(
        (
            TextCell(
                "".join(c.text for c in chain),
                min(c.x0 for c in chain),
                max(c.x1 for c in chain),
                top=chain[0].top,
                bottom=chain[-1].bottom,
            ),
        ),
        page=page,
    )


def _stacked(chain: Sequence[Char], chains: Sequence[Sequence[Char]]) -> bool:
    """Whether characters at one x read as table 三's vertical label: they spell it, and no
    stack beside them starts at the same height (the columns of letter-spaced lines)."""
    if len(chain) < VERTICAL_LEAST or VERTICAL_WORD not in "".join(c.text for c in chain):
        return False
    size = chain[0].size
    return not any(
        other is not chain
        and abs(other[0].x0 - chain[0].x0) <= 2.5 * size
        and abs(other[0].top - chain[0].top) <= 0.5 * size
        and len(other) >= 2
        for other in chains
    )
