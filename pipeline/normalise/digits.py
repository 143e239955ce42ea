"""Split runs of digits whose cells ran together (``801000081`` → 80 1 0 0 0 0 81).

Crawlers that save a page's text drop the separators between a row's cells; a few survive
as spaces (``230 000023`` is 23 0 | 0 0 0 0 23), and a minus sign starts a cell of its own
(``2648-18538`` is 2648 | -18 538 or another split of the second run). The row's arithmetic
relations (a total equals the sum of its parts) usually leave one split that fits; where
several fit, the caller flags the row instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from fractions import Fraction

# A relation over positions: sum(left) == sum(right).
Constraint = tuple[tuple[int, ...], tuple[int, ...]]
# The longest number a single cell of these tables plausibly holds.
MAX_CELL_DIGITS = 9
# How many partial splits are tried at most (a few milliseconds): a run of hundreds of
# digits in a hostile file must not cost minutes.
MAX_STEPS = 20_000
STEPS_PER_SPLIT = 300


class TooManySplits(ValueError):
    """A run with so many ways to split that they were not all tried: as ambiguous as a
    run can be."""


# One piece of a run: digits, perhaps a sign before them and decimals after them.
_PIECE = re.compile(r"^([+-]?)(\d+)(\.\d+)?(万元|元)?$")


def is_run_piece(text: str) -> bool:
    """Whether a token can be one or more cells run together."""
    return bool(_PIECE.match(_normal(text)))


def _normal(text: str) -> str:
    """Full-width digits and signs as ASCII."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


def split_digit_run(
    run: str,
    parts: int,
    constraints: Sequence[Constraint] = (),
    limit: int = 2,
    stated: Sequence[tuple[tuple[int, ...], int]] = (),
) -> list[list[int]]:
    """All ways (up to ``limit``) to cut ``run`` into ``parts`` numbers satisfying every
    constraint, and where given (``stated``), with the parts at some positions adding up
    to the sum the report's text states. A number has no leading zero unless it is ``0``.

    >>> split_digit_run("801000081", 7, [((6,), (0, 1, 2, 3, 4, 5))])
    [[80, 1, 0, 0, 0, 0, 81]]
    """
    if not run.isdigit():
        return []
    found = split_runs([run], parts, constraints, limit, stated)
    return [[int(text) for text in split] for split in found]


def split_runs(
    pieces: Sequence[str],
    parts: int,
    constraints: Sequence[Constraint] = (),
    limit: int = 2,
    stated: Sequence[tuple[tuple[int, ...], float]] = (),
    signed: Collection[int] | None = None,
) -> list[list[str]]:
    """All ways (up to ``limit``) to cut the ``pieces`` (runs of digits, each one cell or
    more, a sign before a piece belonging to its first cell and decimals after it to its
    last) into ``parts`` cells, as the cells' texts. A cell has no leading zero unless it
    is ``0``; a negative cell only falls in a position of ``signed`` (any, when None).

    >>> split_runs(["230", "000023"], 7, [((6,), (0, 1, 2, 3, 4, 5))])
    [['23', '0', '0', '0', '0', '0', '23']]
    >>> split_runs(["35", "-15"], 2)
    [['35', '-15']]
    """
    shapes = _shapes(pieces, parts)
    if shapes is None:
        return []
    search = _Search(shapes, parts, constraints, limit, stated, signed)
    search.walk(0, 0)
    if search.steps > search.budget:
        count = sum(len(digits) for _, digits, _ in shapes)
        raise TooManySplits(f"{count} digits in {parts} cells: too many ways to try")
    return search.found


# One piece of a run as (sign, digits, decimals and unit).
Shape = tuple[str, str, str]


def _shapes(pieces: Sequence[str], parts: int) -> list[Shape] | None:
    """The pieces of a run as shapes, or None when they cannot make ``parts`` cells."""
    parsed = [_PIECE.match(_normal(p)) for p in pieces]
    if not pieces or parts < len(pieces) or any(m is None for m in parsed):
        return None
    # a unit (元) may close only the last piece, and stays with the last cell
    if any(m is not None and m.group(4) for m in parsed[:-1]):
        return None
    shapes = [
        (m.group(1), m.group(2), (m.group(3) or "") + (m.group(4) or ""))
        for m in parsed
        if m is not None
    ]
    count = sum(len(digits) for _, digits, _ in shapes)
    if count < parts or count > parts * MAX_CELL_DIGITS:
        return None
    return shapes


class _Search:
    """The search of :func:`split_runs`: cells cut from the pieces one by one, each
    checked against the relations (and stated sums) it completes as soon as it is cut."""

    def __init__(
        self,
        shapes: Sequence[Shape],
        parts: int,
        constraints: Sequence[Constraint],
        limit: int,
        stated: Sequence[tuple[tuple[int, ...], float]],
        signed: Collection[int] | None,
    ) -> None:
        self.shapes = shapes
        self.parts = parts
        self.limit = limit
        self.signed = signed
        self.closing: dict[int, list[Constraint]] = {}
        for left, right in constraints:
            self.closing.setdefault(max((*left, *right)), []).append((left, right))
        self.fixed: dict[int, list[tuple[tuple[int, ...], Fraction]]] = {}
        for positions, total in stated:
            self.fixed.setdefault(max(positions), []).append((positions, Fraction(str(total))))
        # Totals printed after their parts (总计 after the columns it sums): while the parts
        # are being cut, the digits left must still be able to print a total that large.
        self.ahead = [
            (left, right)
            for left, right in constraints
            if left and right and min(left) > max(right)
        ]
        self.found: list[list[str]] = []
        self.steps = 0  # cells tried: a run with too many ways to split stops early
        self.budget = max(MAX_STEPS, STEPS_PER_SPLIT * limit)
        self.texts: list[str] = []
        self.values: list[Fraction | int] = []

    def holds(self, index: int, digits_left: int) -> bool:
        """Whether the cells cut so far, the last at ``index``, keep every relation."""
        values = self.values
        for left, right in self.ahead:
            if index < min(left):
                partial = sum(values[i] for i in right if i <= index)
                largest = len(left) * (10 ** min(digits_left, MAX_CELL_DIGITS) - 1)
                if partial > largest:
                    return False
        return all(
            sum(values[i] for i in left) == sum(values[i] for i in right)
            for left, right in self.closing.get(index, [])
        ) and all(sum(values[i] for i in p) == total for p, total in self.fixed.get(index, []))

    def walk(self, piece: int, position: int) -> None:
        """Cut the next cell from piece ``piece`` at ``position``, every way that can still
        fill the cells left, and go on from each."""
        if len(self.found) >= self.limit or self.steps > self.budget:
            return
        self.steps += 1
        if piece == len(self.shapes):
            if len(self.texts) == self.parts:
                self.found.append(list(self.texts))
            return
        sign, digits, decimals = self.shapes[piece]
        left_after = sum(len(d) for _, d, _ in self.shapes[piece + 1 :])
        parts_left = self.parts - len(self.texts)
        pieces_after = len(self.shapes) - piece - 1
        if parts_left == 0:
            return
        longest = min(MAX_CELL_DIGITS, len(digits) - position)
        for width in range(1, longest + 1):
            end = position + width
            rest = len(digits) - end
            # this piece's rest, then the later pieces, must still fill the parts left
            need = parts_left - 1
            if rest + left_after < need or (rest == 0 and need < pieces_after):
                continue
            if rest > 0 and need < 1 + pieces_after:
                continue
            text = digits[position:end]
            if width > 1 and text[0] == "0":
                break
            if rest == 0:
                text += decimals
            if position == 0 and sign == "-":
                if self.signed is not None and len(self.texts) not in self.signed:
                    continue
                text = "-" + text
            self._cut(text, rest + left_after, (piece + 1, 0) if rest == 0 else (piece, end))

    def _cut(self, text: str, digits_left: int, then: tuple[int, int]) -> None:
        """Take ``text`` as the next cell and, where the relations still hold, go on at
        ``then`` (piece, position) with ``digits_left`` digits to cut."""
        self.texts.append(text)
        number = text.rstrip("万元")
        self.values.append(Fraction(number) if "." in number else int(number))
        if self.holds(len(self.texts) - 1, digits_left):
            self.walk(*then)
        self.texts.pop()
        self.values.pop()
