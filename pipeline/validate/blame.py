"""The cell a failed relation most likely points at: the one change of one cell that
explains the most failures while breaking no relation that holds, told apart from its
rivals by a reading in doubt or a figure the narrative states; and whether the report
itself prints the inconsistency (``printed``) or our reading may be off (``check``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.records import ONE_READING, CellKey, CellValue, CheckResult, Stated, Verdict
from pipeline.text import parse_number

# Relations tested: each result with the cells of its left and right sides.
Tested = Sequence[tuple[CheckResult, list[CellKey], list[CellKey]]]
# A change of one cell and what it does: (failed relations explained less relations that
# hold broken, the cell, its new value, the indices of the failed relations it explains).
Change = tuple[int, CellKey, float, set[int]]


def _only_doubtful(
    key: CellKey, rivals: Sequence[CellKey], found: dict[CellKey, CellValue]
) -> bool:
    """Whether, of cells the arithmetic cannot tell apart, ``key`` alone was read with doubt:
    OCR's two readings of it disagreed while every rival's agreed."""
    return not _agreed(found[key]) and all(_agreed(found[r]) for r in rivals)


def _agreed(cell: CellValue) -> bool:
    """Whether a cell was read without doubt: its second reading, where one was taken,
    gives the same number as the first; a cell read by OCR was read twice alike; any other
    cell was read once, from its text."""
    if cell.reread is not None:
        return not readings_differ(cell)
    return cell.confidence is None or cell.confidence > ONE_READING


def readings_differ(cell: CellValue) -> bool:
    """Whether a second reading of the cell was taken and gives another number (or none)."""
    if cell.reread is None:
        return False
    first, second = parse_number(cell.raw), parse_number(cell.reread)
    return (first.value if first else None) != (second.value if second else None)


def _stated_so(key: CellKey, new: float, found: dict[CellKey, CellValue], stated: Stated) -> bool:
    """Whether the narrative states a sum of cells that ``key`` changed to ``new`` makes
    true."""
    for target, value in stated.items():
        if key in target and all(t in found for t in target):
            total = sum(new if t == key else found[t].value or 0.0 for t in target)
            if abs(total - value) < 1e-6:
                return True
    return False


def _certain(cell: CellValue) -> bool:
    """Read without doubt: its text parses to its value, its label matched well, and a
    second reading, where taken, agreed."""
    number = parse_number(cell.raw)
    return number is not None and number.value == cell.value and cell.score >= 95 and _agreed(cell)


def blame(
    tested: Tested,
    found: dict[CellKey, CellValue],
    stated: Stated | None = None,
) -> list[CheckResult]:
    """Name, on each failed relation, the one cell whose change would satisfy the most
    failed relations while breaking none that hold, with the value that would do it.

    A cell explains a failed relation sum(left) = sum(right) when changing it by the
    difference closes the gap; a change explains several only when it is the same change.
    Where two cells explain equally much, one is named only when it alone was read with
    doubt, or when it alone, changed so, makes a figure the narrative states true;
    otherwise none is. ``verdict`` says whether the report itself prints the inconsistency:
    ``printed`` when the named cell (or, where none is named, every cell of the relation)
    was read without doubt, else ``check``.
    """
    stated = stated or {}
    failed = [(r, left, right) for r, left, right in tested if r.failed]
    if not failed:
        return [r for r, _, _ in tested]
    named = _named(_changes(tested, failed, found), found, stated)
    return _with_suspects(tested, named, found)


def _changes(tested: Tested, failed: Tested, found: dict[CellKey, CellValue]) -> list[Change]:
    """Every change of one cell that closes the gap of a failed relation, best first: a
    change explains several failures only when it is the same change."""
    proposals: dict[tuple[CellKey, float], set[int]] = {}
    for index, (result, left, right) in enumerate(failed):
        gap = (result.actual or 0.0) - (result.expected or 0.0)
        for key in set(left) | set(right):
            value = found[key].value or 0.0
            new = value - gap if key in left else value + gap
            if key in left and key in right:
                continue
            proposals.setdefault((key, round(new, 6)), set()).add(index)
    held = [(left, right) for r, left, right in tested if r.held]
    scored: list[Change] = []
    for (key, new), explained in proposals.items():
        if new < 0:
            continue
        breaks = sum(1 for left, right in held if key in left or key in right)
        scored.append((len(explained) - breaks, key, new, explained))
    scored.sort(key=lambda item: -item[0])
    return scored


def _named(
    scored: Sequence[Change], found: dict[CellKey, CellValue], stated: Stated
) -> dict[int, tuple[CellKey, float]]:
    """Failed relation (by index) → the cell named for it and its value. Best first, each
    cell names the failures it explains that no other has explained; two equally good
    cells for the same failure leave it unnamed, unless one alone was read with doubt or
    alone makes a figure the narrative states true. Misreads in different places of a
    report are each named."""
    named: dict[int, tuple[CellKey, float]] = {}
    for score, key, new, explained in scored:
        if score <= 0:
            break
        if explained & named.keys():
            continue
        rivals = [
            other
            for other in scored
            if other[0] == score and other[1] != key and other[3] & explained
        ]
        if rivals:
            others = [(other[1], other[2]) for other in rivals]
            doubt = _only_doubtful(key, [k for k, _ in others], found)
            said = _stated_so(key, new, found, stated) and not any(
                _stated_so(k, v, found, stated) for k, v in others
            )
            if not doubt and not said:
                continue
        named.update({index: (key, new) for index in explained})
    return named


def _with_suspects(
    tested: Tested, named: dict[int, tuple[CellKey, float]], found: dict[CellKey, CellValue]
) -> list[CheckResult]:
    """The results, each failed one with its suspect (where named) and its verdict."""
    out: list[CheckResult] = []
    failed_index = 0
    for result, left, right in tested:
        if result.held:
            out.append(result)
            continue
        suspect = named.get(failed_index)
        failed_index += 1
        if suspect is None:
            certain = all(_certain(found[k]) for k in (*left, *right))
            out.append(replace(result, verdict=Verdict.PRINTED if certain else Verdict.CHECK))
            continue
        key, new = suspect
        out.append(
            replace(
                result,
                suspect=key.dotted(),
                suggested=new,
                verdict=Verdict.PRINTED if _certain(found[key]) else Verdict.CHECK,
            )
        )
    return out
