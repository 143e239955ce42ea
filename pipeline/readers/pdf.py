"""PDF with a text layer, read with pypdfium2 (PDFium, in C: fast).

Every page's text is taken first, to tell which pages hold the tables. On those pages the
characters with their boxes and the ruling lines are read: where vertical rules cross a
band between two horizontal rules, that band is a grid row and each character goes to the
cell it sits in (a blank cell stays a blank cell); everything else is grouped into lines of
positioned words, split into cells at wide gaps.

pdfplumber (pdfminer) gives the same characters and lines, but parses a page in Python
about ten times slower; PDFium also drops the doubled characters of fake bold.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.readers.layout import PAGE_NUMBER, Rule, bands, closed, in_margin
from pipeline.records import Document, Line, ReadError, Status, TextCell

PagePredicate = Callable[[str], bool]

# A path thinner than this (points) is a rule, not a box.
RULE_WIDTH = 2.0
# Rules closer than this (points) are the same rule.
SNAP = 2.0
# Within a line, a gap wider than this many font sizes starts a new cell.
CELL_GAP = 0.9
# After a decimal point or separator the gap must be wider to start a cell.
NUMBER_GAP = 2.0
# Digits further apart than this many font sizes belong to two numbers (characters are
# placed by their advance, so the digits of one number touch, tracking aside).
DIGIT_GAP = 0.25


class _Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


# --- fonts a PDF names but does not embed --------------------------------------------------

# Font charsets PDFium asks for a Chinese, Japanese or Korean font.
_CJK_CHARSETS = frozenset({128, 129, 134, 136})
_FALLBACK = 0x0F0F  # our font's handle for PDFium (any value the system's handles are not)
_FALLBACK_NAME = b"OgiFallback"


class _Fonts:
    """PDFium's font mapper, in front of the machine's. A Chinese font that a PDF names
    but does not embed (宋体, STSong-Light) is given ``pipeline/data/fallback.ttf``, whose
    every glyph is a box with the em as its advance:

    - always when reading the text layer: characters are then placed by the file's own
      widths and the font's size, never by the glyph boxes of whatever font this machine
      substitutes, so the same PDF gives the same cells on every machine (and loading a
      20 MB system font for every document cost three quarters of the reading time);
    - when rendering a page (``rendering()``), only where the machine has no Chinese
      font. PDFium drops a text object whose glyphs have no outline, so the page would
      lose those characters. ``used`` counts these stand-ins: a page drawn with one does
      not look like the page, so it gets no second reading.

    The choice is made when a document loads its fonts, so it holds per document."""

    def __init__(self) -> None:
        self.data = resources.files("pipeline.data").joinpath("fallback.ttf").read_bytes()
        self.base = pdfium_c.FPDF_GetDefaultSystemFontInfo()
        self.used = 0
        self.stand_in = True
        info = pdfium_c.FPDF_SYSFONTINFO()
        info.version = 1
        kinds = dict(info._fields_)
        self.callbacks = {
            name: kinds[name](function)
            for name, function in (
                ("Release", self._release),
                ("EnumFonts", self._enum),
                ("MapFont", self._map),
                ("GetFont", self._get),
                ("GetFontData", self._data),
                ("GetFaceName", self._face),
                ("GetFontCharset", self._charset),
                ("DeleteFont", self._delete),
            )
        }
        for name, callback in self.callbacks.items():
            setattr(info, name, callback)
        self.info = info
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))

    def _release(self, this: Any) -> None:
        pass

    def _enum(self, this: Any, mapper: Any) -> None:
        self.base.contents.EnumFonts(self.base, mapper)
        for charset in _CJK_CHARSETS:
            pdfium_c.FPDF_AddInstalledFont(mapper, _FALLBACK_NAME, charset)

    def _map(self, this: Any, weight: int, italic: int, charset: int, pitch: int,
             face: bytes, exact: Any) -> int:  # fmt: skip
        if charset in _CJK_CHARSETS and self.stand_in:
            return _FALLBACK
        found = self.base.contents.MapFont(self.base, weight, italic, charset, pitch, face, exact)
        if charset in _CJK_CHARSETS and (
            not found or self.base.contents.GetFontCharset(self.base, found) not in _CJK_CHARSETS
        ):
            if found:
                self.base.contents.DeleteFont(self.base, found)
            self.used += 1
            return _FALLBACK
        return found or 0

    def _get(self, this: Any, face: bytes) -> int:
        if face == _FALLBACK_NAME:
            self.used += 0 if self.stand_in else 1
            return _FALLBACK
        return self.base.contents.GetFont(self.base, face) or 0

    def _data(self, this: Any, font: int, table: int, buffer: Any, size: int) -> int:
        if font != _FALLBACK:
            return int(self.base.contents.GetFontData(self.base, font, table, buffer, size))
        if table != 0:
            return 0
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.data, len(self.data))
        return len(self.data)

    def _face(self, this: Any, font: int, buffer: Any, size: int) -> int:
        if font != _FALLBACK:
            return int(self.base.contents.GetFaceName(self.base, font, buffer, size))
        name = _FALLBACK_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def _charset(self, this: Any, font: int) -> int:
        if font == _FALLBACK:
            return 134
        return int(self.base.contents.GetFontCharset(self.base, font))

    def _delete(self, this: Any, font: int) -> None:
        if font != _FALLBACK:
            self.base.contents.DeleteFont(self.base, font)

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """Documents opened inside are drawn with the machine's own fonts."""
        self.stand_in = False
        try:
            yield
        finally:
            self.stand_in = True


@functools.cache
def fonts() -> _Fonts:
    """The font mapper, installed once per process (before the first PDF is opened)."""
    return _Fonts()


def _open(path: str) -> pdfium.PdfDocument:
    fonts()
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        text = str(error)
        if "password" in text.lower():
            raise ReadError(
                Status.FAILED, "the PDF is encrypted and needs a password to open"
            ) from error
        raise ReadError(
            Status.FAILED, f"not a readable PDF (damaged or truncated): {text}"
        ) from error


# A character drawn again within this share of its size of where it was drawn is the
# same character printed twice (fake bold: the text drawn twice with a small offset).
FAKE_BOLD_OFFSET = 0.15


def _chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, height: float) -> list[_Char]:
    """The page's characters, placed by the PDF's own metrics: the loose box of each (its
    origin and advance from the font's widths in the file, its height from the font's
    size, ascent and descent), never the glyph box of whatever font the machine
    substitutes for one the file does not embed; fake bold's second copies dropped.
    (The hottest loop of PDF reading: PDFium's functions are called directly.)"""
    chars: list[_Char] = []
    handle = textpage.raw
    unicode_of = pdfium_c.FPDFText_GetUnicode
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    origin = pdfium_c.FPDFText_GetCharOrigin
    rect = pdfium_c.FS_RECTF()
    x = ctypes.c_double()
    y = ctypes.c_double()
    # where each character was drawn, by character and band of baselines: a character
    # drawn again within FAKE_BOLD_OFFSET of its size of a place is dropped
    seen: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        code = unicode_of(handle, index)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
            continue
        if not loose_box(handle, index, rect):
            continue
        origin(handle, index, x, y)
        top, bottom, x0 = rect.top, rect.bottom, rect.left
        size = (top - bottom) or pdfium_c.FPDFText_GetFontSize(handle, index) or 10.0
        baseline = height - y.value
        step = max(FAKE_BOLD_OFFSET * size, 0.5)
        band = int(baseline // step)
        if any(
            abs(x0 - other_x) <= step and abs(baseline - other_y) <= step
            for key in ((code, band - 1), (code, band), (code, band + 1))
            for other_x, other_y in seen.get(key, ())
        ):
            continue
        seen.setdefault((code, band), []).append((x0, baseline))
        chars.append(
            _Char(chr(code), x0, rect.right, height - top, height - bottom, baseline, size)
        )
    return chars


def _rules(page: pdfium.PdfPage, height: float) -> tuple[list[Rule], list[Rule]]:
    """(horizontal, vertical) rules: thin paths, and the four sides of boxes."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for left, bottom, right, top in _path_bounds(page):
        top_y, bottom_y = height - top, height - bottom
        width, tall = right - left, bottom_y - top_y
        if tall < RULE_WIDTH and width >= RULE_WIDTH:
            horizontal.append(Rule((top_y + bottom_y) / 2, left, right))
        elif width < RULE_WIDTH and tall >= RULE_WIDTH:
            vertical.append(Rule((left + right) / 2, top_y, bottom_y))
        elif width >= RULE_WIDTH and tall >= RULE_WIDTH:
            horizontal += [Rule(top_y, left, right), Rule(bottom_y, left, right)]
            vertical += [Rule(left, top_y, bottom_y), Rule(right, top_y, bottom_y)]
    return horizontal, vertical


# How deep paths are looked for inside form XObjects.
FORM_DEPTH = 3


def _path_bounds(page: pdfium.PdfPage) -> Iterator[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of every path object of the page, in form XObjects too,
    through PDFium's own calls (no Python object for each of a page's many objects)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    stack = [(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0)]
    while stack:
        parent, count, get, depth = stack.pop()
        for index in range(count(parent)):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if pdfium_c.FPDFPageObj_GetBounds(obj, *boxes):
                    yield left.value, bottom.value, right.value, top.value
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth + 1 < FORM_DEPTH:
                form = (obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
                stack.append((*form, depth + 1))


def _numeric(char: str) -> bool:
    return char.isdigit() or char in ".,，．"


SIGNS = "-－+＋−"


def _after_separator(run: Sequence[_Char], char: _Char) -> bool:
    """Whether ``char`` is a digit after a decimal point or thousands separator that itself
    follows a digit: a point's glyph is narrow, so the gap after it looks wide."""
    if char.text.isdigit() and run[-1].text in SIGNS:
        return True  # a minus sign's glyph is narrow too
    return (
        char.text.isdigit() and len(run) > 1 and run[-1].text in ".,，．" and run[-2].text.isdigit()
    )


def _text_of(chars: Sequence[_Char]) -> str:
    """Characters → text, line by line (by baseline), with a space at wide gaps."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if lines and abs(char.baseline - lines[-1][0].baseline) <= 0.5 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = line[0].text
        for previous, char in itertools.pairwise(line):
            # Digits are not split at a narrow gap (full-width ones drawn narrower than
            # their advance, tracking), but a gap of a whole character parts two numbers.
            gap = char.x0 - previous.x1
            numeric = char.text.isdigit() and (_numeric(previous.text) or previous.text in SIGNS)
            wide = gap > (DIGIT_GAP if numeric else 0.4) * char.size
            text += (" " if wide else "") + char.text
        out.append(text)
    return "\n".join(out)


# A line of a cell that holds only a piece of a number.
_NUMBER_LINE = re.compile(r"^[0-9０-９,，.．]+$")


def _wrapped_number(
    text: str, chars: Sequence[_Char], left: float, right: float, padding: float
) -> bool:
    """Whether a cell's lines are one number wrapped inside it: only digits, and every
    line but the last runs up to the cell's right side, or could not take the next line's
    first digit within the cell's ``padding`` on both sides (two numbers stacked in a
    cell whose rule between them was not drawn leave room there)."""
    if not all(_NUMBER_LINE.match(part) for part in text.split("\n")):
        return False
    lines: dict[int, list[_Char]] = {}
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


def _grid_lines(
    chars: list[_Char], bands: list[tuple[float, float, list[float]]], page: int
) -> tuple[list[tuple[float, Line]], list[_Char]]:
    """Grid rows from the bands, and the characters left outside every band."""
    rows: list[tuple[float, Line]] = []
    placed: set[int] = set()
    order = sorted(range(len(chars)), key=lambda i: chars[i].cy)
    heights = [chars[i].cy for i in order]
    for top, bottom, xs in bands:
        inside = [
            i
            for i in order[bisect_left(heights, top) : bisect_right(heights, bottom)]
            if xs[0] <= chars[i].cx <= xs[-1]
        ]
        if not inside:
            continue
        cells = []
        apart = False
        columns = [
            (left, right, [chars[i] for i in inside if left <= chars[i].cx < right])
            for left, right in itertools.pairwise(xs)
        ]
        # the row's cell padding: the least room left of a cell's text
        padding = min(min(c.x0 for c in m) - left for left, _, m in columns if m)
        for left, right, members in columns:
            apart = apart or _columns_apart(members)
            text = _text_of(members).strip()
            if "\n" in text and _wrapped_number(text, members, left, right, max(padding, 0.0)):
                text = text.replace("\n", "")
            cells.append(TextCell(text, left, right, top=top, bottom=bottom))
        if apart or len(cells) == 1:
            # rules around the row but not between its columns: its texts are read as
            # lines, where gaps part them (a row that is one cell loses nothing by it)
            continue
        placed.update(inside)
        rows.append((top, Line(tuple(cells), page=page, grid=True)))
    return rows, [c for i, c in enumerate(chars) if i not in placed]


# Within a grid cell, words further apart than this many font sizes stand in columns
# whose rule was not drawn.
WORDS_APART = 2.0


def _columns_apart(chars: Sequence[_Char]) -> bool:
    """Whether, on one line of a grid cell, a number starts after a gap wide enough to
    part two cells, or a word after a gap wider than WORDS_APART: the cell spans columns
    whose rules were not drawn (a table ruled between rows only, or boxed), so its texts
    are cells of their own."""
    ordered = sorted(chars, key=lambda c: (round(c.baseline), c.x0))
    for previous, char in itertools.pairwise(ordered):
        if abs(char.baseline - previous.baseline) > 0.5 * char.size:
            continue
        gap = char.x0 - previous.x1
        starts_number = char.text.isdigit() or char.text in SIGNS
        if gap > (CELL_GAP if starts_number else WORDS_APART) * char.size:
            return True
    return False


# Characters stacked at one x, this many at least, each standing alone on its line and
# spelling table 三's vertical label (三、本年度办理结果), are that label printed one
# character per line, at a line's pitch or spread over its tall cell (up to SPREAD_PITCH
# font sizes apart). Other stacks (a letter-spaced header wrapped in a narrow cell) are
# left to the header reading.
VERTICAL_LEAST = 3
SPREAD_PITCH = 6.0
VERTICAL_WORD = "办理"
ALONE = 0.3


def _vertical_labels(chars: list[_Char], page: int) -> tuple[list[tuple[float, Line]], list[_Char]]:
    """Labels printed one character per line (the vertical 三、本年度办理结果 of table 三, in
    a narrow column, with or without rules) → one line each, at the top of the column; and
    the characters left. Without this their characters join the rows they sit beside."""
    by_line: dict[int, list[_Char]] = {}
    for char in chars:
        by_line.setdefault(round(char.baseline), []).append(char)
    starts: dict[int, list[float]] = {}
    for key, line in by_line.items():
        line.sort(key=lambda c: c.x0)
        starts[key] = [c.x0 for c in line]
    widest = max((c.x1 - c.x0 for c in chars), default=0.0)
    alone: list[_Char] = []
    for char in chars:
        if not (_cjk(char.text) or char.text in "、，"):
            continue
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
        if all(other.x0 - char.x1 > gap or char.x0 - other.x1 > gap for other in near):
            alone.append(char)
    alone.sort(key=lambda c: (round(c.x0), c.top))
    chains: list[list[_Char]] = []
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
    found = [chain for chain in chains if _stacked(chain, chains)]
    if not found:
        return [], chars
    taken = {id(c) for chain in found for c in chain}
    lines = [
        (
            chain[0].top,
            Line(
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
            ),
        )
        for chain in found
    ]
    return lines, [c for c in chars if id(c) not in taken]


def _stacked(chain: Sequence[_Char], chains: Sequence[Sequence[_Char]]) -> bool:
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


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


# In a run of characters, a gap wider than this many font sizes, and than UNEVEN times
# the run's usual gap, parts two words: header words of neighbouring columns set close.
WORD_GAP = 0.4
UNEVEN = 2.5


def _split_uneven(run: list[_Char]) -> list[list[_Char]]:
    """A run cut at its gaps that stand out: "商业 科研" (two columns' words, a little
    apart) becomes two, while letter-spaced text, whose every gap is wide, stays whole."""
    if len(run) < 3:
        return [run]
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    usual = sorted(gaps)[len(gaps) // 2]
    pieces = [[run[0]]]
    for gap, char in zip(gaps, run[1:], strict=True):
        wide = gap > WORD_GAP * char.size and gap > UNEVEN * max(usual, 0.0) + 0.15 * char.size
        if wide and _cjk(pieces[-1][-1].text) and _cjk(char.text):
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return pieces


def _word_lines(chars: list[_Char], page: int, height: float) -> list[tuple[float, Line]]:
    """Loose characters → lines by baseline → cells at gaps wider than CELL_GAP sizes."""
    groups: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (round(c.baseline, 1), c.x0)):
        if groups and abs(char.baseline - groups[-1][0].baseline) <= max(2.0, 0.4 * char.size):
            groups[-1].append(char)
        else:
            groups.append([char])
    lines: list[tuple[float, Line]] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        runs: list[list[_Char]] = [[group[0]]]
        for char in group[1:]:
            previous = runs[-1][-1]
            limit = NUMBER_GAP if _after_separator(runs[-1], char) else CELL_GAP
            if char.text.isdigit() and (previous.text.isdigit() or _cjk(previous.text)):
                limit = DIGIT_GAP  # two numbers close together ("139 62"), or a number
                # close after a label that fills its column
            if char.x0 - previous.x1 > limit * char.size:
                runs.append([char])
            else:
                runs[-1].append(char)
        runs = [piece for run in runs for piece in _split_uneven(run)]
        cells = tuple(
            TextCell(
                _text_of(run),
                run[0].x0,
                run[-1].x1,
                top=min(c.top for c in run),
                bottom=max(c.bottom for c in run),
            )
            for run in runs
        )
        line = Line(cells, page=page)
        top = min(c.top for c in group)
        if in_margin(top, height) and PAGE_NUMBER.match(line.text):
            continue
        lines.append((top, line))
    return lines


# The numbers of a page, line by line.
Numbers = Sequence[tuple[TextCell, ...]]

# A number wrapped in a narrow cell goes on at the next line's pitch: the gap between the
# two lines is at most this many times a line's height.
WRAP_LEADING = 0.6
# ... and the piece above fills its column: it is as wide as the widest number printed in
# that column of its table, within this many of its digits.
WRAP_FILLS = 0.5


def _numbers_only(line: Line) -> bool:
    return all(_NUMBER_LINE.match(c.text) for c in line.cells)


def _wrapped_numbers(
    lines: list[tuple[float, Line]], horizontal: Sequence[Rule]
) -> list[tuple[float, Line]]:
    """Lines of numbers only that finish numbers of the line above, wrapped in narrow cells
    of a table without vertical rules (a browser breaks full-width digits anywhere): each
    piece sits under a number that fills its column, one line's pitch below it, with no
    rule between. They are joined to the numbers above them ("１２" over "８２" is 1282)."""
    lines = sorted(lines, key=lambda item: item[0])
    numbers = [
        tuple(c for c in line.cells if _NUMBER_LINE.match(c.text) and c.x0 is not None)
        for _, line in lines
    ]
    words = [c for _, line in lines for c in line.cells if not _NUMBER_LINE.match(c.text)]
    out: list[tuple[float, Line]] = []
    for top, line in lines:
        # a label's next line may share the line with the pieces: it stays a line
        labels = tuple(c for c in line.cells if not _NUMBER_LINE.match(c.text))
        rest = Line(line.cells[len(labels) :], page=line.page)
        joined = None
        if out and labels == line.cells[: len(labels)]:
            goes_on = _label_goes_on(labels, out[-1][1], words)
            if goes_on is not None:
                joined = _joined(out[-1][1], rest, numbers, horizontal, goes_on, above=False)
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
    return _split_around(out, numbers, horizontal)


def _split_around(
    lines: list[tuple[float, Line]], numbers: Numbers, horizontal: Sequence[Rule]
) -> list[tuple[float, Line]]:
    """Numbers wrapped over two lines in a ruled row whose cells are centred: the row's
    one-line numbers (or its label) stand on the middle line, and a wrapped number's
    pieces on the lines above and below it, in a column where the middle line has none.
    The pieces are joined onto the middle line. Only between rules (rows without rules
    could be three rows, the middle one blank in that column)."""
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
        if not _ruled_around(upper, lower[0], horizontal) or not _wraps_into(
            upper, middle.cells[0], numbers, horizontal, leading_only=True
        ):
            continue
        if not _wraps_into(upper, lower[0], numbers, [], gap=2):
            continue
        taken.append((upper, lower[0]))
    if not taken:
        return None
    joined = [
        TextCell(u.text + d.text, u.x0, max(u.x1 or 0.0, d.x1 or 0.0), top=u.top, bottom=d.bottom)
        for u, d in taken
    ]
    used = {id(c) for pair in taken for c in pair}
    cells = sorted([*middle.cells, *joined], key=lambda c: c.x0 if c.x0 is not None else -1.0)
    return (
        Line(tuple(c for c in above.cells if id(c) not in used), page=above.page),
        Line(tuple(cells), page=middle.page),
        Line(tuple(c for c in below.cells if id(c) not in used), page=below.page),
    )


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
    own = [c for c in upper.cells if not _NUMBER_LINE.match(c.text) and c.x0 is not None]
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
        cells[i] = TextCell(joined, c.x0, c.x1, top=c.top, bottom=c.bottom)
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
    labels = tuple(c for c in upper.cells if not _NUMBER_LINE.match(c.text))
    if labels != upper.cells[: len(labels)] or len(labels) == len(upper.cells):
        return None
    kept, pieces = Line(labels, page=upper.page), Line(upper.cells[len(labels) :], page=upper.page)
    if not labels:
        return kept, pieces, "none"
    own = [c for c in lower.cells if not _NUMBER_LINE.match(c.text) and c.x0 is not None]
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


def _table_page_lines(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int
) -> list[Line]:
    height = page.get_height()
    chars = _chars(page, textpage, height)
    horizontal, vertical = _rules(page, height)
    horizontal = closed(horizontal, vertical, SNAP, 4)
    grid, loose = _grid_lines(chars, bands(horizontal, vertical, SNAP, 4), number)
    vertical_labels, loose = _vertical_labels(loose, number)
    words = _wrapped_numbers(_word_lines(loose, number, height), horizontal)
    items = grid + vertical_labels + words
    items.sort(key=lambda item: item[0])
    return [line for _, line in items]


def _plain_lines(text: str, page: int) -> Iterator[Line]:
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and not PAGE_NUMBER.match(stripped):
            yield Line((TextCell(stripped),), page=page)


# A page whose text is mostly these is garbled: fonts without a Unicode map, whose glyphs
# come out as private-use code points, radicals or replacement characters.
_GARBAGE = re.compile(r"[\ue000-\uf8ff\u2e80-\u2fdf\ufffd]|\(cid:\d+\)")
GARBAGE_SHARE = 0.3


def garbled(text: str) -> bool:
    """Whether a page's text layer is mostly unreadable code points."""
    visible = re.sub(r"\s", "", text)
    if len(visible) < 20:
        return False
    bad = sum(len(m.group(0)) for m in _GARBAGE.finditer(visible))
    return bad / len(visible) > GARBAGE_SHARE


def _spans(pages: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    out: list[str] = []
    for page in pages:
        if out and out[-1].split("-")[-1] == str(page - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{page}"
        else:
            out.append(str(page))
    return ", ".join(out)


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


# A page whose text is shorter than this (visible characters) and that shows a picture
# covering at least PICTURE_SHARE of it may hold a table pasted as a picture.
PICTURE_PAGE_TEXT = 200
PICTURE_SHARE = 0.3


def _picture_share(page: pdfium.PdfPage) -> float:
    """The share of the page covered by its largest image."""
    width, height = page.get_size()
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


def _pictured(page: pdfium.PdfPage, text: str, table_page: PagePredicate) -> bool:
    """Whether a page shows its content as a picture: a scan with little or no text, or
    tables pasted as an image under a heading (its text names no table). A page with a
    full text over a background image is read from its text."""
    visible = len(re.sub(r"\s", "", text))
    if visible < 20:
        return _has_images(page)
    return (
        visible < PICTURE_PAGE_TEXT
        and not table_page(text)
        and _picture_share(page) >= PICTURE_SHARE
    )


# Pages are rendered for OCR at this resolution.
RENDER_DPI = 200.0
# Reads one rendered page (8-bit grey pixels, page number, dpi) into lines: OCR.
PageReader = Callable[[Any, int, float], list[Line]]


def _render(document: pdfium.PdfDocument, index: int, dpi: float) -> Any:
    """Page ``index`` as 8-bit grey pixels (a numpy array). Call it inside
    ``fonts().rendering()`` on a document opened there: pages are drawn with the
    machine's fonts, not the stand-in."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
    finally:
        page.close()
    try:
        pixels = bitmap.to_numpy()
        return pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, 0].copy()
    finally:
        bitmap.close()


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points
# Reads boxes of one rendered page (pixels, boxes in pixels, dpi) into their texts: OCR.
CellReader = Callable[[Any, list[tuple[int, int, int, int]], float], list[str]]


def read_boxes(
    path: str | Path, requests: Sequence[tuple[int, Box]], reader: CellReader
) -> list[str]:
    """The text ``reader`` sees in each box (page, box) of the rendered pages: a reading of
    the page's picture, not of its text layer."""
    out = [""] * len(requests)
    scale = RENDER_DPI / 72
    before = fonts().used
    with fonts().rendering():
        document = _open(str(path))
        try:
            order = sorted(range(len(requests)), key=lambda i: requests[i][0])
            for number, group in itertools.groupby(order, key=lambda i: requests[i][0]):
                indices = list(group)
                gray = _render(document, number - 1, RENDER_DPI)
                if fonts().used != before:
                    # drawn in the stand-in font, the page shows boxes, not what it prints
                    raise ReadError(Status.FAILED, "the page's fonts are not on this machine")
                height, width = gray.shape
                boxes = [
                    (
                        max(0, int(x0 * scale)),
                        max(0, int(top * scale)),
                        min(width, int(x1 * scale) + 1),
                        min(height, int(bottom * scale) + 1),
                    )
                    for x0, top, x1, bottom in (requests[i][1] for i in indices)
                ]
                for index, text in zip(indices, reader(gray, boxes, RENDER_DPI), strict=True):
                    out[index] = text
        finally:
            document.close()
    return out


# A browser's or a word processor's page head and foot lie this share of the page's
# height from its edge, outside the margins the text keeps.
RUNNING_BAND = 0.055


def _running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def _without_running_heads(lines: list[Line], heights: dict[int, float]) -> list[Line]:
    """The lines without the page furniture that a browser or a word processor prints in
    the head or foot of every page (a date and time, a title, an address and "2/3"): a
    line in a page's head or foot band whose text, digits aside, recurs on another page."""

    def marginal(line: Line) -> bool:
        height = heights.get(line.page or 0)
        top = line.cells[0].top if line.cells else None
        if height is None or top is None:
            return False
        # nearer the edge than a page's text (a table's repeated header starts there)
        return in_margin(top, height, RUNNING_BAND)

    pages: dict[str, set[int]] = {}
    for line in lines:
        if marginal(line):
            pages.setdefault(_running_key(line), set()).add(line.page or 0)
    running = {key for key, seen in pages.items() if len(seen) >= 2}
    if not running:
        return lines
    return [line for line in lines if not (marginal(line) and _running_key(line) in running)]


class _Drawing:
    """The same PDF opened a second time, on first use, to draw pages with the machine's
    fonts (the text-layer copy loads the stand-in font)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.document: pdfium.PdfDocument | None = None

    def render(self, index: int) -> Any:
        with fonts().rendering():
            if self.document is None:
                self.document = _open(self.path)
            return _render(self.document, index, RENDER_DPI)

    def close(self) -> None:
        if self.document is not None:
            self.document.close()


def read_pdf(
    path: str | Path,
    table_page: PagePredicate = lambda text: True,
    ocr: PageReader | None = None,
) -> Document:
    """Read a PDF; ``table_page`` says from a page's text whether it holds tables.

    Pages with no text but images (scans), and pages whose text is garbled, are rendered and
    given to ``ocr`` when there is one; otherwise they are named in the notes."""
    document = _open(str(path))
    drawing = _Drawing(str(path))
    lines: list[Line] = []
    any_text = False
    garbage: list[int] = []
    scanned: list[int] = []
    read_by_ocr: list[int] = []
    heights: dict[int, float] = {}
    ocr_error: ReadError | None = None
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
                is_garbage = garbled(text)
                is_scan = not is_garbage and _pictured(page, text, table_page)
                if (is_garbage or is_scan) and ocr is not None and ocr_error is None:
                    try:
                        read = ocr(drawing.render(index), index + 1, RENDER_DPI)
                        if is_scan:  # its own text first: a cover's title, a caption
                            lines.extend(_plain_lines(text, index + 1))
                        lines.extend(read)
                        read_by_ocr.append(index + 1)
                        continue
                    except ReadError as error:
                        ocr_error = error
                any_text = any_text or bool(text.strip())
                if is_garbage:
                    garbage.append(index + 1)
                elif is_scan:
                    scanned.append(index + 1)
                if table_page(text):
                    heights[index + 1] = page.get_height()
                    lines.extend(_table_page_lines(page, textpage, index + 1))
                else:
                    lines.extend(_plain_lines(text, index + 1))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
        drawing.close()
    if not count:
        raise ReadError(Status.FAILED, "the PDF has no pages")
    lines = _without_running_heads(lines, heights)
    missing = "OCR is not available" if ocr is None else "OCR could not run"
    if ocr_error is not None:
        missing = f"OCR could not run: {ocr_error.message}"
    if not any_text and not read_by_ocr:
        raise ReadError(
            Status.FAILED,
            f"the PDF has no text layer (a scan?) and {missing}, so no table was read",
        )
    notes = []
    if garbage:
        notes.append(
            f"the text layer of page {_spans(garbage)} is garbled (fonts without a Unicode map) "
            f"and {missing}"
        )
    if scanned:
        notes.append(
            f"page {_spans(scanned)} shows its content as images (a scan, or tables pasted in "
            f"as pictures) and {missing}"
        )
    if read_by_ocr:
        method = "ocr" if len(read_by_ocr) == count else "text+ocr"
        notes.append(f"page {_spans(read_by_ocr)} read by OCR")
    else:
        method = "text"
    return Document(
        format="pdf", lines=tuple(lines), pages=count, method=method, notes=tuple(notes)
    )
