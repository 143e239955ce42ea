"""Lines of words: the characters outside the grid rows grouped into lines by their
baseline, and each line split into cells at wide gaps (a number's own gaps aside) and at
gaps that stand out between two columns' words.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pipeline.readers.layout import PAGE_NUMBER, in_margin
from pipeline.readers.pdf.chars import DIGIT_GAP, SIGNS, Char, cjk, overdrawn, text_of
from pipeline.records import Line, TextCell

# Within a line, a gap wider than this many font sizes starts a new cell.
CELL_GAP = 0.9
# After a decimal point or separator the gap must be wider to start a cell.
NUMBER_GAP = 2.0


def _after_separator(run: Sequence[Char], char: Char) -> bool:
    """Whether ``char`` is a digit after a decimal point or thousands separator that itself
    follows a digit: a point's glyph is narrow, so the gap after it looks wide."""
    if char.text.isdigit() and run[-1].text in SIGNS:
        return True  # a minus sign's glyph is narrow too
    return (
        char.text.isdigit() and len(run) > 1 and run[-1].text in ".,，．" and run[-2].text.isdigit()
    )


# In a run of characters, a gap wider than this many font sizes, and than UNEVEN times
# the run's usual gap, parts two words: header words of neighbouring columns set close.
WORD_GAP = 0.4
UNEVEN = 2.5


def _split_uneven(run: list[Char]) -> list[list[Char]]:
    """A run cut at its gaps that stand out: "商业 科研" (two columns' words, a little
    apart) becomes two, and so does "17144" whose "44" stands apart from "171" (two
    columns' numbers set close), while letter-spaced text, whose every gap is wide, stays
    whole."""
    if len(run) < 3:
        return [run]
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    usual = sorted(gaps)[len(gaps) // 2]
    pieces = [[run[0]]]
    for gap, char in zip(gaps, run[1:], strict=True):
        uneven = gap > UNEVEN * max(usual, 0.0) + 0.15 * char.size
        wide = gap > WORD_GAP * char.size and uneven
        before = pieces[-1][-1].text
        if (wide and cjk(before) and cjk(char.text)) or (
            uneven and before.isdigit() and char.text.isdigit()
        ):
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return pieces


def word_lines(chars: list[Char], page: int, height: float) -> list[tuple[float, Line]]:
    """Loose characters → lines by baseline → cells at gaps wider than CELL_GAP sizes."""
    groups: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (round(c.baseline, 1), c.x0)):
        if groups and abs(char.baseline - groups[-1][0].baseline) <= max(2.0, 0.4 * char.size):
            groups[-1].append(char)
        else:
            groups.append([char])
    lines: list[tuple[float, Line]] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        runs: list[list[Char]] = [[group[0]]]
        for char in group[1:]:
            previous = runs[-1][-1]
            limit = NUMBER_GAP if _after_separator(runs[-1], char) else CELL_GAP
            if char.text.isdigit() and (previous.text.isdigit() or cjk(previous.text)):
                limit = DIGIT_GAP  # two numbers close together ("139 62"), or a number
                # close after a label that fills its column
            if char.x0 - previous.x1 > limit * char.size:
                runs.append([char])
            else:
                runs[-1].append(char)
        runs = [piece for run in runs for piece in _split_uneven(run)]
        cells = tuple(
            TextCell(
                text_of(run),
                run[0].x0,
                run[-1].x1,
                top=min(c.top for c in run),
                bottom=max(c.bottom for c in run),
                order_unsure=overdrawn(run),
            )
            for run in runs
        )
        lines.append((min(c.top for c in group), Line(cells, page=page)))
    return _without_page_numbers(lines, height)


def _without_page_numbers(
    lines: list[tuple[float, Line]], height: float
) -> list[tuple[float, Line]]:
    """The lines without a page number: a line of one number in the page's head or foot
    band, above every other line or below (a number of a table's row that crosses the
    band has lines on both sides)."""
    if not lines:
        return lines
    first, last = min(top for top, _ in lines), max(top for top, _ in lines)
    return [
        (top, line)
        for top, line in lines
        if not (in_margin(top, height) and PAGE_NUMBER.match(line.text) and top in (first, last))
    ]
