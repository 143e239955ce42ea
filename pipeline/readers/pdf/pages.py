"""Pages as a whole: whether a page's text layer is garbled, whether it shows its content
as a picture (a scan, tables pasted as an image), the plain lines of a page without tables,
and the running heads and feet a browser or a word processor prints on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pipeline.readers.layout import PAGE_NUMBER, in_margin
from pipeline.readers.pdf.pdfium import Page
from pipeline.records import Line, TextCell

# Says from a page's text whether it holds tables.
PagePredicate = Callable[[str], bool]


def plain_lines(text: str, page: int) -> Iterator[Line]:
    """A page's text as lines of one cell each, page numbers left out."""
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and not PAGE_NUMBER.match(stripped):
            yield Line((TextCell(stripped),), page=page)


# A page whose text is mostly these is garbled: fonts without a Unicode map, whose glyphs
# come out as private-use code points, radicals or replacement characters, or fonts whose
# map is wrong, whose glyphs come out as rare characters of CJK Extension A (a report
# prints hardly any: they are for old texts and names).
_GARBAGE = re.compile(r"[\ue000-\uf8ff\u2e80-\u2fdf\u3400-\u4dbf\ufffd]|\(cid:\d+\)")
GARBAGE_SHARE = 0.3


def garbled(text: str) -> bool:
    """Whether a page's text layer is mostly unreadable code points."""
    visible = re.sub(r"\s", "", text)
    if len(visible) < 20:
        return False
    bad = sum(len(m.group(0)) for m in _GARBAGE.finditer(visible))
    return bad / len(visible) > GARBAGE_SHARE


# A page whose text is shorter than this (visible characters) and that shows a picture
# covering at least PICTURE_SHARE of it may hold a table pasted as a picture.
PICTURE_PAGE_TEXT = 200
PICTURE_SHARE = 0.3


def _picture_share(page: Page) -> float:
    """The share of the page covered by its largest image."""
    width, height = page.size()
    largest = 0.0
    for left, bottom, right, top in page.image_bounds():
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


def pictured(page: Page, text: str, table_page: PagePredicate) -> bool:
    """Whether a page shows its content as a picture: a scan with little or no text, or
    tables pasted as an image under a heading (its text names no table). A page with a
    full text over a background image is read from its text."""
    visible = len(re.sub(r"\s", "", text))
    if visible < 20:
        return page.has_images()
    return (
        visible < PICTURE_PAGE_TEXT
        and not table_page(text)
        and _picture_share(page) >= PICTURE_SHARE
    )


# A browser's or a word processor's page head and foot lie this share of the page's
# height from its edge, outside the margins the text keeps.
RUNNING_BAND = 0.055


def _running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def without_running_heads(lines: list[Line], heights: dict[int, float]) -> list[Line]:
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
