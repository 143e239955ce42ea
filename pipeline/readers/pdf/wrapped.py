"""Numbers wrapped over lines: a number a narrow cell broke over two lines put back
together, in a grid cell (its lines are one number) and between loose lines of words (its
pieces stand just above, below or around the row's line, in the number's column).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pipeline.readers.layout import Rule
from pipeline.readers.pdf.chars import Char
from pipeline.records import Line, TextCell
from pipeline.text import is_number_token

# A line of a cell that holds only a piece of a number.
_NUMBER_LINE = re.compile(r"^[0-9０-９,，.．]+$")


def wrapped_number(
    text: str, chars: Sequence[Char], left: float, right: float, padding: float
) -> bool:
    """Whether a cell's lines are one number wrapped inside it: only digits, and every
    line but the last runs up to the cell's right side, or could not take the next line's
    first digit within the cell's ``padding`` on both sides (two numbers stacked in a
    cell whose rule between them was not drawn leave room there)."""
    if not all(_NUMBER_LINE.match(part) for part in text.split("\n")):
        return False
    lines: dict[int, list[Char]] = {}
    for c in chars:
        lines.setdefault(round(c.baseline), []).append(c)
    ordered = [sorted(line, key=lambda c: c.x0) for _, line in sorted(lines.items())]
    size = max(c.size for c in chars)
    room = right - left - 2 * padding
    return all(
        right - line[-1].x1 <= 1.5 * size
        or line[-1].x1 - line[0].x0 + after[0].x1 - after[0].x0 > room
        for line, after in itertools.pairwise(ordered)
    )


# The numbers of a page, line by line.
Numbers = Sequence[tuple[TextCell, ...]]

# A number wrapped in a narrow cell goes on at the next line's pitch: the gap between the
# two lines is at most this many times a line's height.
WRAP_LEADING = 0.6
# ... and the piece above fills its column: it is as wide as the widest number printed in
# that column of its table, within this many of its digits.
WRAP_FILLS = 0.5


def _pieces_of(line: Line) -> tuple[TextCell, ...]:
    """The placed cells of a line that are numbers or pieces of one (digits only)."""
    return tuple(c for c in line.cells if _NUMBER_LINE.match(c.text) and c.x0 is not None)


def _stacked(upper: TextCell, lower: TextCell) -> TextCell:
    """One number from its two lines: ``upper``'s digits then ``lower``'s, over both."""
    return TextCell(
        upper.text + lower.text,
        upper.x0,
        max(upper.x1 or 0.0, lower.x1 or 0.0),
        top=upper.top,
        bottom=lower.bottom,
        order_unsure=upper.order_unsure or lower.order_unsure,
    )


def _label(cell: TextCell) -> bool:
    """Whether a cell is a label: neither a piece of a number nor a whole value ("-3", "-",
    "1,234")."""
    return not _NUMBER_LINE.match(cell.text) and not is_number_token(cell.text)


def _numbers_only(line: Line) -> bool:
    return all(_NUMBER_LINE.match(c.text) for c in line.cells)


def wrapped_numbers(
    lines: list[tuple[float, Line]], horizontal: Sequence[Rule]
) -> list[tuple[float, Line]]:
    """Lines of numbers only that finish numbers of the line above, wrapped in narrow cells
    of a table without vertical rules (a browser breaks full-width digits anywhere): each
    piece sits under a number that fills its column, one line's pitch below it, with no
    rule between. They are joined to the numbers above them ("１２" over "８２" is 1282)."""
    lines = sorted(lines, key=lambda item: item[0])
    numbers = [_pieces_of(line) for _, line in lines]
    words = [c for _, line in lines for c in line.cells if _label(c)]
    out: list[tuple[float, Line]] = []
    for index, (top, line) in enumerate(lines):
        # a label's next line may share the line with the pieces: it stays a line
        labels = tuple(c for c in line.cells if _label(c))
        rest = Line(line.cells[len(labels) :], page=line.page)
        joined = None
        if out and labels == line.cells[: len(labels)]:
            goes_on = _label_goes_on(labels, out[-1][1], words)
            if goes_on is not None:
                joined = _joined(out[-1][1], rest, numbers, horizontal, goes_on, above=False)
            following = lines[index + 1] if index + 1 < len(lines) else None
            if (
                joined is not None
                and following is not None
                and _nearer_below(out[-1][0], (top, line), following[0])
            ):
                joined = None  # the pieces begin the numbers of the next line
        if joined is None and out:
            # numbers at the foot of their cells: the wrapped pieces stand above
            split = _pieces_above(out[-1][1], line, words)
            below = None
            if split is not None:
                kept, pieces, how = split
                below = _joined(line, pieces, numbers, horizontal, how, above=True)
            if below is not None:
                if kept.cells:
                    out[-1] = (out[-1][0], kept)
                else:
                    out.pop()
                out.append((top, below))
                continue
        if joined is None:
            out.append((top, line))
            continue
        out[-1] = (out[-1][0], joined)
        if labels:
            out.append((top, Line(labels, page=line.page)))
    return _split_around(_centred_values(out, numbers, words), numbers, horizontal)


def _values_only(line: Line) -> bool:
    """Whether every cell of a line is values (numbers, dashes), one or more apart."""
    return bool(line.cells) and all(
        part and not _label(TextCell(part)) for c in line.cells for part in c.text.split(" ")
    )


def _centred_values(
    lines: list[tuple[float, Line]], numbers: Numbers, words: Sequence[TextCell]
) -> list[tuple[float, Line]]:
    """A line of values between the two lines of a row label that wraps (its cells centred
    in a row without rules: the label's lines above and below the values' line) is that
    row's: its values join the label's first line, and so do numbers wrapped around it,
    their head on the label's first line and their tail on its second."""
    out = list(lines)
    i = 1
    while i < len(out) - 1:
        row = _centred_row(out[i - 1][1], out[i][1], out[i + 1][1], numbers, words)
        if row is not None:
            out[i - 1] = (out[i - 1][0], row[0])
            out[i + 1] = (out[i + 1][0], row[1])
            del out[i]
        i += 1
    return out


def _centred_row(
    above: Line, middle: Line, below: Line, numbers: Numbers, words: Sequence[TextCell]
) -> tuple[Line, Line] | None:
    """(the row, the label's second line) when ``middle`` holds a wrapped label's values."""
    if not _values_only(middle):
        return None
    heads = above.cells[sum(1 for c in above.cells if _label(c)) :]
    tails = below.cells[sum(1 for c in below.cells if _label(c)) :]
    labels, rest = (
        above.cells[: len(above.cells) - len(heads)],
        below.cells[: len(below.cells) - len(tails)],
    )
    if (
        not labels
        or not rest
        or not all(_label(c) for c in (*labels, *rest))
        or not all(_NUMBER_LINE.match(c.text) and c.x0 is not None for c in (*heads, *tails))
        or len(heads) != len(tails)
        or _label_goes_on(rest, above, words) != "row"
    ):
        return None
    joined = []
    for head in heads:
        tail = [t for t in tails if _same_column(t, head, 1.0)]
        if (
            len(tail) != 1
            or any(c.x0 is not None and _overlap(c, head) > 0 for c in middle.cells)
            or not _wraps_into(head, tail[0], numbers, [], gap=2)
        ):
            return None
        assert head.x1 is not None and tail[0].x1 is not None
        joined.append(_stacked(head, tail[0]))
    cells = sorted([*labels, *middle.cells, *joined], key=lambda c: c.x0 or 0.0)
    return Line(tuple(cells), page=above.page), Line(rest, page=below.page)


# Two lines are nearer than two others when their pitch is smaller by this share of a line.
NEARER = 0.15


def _nearer_below(above: float, pieces: tuple[float, Line], below: float) -> bool:
    """Whether a line of pieces that could finish the numbers of the line at ``above``
    stands nearer to the line at ``below``: a number's lines follow at the line pitch, rows
    are further apart by their cells' padding, so the pieces are not the finish of the
    numbers above but the start of those below, or the heads of numbers centred on it."""
    tall = max(
        ((c.bottom - c.top) for c in pieces[1].cells if c.top is not None and c.bottom is not None),
        default=0.0,
    )
    return below - pieces[0] < pieces[0] - above - NEARER * tall


def joined_over_a_page_break(pieces: Line, row: Line) -> Line | None:
    """A page's first ``row`` with the numbers it begins at the foot of the page before:
    there a line of nothing but pieces of numbers, each over one of the row's numbers (a
    browser broke the number, and the page broke after its first line); else None."""
    tops = [c.top for c in row.cells if c.top is not None]
    if not pieces.cells or not _numbers_only(pieces) or not tops:
        return None
    if any(c.top is None or c.bottom is None or c.x0 is None for c in pieces.cells):
        return None
    # the pieces as if they stood just over the row, one line up
    top = min(tops)
    moved = Line(
        tuple(
            replace(c, top=top - ((c.bottom or 0.0) - (c.top or 0.0)), bottom=top)
            for c in pieces.cells
        ),
        page=row.page,
    )
    return _joined(row, moved, [_pieces_of(moved), _pieces_of(row)], [], "none", above=True)


def _split_around(
    lines: list[tuple[float, Line]], numbers: Numbers, horizontal: Sequence[Rule]
) -> list[tuple[float, Line]]:
    """Numbers wrapped over two lines in a row whose cells are centred: the row's one-line
    numbers (or its label) stand on the middle line, and a wrapped number's pieces on the
    lines above and below it, in a column where the middle line has none. The pieces are
    joined onto the middle line. Between rules; without, only where the pieces' lines hold
    nothing else and the middle line has a label (else they could be three rows, the
    middle one blank in that column)."""
    out = list(lines)
    for i in range(1, len(out) - 1):
        above, middle, below = out[i - 1][1], out[i][1], out[i + 1][1]
        moved = _pieces_around(above, middle, below, numbers, horizontal)
        if moved is None:
            continue
        out[i - 1], out[i], out[i + 1] = (
            (out[i - 1][0], moved[0]),
            (out[i][0], moved[1]),
            (out[i + 1][0], moved[2]),
        )
    return [(top, line) for top, line in out if line.cells]


def _pieces_around(
    above: Line,
    middle: Line,
    below: Line,
    numbers: Numbers,
    horizontal: Sequence[Rule],
) -> tuple[Line, Line, Line] | None:
    taken: list[tuple[TextCell, TextCell]] = []
    unruled = False
    for upper in above.cells:
        if not _NUMBER_LINE.match(upper.text) or upper.x0 is None or upper.x1 is None:
            continue
        lower = [
            c for c in below.cells if _NUMBER_LINE.match(c.text) and _same_column(c, upper, 1.0)
        ]
        if len(lower) != 1 or any(
            _NUMBER_LINE.match(c.text) and c.x0 is not None and _overlap(c, upper) > 0
            for c in middle.cells
        ):
            continue
        # between rules; or, without, pieces on lines of their own around a labelled line
        # (a line of a number's digits alone is no row: a row has its label), or around
        # a row of values (table 四's, whose one row has no label)
        ruled = _ruled_around(upper, lower[0], horizontal)
        alone = _group_labels_only(above, middle) and _group_labels_only(below, middle)
        if not (ruled or alone):
            continue
        if not _wraps_into(upper, middle.cells[0], numbers, horizontal, leading_only=True):
            continue
        if not _wraps_into(upper, lower[0], numbers, [], gap=2):
            continue
        taken.append((upper, lower[0]))
        unruled = unruled or not ruled
    if not taken:
        return None
    if unruled and not all(
        sum(1 for c in line.cells if not _label(c)) == len(taken) for line in (above, below)
    ):
        return None  # without rules, the lines around hold these pieces and nothing more
    joined = [_stacked(u, d) for u, d in taken]
    used = {id(c) for pair in taken for c in pair}
    cells = sorted([*middle.cells, *joined], key=lambda c: c.x0 if c.x0 is not None else -1.0)
    return (
        Line(tuple(c for c in above.cells if id(c) not in used), page=above.page),
        Line(tuple(cells), page=middle.page),
        Line(tuple(c for c in below.cells if id(c) not in used), page=below.page),
    )


def _group_labels_only(pieces: Line, middle: Line) -> bool:
    """Whether the labels on a line of pieces (if any) are a group's, left of the row label
    of ``middle`` (（三）不予 / 公开 beside 5.属于三类内部事务信息); where ``middle`` is a row
    of values without a label (table 四's), whether the line has no label."""
    labels = [c for c in pieces.cells if _label(c)]
    own = [c for c in middle.cells if _label(c) and c.x0 is not None]
    if not own:
        return not labels and _values_only(middle) and len(middle.cells) >= 2
    start = own[-1].x0
    assert start is not None
    return all(c.x1 is not None and c.x1 <= start for c in labels)


def _ruled_around(upper: TextCell, lower: TextCell, horizontal: Sequence[Rule]) -> bool:
    """Whether rules bound the row of two pieces: one just above the upper, one just
    below the lower (within a line's height: a table's outer border alone bounds no
    row), none between them, each across the pieces' column."""
    assert upper.x0 is not None and upper.top is not None and lower.bottom is not None
    assert upper.bottom is not None
    tall = upper.bottom - upper.top
    across = [r.position for r in horizontal if r.start <= upper.x0 <= r.end]
    return (
        any(upper.top - tall <= y <= upper.top for y in across)
        and any(lower.bottom <= y <= lower.bottom + tall for y in across)
        and not any(upper.top < y < lower.bottom for y in across)
    )


# A label that starts a row of its own: "（七）", "3、", "2.", "四、".
_STARTS_ROW = re.compile(
    r"^\s*([（(][一二三四五六七八九十]+[）)]|[0-9一二三四五六七八九十]+\s*[、.．])"
)


def _label_goes_on(
    labels: Sequence[TextCell], upper: Line, words: Sequence[TextCell]
) -> str | None:
    """How label cells on a line of pieces go on the labels of the line above: "none"
    (there are none), "group" (left of the row labels above: a group's label, （四）无法 /
    提供), "row" (the row label above wrapped: it fills its column and they stand under
    it), or None: they start a row of their own."""
    if not labels:
        return "none"
    if any(_STARTS_ROW.match(c.text) for c in labels):
        return None
    own = [c for c in upper.cells if _label(c) and c.x0 is not None]
    if not own:
        return None
    last = own[-1]
    assert last.x0 is not None and last.x1 is not None
    if _left_of(labels, last):
        return "group"
    size = (last.bottom - last.top) if last.bottom is not None and last.top is not None else 0.0
    column_end = max(
        (c.x1 for c in words if c.x0 is not None and c.x1 is not None and abs(c.x0 - last.x0) < 1),
        default=last.x1,
    )
    under = all(c.x0 is not None and abs(c.x0 - last.x0) < 1 for c in labels[-1:])
    return "row" if under and last.x1 >= column_end - size else None


def _joined(
    row: Line,
    pieces: Line,
    numbers: Numbers,
    horizontal: Sequence[Rule],
    label: str,
    above: bool,
) -> Line | None:
    """``row`` with each number of ``pieces`` (a line of numbers only, just ``above`` it or
    just below it) joined to the number of ``row`` it begins or finishes, or None when
    ``pieces`` is no such line. Beside a wrapped row label, only some of the row's
    numbers may be wrapped (a line of numbers under or over every one is another row's);
    so may they not where one of them is a single digit."""
    if not pieces.cells or not _numbers_only(pieces) or any(c.x0 is None for c in pieces.cells):
        return None
    cells = list(row.cells)
    printed = [i for i, c in enumerate(cells) if _NUMBER_LINE.match(c.text) and c.x0 is not None]
    found: dict[int, str] = {}
    for piece in pieces.cells:
        beside = [i for i in printed if _overlap(cells[i], piece) > 0]
        if len(beside) != 1 or beside[0] in found:
            return None
        upper, lower = (piece, cells[beside[0]]) if above else (cells[beside[0]], piece)
        if not _wraps_into(upper, lower, numbers, horizontal):
            return None
        found[beside[0]] = piece.text
    if label == "row" and 2 * len(found) >= len(printed):
        return None
    if len(found) == len(printed) and any(len(cells[i].text) < 2 for i in printed):
        return None
    for i, text in found.items():
        c = cells[i]
        joined = text + c.text if above else c.text + text
        cells[i] = replace(c, text=joined)
    return Line(tuple(cells), page=row.page)


def _left_of(labels: Sequence[TextCell], cell: TextCell) -> bool:
    """Whether every label ends before ``cell`` begins (in a group's column left of it)."""
    return cell.x0 is not None and all(c.x1 is not None and c.x1 <= cell.x0 for c in labels)


def _pieces_above(
    upper: Line, lower: Line, words: Sequence[TextCell]
) -> tuple[Line, Line, str] | None:
    """The line above split into its labels and the numbers that may begin numbers of
    ``lower``, with how its labels stand: "none", "group" (left of the row labels of
    ``lower``: 三、本年度 over 办理结果), "row" (a row label wrapped onto ``lower``);
    None when its labels are a row's of their own."""
    labels = tuple(c for c in upper.cells if _label(c))
    if labels != upper.cells[: len(labels)] or len(labels) == len(upper.cells):
        return None
    kept, pieces = Line(labels, page=upper.page), Line(upper.cells[len(labels) :], page=upper.page)
    if not labels:
        return kept, pieces, "none"
    own = [c for c in lower.cells if _label(c) and c.x0 is not None]
    if own and _left_of(labels, own[-1]):
        return kept, pieces, "group"
    below = tuple(own)
    if below and _label_goes_on(below, upper, words) is not None:
        return kept, pieces, "row"  # the labels below go on the row's label above
    return None


def _overlap(a: TextCell, b: TextCell) -> float:
    assert a.x0 is not None and a.x1 is not None and b.x0 is not None and b.x1 is not None
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _wraps_into(
    upper: TextCell,
    lower: TextCell,
    numbers: Numbers,
    horizontal: Sequence[Rule],
    gap: int = 1,
    leading_only: bool = False,
) -> bool:
    """Whether ``lower`` (``gap`` lines below) may finish the number ``upper``: one
    line's pitch below it at most, no rule between, and ``upper`` fills its column."""
    if None in (upper.top, upper.bottom, lower.top, upper.x0, upper.x1):
        return False
    assert upper.top is not None and upper.bottom is not None and lower.top is not None
    assert upper.x0 is not None and upper.x1 is not None
    tall = upper.bottom - upper.top
    if lower.top - upper.bottom > gap * WRAP_LEADING * tall + (gap - 1) * tall:
        return False
    if leading_only:
        return True
    if any(
        upper.bottom <= r.position <= lower.top and r.start <= upper.x0 and r.end >= upper.x1
        for r in horizontal
    ):
        return False
    widest = max(
        (
            (c.x1 or 0.0) - (c.x0 or 0.0)
            for c in _peers(numbers, upper, lower)
            if _same_column(c, upper, WRAP_FILLS * tall)
        ),
        default=0.0,
    )
    digit = (upper.x1 - upper.x0) / max(len(upper.text), 1)
    return upper.x1 - upper.x0 >= widest - WRAP_FILLS * digit


def _peers(numbers: Numbers, *cells: TextCell) -> Iterator[TextCell]:
    """The numbers of the lines of ``cells``' table: lines with two numbers or more in
    the columns of the numbers on the lines of ``cells`` (a table below with other
    columns, table 四 under table 三, does not tell how wide these columns are)."""
    own = [line for line in numbers if any(c is x for c in cells for x in line)]
    places = {place for line in own for c in line for place in _places(c)}
    for line in numbers:
        if any(line is o for o in own) or sum(1 for c in line if _places(c) & places) >= 2:
            yield from line


def _places(cell: TextCell) -> set[int]:
    """Where a cell may be aligned: its left side, right side and middle."""
    x0, x1 = cell.x0 or 0.0, cell.x1 or 0.0
    return {round(x0), round(x1), round((x0 + x1) / 2)}


def _same_column(a: TextCell, b: TextCell, tolerance: float) -> bool:
    """Whether two cells are aligned in one column: by their left or right sides or by
    their middles (a number of another table that merely overlaps is not)."""
    if a.x0 is None or a.x1 is None or b.x0 is None or b.x1 is None:
        return False
    return (
        abs(a.x0 - b.x0) <= tolerance
        or abs(a.x1 - b.x1) <= tolerance
        or abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 2 * tolerance
    )
