"""Small PDFs drawn with reportlab for the PDF reader's tests: text in the CID font
STSong-Light (named, not embedded, as many producers do), rules, boxes and pictures."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4  # 595.27 x 841.89 points
SIZE = 10.0

Page = Callable[[canvas.Canvas], None]


def write_pdf(path: Path, pages: Sequence[Page], **options: object) -> Path:
    """A PDF of A4 pages, each drawn by one function of ``pages``."""
    sheet = canvas.Canvas(str(path), pagesize=A4, **options)  # type: ignore[arg-type]
    for draw in pages:
        sheet.setFont(FONT, SIZE)
        draw(sheet)
        sheet.showPage()
    sheet.save()
    return path


def text(x: float, top: float, words: str, size: float = SIZE) -> Page:
    """``words`` with its baseline ``top`` + ``size`` points below the page's top."""

    def draw(sheet: canvas.Canvas) -> None:
        sheet.setFont(FONT, size)
        sheet.drawString(x, HEIGHT - top - size, words)

    return draw


def rule(x0: float, y0: float, x1: float, y1: float) -> Page:
    """A line from (x0, y0) to (x1, y1), y from the page's top."""

    def draw(sheet: canvas.Canvas) -> None:
        sheet.setLineWidth(0.5)
        sheet.line(x0, HEIGHT - y0, x1, HEIGHT - y1)

    return draw


def picture(x: float, top: float, width: float, height: float) -> Page:
    """A grey picture with its top left corner at (x, top)."""
    from PIL import Image

    data = io.BytesIO()
    Image.new("L", (200, 200), 128).save(data, format="PNG")

    def draw(sheet: canvas.Canvas) -> None:
        image = ImageReader(io.BytesIO(data.getvalue()))
        sheet.drawImage(image, x, HEIGHT - top - height, width, height)

    return draw


def page(*parts: Page) -> Page:
    """One page drawn by every part in turn."""

    def draw(sheet: canvas.Canvas) -> None:
        for part in parts:
            part(sheet)

    return draw


def ruled_table(left: float, top: float, widths: Sequence[float], rows: Sequence[Sequence[str]],
                height: float = 20.0) -> Page:  # fmt: skip
    """A table ruled all round and between every row and column, each cell's text set 4
    points in from its left rule."""
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    bottom = top + height * len(rows)
    parts = [rule(xs[0], top + height * i, xs[-1], top + height * i) for i in range(len(rows) + 1)]
    parts += [rule(x, top, x, bottom) for x in xs]
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            if cell:
                parts.append(text(xs[c] + 4, top + height * r + (height - SIZE) / 2 - 1, cell))
    return page(*parts)


def backwards(x: float, top: float, words: str, size: float = SIZE) -> Page:
    """``words`` placed as ``text`` places them, but written last character first in one
    TJ array whose kerning steps back left, as cairo writes a run: the text layer then
    lists the characters back to front, and their order is only in their positions."""

    def draw(sheet: canvas.Canvas) -> None:
        widths = [pdfmetrics.stringWidth(c, FONT, size) for c in words]
        parts = []
        for index in reversed(range(len(words))):
            parts.append(f"<{ord(words[index]):04X}>")
            if index:  # from after this glyph back to the start of the one before
                parts.append(f"{(widths[index] + widths[index - 1]) / size * 1000:.1f}")
        run = sheet.beginText()
        run.setFont(FONT, size)
        run.setTextOrigin(x + sum(widths[:-1]), HEIGHT - top - size)
        run._code.append(f"[{' '.join(parts)}] TJ")  # reportlab has no call for a TJ array
        sheet.drawText(run)

    return draw


def placed(x: float, top: float, chars: Sequence[tuple[str, float]], size: float = SIZE) -> Page:
    """Characters written in the order given, each at its own offset from ``x``, in one TJ
    array: the text layer lists them in that order whatever their places (a producer that
    kept the glyphs' places but lost the font's widths draws digits over one another)."""

    def draw(sheet: canvas.Canvas) -> None:
        parts = []
        for index, (char, offset) in enumerate(chars):
            parts.append(f"<{ord(char):04X}>")
            if index + 1 < len(chars):  # from after this glyph to the next one's place
                after = offset + pdfmetrics.stringWidth(char, FONT, size)
                parts.append(f"{(after - chars[index + 1][1]) / size * 1000:.1f}")
        run = sheet.beginText()
        run.setFont(FONT, size)
        run.setTextOrigin(x + chars[0][1], HEIGHT - top - size)
        run._code.append(f"[{' '.join(parts)}] TJ")  # reportlab has no call for a TJ array
        sheet.drawText(run)

    return draw
