"""Split a run of digits whose cells ran together (``801000081`` → 80 1 0 0 0 0 81).

Crawlers that save a page's text drop the separators between a row's cells. The row's
arithmetic relations (a total equals the sum of its parts) usually leave one split that
fits; where several fit, the caller flags the row instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

# A relation over positions: sum(left) == sum(right).
Constraint = tuple[tuple[int, ...], tuple[int, ...]]
# The longest number a single cell of these tables plausibly holds.
MAX_CELL_DIGITS = 9


def split_digit_run(
    run: str,
    parts: int,
    constraints: Sequence[Constraint] = (),
    limit: int = 2,
    sums: Sequence[tuple[tuple[int, ...], int]] = (),
) -> list[list[int]]:
    """All ways (up to ``limit``) to cut ``run`` into ``parts`` numbers satisfying every
    constraint, and where given, with the parts at some positions adding up to a known
    sum. A number has no leading zero unless it is ``0``.

    >>> split_digit_run("801000081", 7, [((6,), (0, 1, 2, 3, 4, 5))])
    [[80, 1, 0, 0, 0, 0, 81]]
    """
    if not run.isdigit() or parts < 1 or len(run) < parts:
        return []
    closing: dict[int, list[Constraint]] = {}
    for left, right in constraints:
        closing.setdefault(max((*left, *right)), []).append((left, right))
    fixed: dict[int, list[tuple[tuple[int, ...], int]]] = {}
    for positions, total in sums:
        fixed.setdefault(max(positions), []).append((positions, total))
    found: list[list[int]] = []
    values: list[int] = []

    def walk(position: int) -> None:
        if len(found) >= limit:
            return
        index = len(values)
        if index == parts:
            if position == len(run):
                found.append(list(values))
            return
        remaining_parts = parts - index - 1
        longest = min(MAX_CELL_DIGITS, len(run) - position - remaining_parts)
        # The last part takes whatever is left.
        shortest = len(run) - position if remaining_parts == 0 else 1
        for width in range(shortest, longest + 1):
            piece = run[position : position + width]
            if width > 1 and piece[0] == "0":
                break
            values.append(int(piece))
            if all(
                sum(values[i] for i in left) == sum(values[i] for i in right)
                for left, right in closing.get(index, [])
            ) and all(sum(values[i] for i in p) == total for p, total in fixed.get(index, [])):
                walk(position + width)
            values.pop()

    walk(0)
    return found
