"""Page geometry shared by the readers that see a page: the PDF text layer and OCR of scans.

Both find the ruling lines of a page and then read a table the same way: where vertical rules
cross the whole band between two horizontal rules, that band is a grid row, and everything
inside it goes to the cell between two of those rules.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

# Lines only a page number: "3", "- 3 -", "第 3 页", "3/12", "第3页 共12页".
PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+\s*(/\s*\d+)?)[-—–\s]*$")
# Top and bottom bands of a page where running heads and page numbers live.
MARGIN_FRACTION = 0.08


@dataclass(frozen=True)
class Rule:
    """A horizontal (position = y) or vertical (position = x) rule from start to end."""

    position: float
    start: float
    end: float


def snap(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted values with near-duplicates (within ``tolerance`` of the last kept) dropped."""
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= tolerance:
            continue
        out.append(value)
    return out


def bands(
    horizontal: Sequence[Rule], vertical: Sequence[Rule], tolerance: float, min_height: float
) -> list[tuple[float, float, list[float]]]:
    """Grid rows: (top, bottom, x of the vertical rules crossing the whole band). A band
    lower than ``min_height`` is no row, and two rules closer than ``min_height`` bound no
    cell (a sliver between a rule drawn twice, a little apart): the second is dropped.

    >>> h = [Rule(0, 0, 100), Rule(20, 0, 100), Rule(40, 0, 100)]
    >>> v = [Rule(0, 0, 40), Rule(50, 0, 20), Rule(100, 0, 40)]
    >>> bands(h, v, 2, 4)
    [(0, 20, [0, 50, 100]), (20, 40, [0, 100])]
    """
    ys = snap([r.position for r in horizontal], tolerance)
    out = []
    for top, bottom in itertools.pairwise(ys):
        if bottom - top < min_height:
            continue
        xs = crossing(vertical, top, bottom, tolerance, min_height)
        if len(xs) >= 2:
            out.append((top, bottom, xs))
    return out


def crossing(
    vertical: Sequence[Rule], top: float, bottom: float, tolerance: float, min_height: float
) -> list[float]:
    """The x of the vertical rules that cross the whole band from ``top`` to ``bottom``
    (rules closer than ``min_height`` to the one before left out)."""
    xs = snap(
        [
            v.position
            for v in vertical
            if v.start <= top + tolerance and v.end >= bottom - tolerance
        ],
        tolerance,
    )
    return [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] >= min_height]


def covered(rules: Sequence[Rule], start: float, end: float) -> float:
    """The share of the span from ``start`` to ``end`` that ``rules`` (at one height) cover."""
    if end <= start:
        return 0.0
    reach = start
    length = 0.0
    for rule in sorted(rules, key=lambda r: r.start):
        left, right = max(rule.start, reach), min(rule.end, end)
        if right > left:
            length += right - left
            reach = right
    return length / (end - start)


def closed(
    horizontal: Sequence[Rule], vertical: Sequence[Rule], tolerance: float, min_height: float
) -> list[Rule]:
    """The horizontal rules with those a page break cut off: where two vertical rules or
    more run on past every horizontal rule that crosses them and end together, a table's
    row went on over the page break (a browser draws a row's top rule only on the page
    where the row began), so their ends close the row.

    >>> h = [Rule(30, 0, 100), Rule(50, 0, 100)]
    >>> v = [Rule(0, 10, 50), Rule(60, 10, 50), Rule(100, 10, 50)]
    >>> [r.position for r in closed(h, v, 2, 4)]
    [30, 50, 10]
    """
    ends: dict[tuple[str, float], list[float]] = {}
    rules = sorted(horizontal, key=lambda h: h.position)
    heights = [h.position for h in rules]
    for v in vertical:
        lo = bisect_left(heights, v.start - tolerance)
        hi = bisect_right(heights, v.end + tolerance)
        crossing = [
            h.position
            for h in rules[lo:hi]
            if h.start - tolerance <= v.position <= h.end + tolerance
        ]
        if not crossing:
            continue
        if crossing[0] - v.start >= min_height:
            ends.setdefault(("top", round(v.start / tolerance)), []).append(v.position)
        if v.end - crossing[-1] >= min_height:
            ends.setdefault(("bottom", round(v.end / tolerance)), []).append(v.position)
    out = list(horizontal)
    for (_, y), xs in ends.items():
        if len(xs) >= 2:
            out.append(Rule(y * tolerance, min(xs), max(xs)))
    return out


def in_margin(top: float, height: float, fraction: float = MARGIN_FRACTION) -> bool:
    """Whether a line starting at ``top`` sits in the page's head or foot band (the outer
    ``fraction`` of its height)."""
    return top < height * fraction or top > height * (1 - fraction)
