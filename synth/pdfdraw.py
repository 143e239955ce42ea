"""Draw a printed report straight onto PDF pages with reportlab: full rules, horizontal
rules only, or none; fake bold (every character drawn twice); letter-spaced headers; table
三 continued over pages with or without its header repeated; page numbers; table 四 on a
landscape page. Uses the CID font STSong-Light, which needs no font file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from synth.layout import PCell, Printed, PTable, grid_positions

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class PdfStyle:
    rules: str = "all"  # all | horizontal | none
    fake_bold: bool = False
    letter_spaced_headers: bool = False
    repeat_header: bool = True
    page_numbers: bool = True
    landscape_t4: bool = False
    valign: str = "middle"  # middle | top
    font_size: float = 7.5
    narrow_label: bool = True  # the vertical 三、本年度办理结果


def _char_width(char: str, size: float) -> float:
    return size if ord(char) > 255 else 0.55 * size


# Letter-spaced text: this share of the font size between characters.
LETTER_SPACE = 0.6


def _wrap(text: str, width: float, size: float, spaced: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``width``, letter spacing included (a producer wraps
    what it draws: letter-spaced words never run into the next cell)."""
    lines: list[str] = []
    extra = LETTER_SPACE * size if spaced else 0.0
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for char in paragraph:
            w = _char_width(char, size) + extra
            if current and used + w > width:
                lines.append(current)
                current, used = "", 0.0
            current += char
            used += w
        lines.append(current)
    return lines


class _Writer:
    def __init__(self, path: Path, style: PdfStyle) -> None:
        self.style = style
        self.canvas = canvas.Canvas(str(path), pagesize=A4)
        self.page = 1
        self.size = A4
        self.margin = 56.0
        self.y = self.size[1] - self.margin

    def new_page(self, size: tuple[float, float] = A4) -> None:
        self._footer()
        self.canvas.showPage()
        self.canvas.setPageSize(size)
        self.size = size
        self.page += 1
        self.y = self.size[1] - self.margin

    def _footer(self) -> None:
        if self.style.page_numbers:
            self.canvas.setFont(FONT, 9)
            self.canvas.drawCentredString(self.size[0] / 2, 30, f"- {self.page} -")

    def text(self, x: float, y: float, text: str, size: float, spaced: bool = False) -> None:
        self.canvas.setFont(FONT, size)
        kwargs = {"charSpace": size * LETTER_SPACE} if spaced else {}
        self.canvas.drawString(x, y, text, **kwargs)
        if self.style.fake_bold:
            self.canvas.drawString(x + 0.3, y, text, **kwargs)

    def paragraph(self, text: str, size: float = 10.5) -> None:
        width = self.size[0] - 2 * self.margin
        for line in _wrap(text, width, size):
            if self.y < self.margin + size:
                self.new_page(self.size)
            self.text(self.margin, self.y - size, line, size)
            self.y -= size * 1.6

    def close(self) -> None:
        self._footer()
        self.canvas.save()


def _widths(table: PTable, usable: float, narrow_label: bool) -> list[float]:
    if table.key == "t3":
        first = 14.0 if narrow_label else 40.0
        labels = [first, 46.0, 120.0]
        rest = (usable - sum(labels)) / (table.ncols - 3)
        return labels + [rest] * (table.ncols - 3)
    if table.key == "t4":
        return [usable / table.ncols] * table.ncols
    return [usable * 0.34] + [usable * 0.22] * 3


def _row_heights(table: PTable, widths: list[float], size: float, style: PdfStyle) -> list[float]:
    heights = [size * 2.2] * len(table.rows)
    for placed in grid_positions(table):
        for r, c, cell in placed:
            if cell.rowspan > 1:
                continue
            width = sum(widths[c : c + cell.colspan]) - 4
            spaced = cell.header and style.letter_spaced_headers
            lines = len(_wrap(cell.text, width, size, spaced)) if cell.text else 1
            heights[r] = max(heights[r], lines * size * 1.25 + size)
    return heights


def _draw_cell(
    writer: _Writer, cell: PCell, x: float, top: float, width: float, height: float
) -> None:
    style, size = writer.style, writer.style.font_size
    spaced = cell.header and style.letter_spaced_headers
    lines = _wrap(cell.text, width - 4, size, spaced) if cell.text else []
    room = max(1, int((height - size * 0.5) // (size * 1.25)))
    lines = lines[:room]
    block = len(lines) * size * 1.25
    first = top - (height - block) / 2 if style.valign == "middle" else top - size * 0.4
    for i, line in enumerate(lines):
        writer.text(
            x + 2,
            first - size - i * size * 1.25,
            line,
            size,
            spaced=spaced,
        )


def draw_table(writer: _Writer, table: PTable) -> None:
    style, size = writer.style, writer.style.font_size
    usable = writer.size[0] - 2 * writer.margin
    widths = _widths(table, usable, style.narrow_label)
    xs = [writer.margin + sum(widths[:i]) for i in range(len(widths) + 1)]
    heights = _row_heights(table, widths, size, style)
    placed_rows = grid_positions(table)
    header = list(range(table.header_rows))
    r = 0
    segment_start = 0
    while r < len(table.rows):
        if writer.y - heights[r] < writer.margin and r > segment_start:
            writer.new_page(writer.size)
            segment_start = r
            if style.repeat_header and table.header_rows and r >= table.header_rows:
                _draw_rows(writer, table, placed_rows, header, xs, heights, header)
        _draw_rows(
            writer,
            table,
            placed_rows,
            [r],
            xs,
            heights,
            list(range(segment_start, len(table.rows))),
        )
        r += 1
    writer.y -= size


def _draw_rows(writer, table, placed_rows, rows, xs, heights, visible):  # type: ignore[no-untyped-def]
    c = writer.canvas
    c.setLineWidth(0.5)
    for r in rows:
        top = writer.y
        for row_index, col, cell in placed_rows[r]:
            span_rows = [i for i in range(row_index, row_index + cell.rowspan) if i in visible]
            height = sum(heights[i] for i in span_rows) or heights[r]
            width = xs[col + cell.colspan] - xs[col]
            _draw_cell(writer, cell, xs[col], top, width, height)
            if writer.style.rules == "all":
                c.rect(xs[col], top - height, width, height)
        if writer.style.rules == "horizontal":
            c.line(xs[0], top, xs[-1], top)
            c.line(xs[0], top - heights[r], xs[-1], top - heights[r])
        writer.y -= heights[r]


def write_pdf(printed: Printed, path: Path, style: PdfStyle | None = None) -> None:
    style = style or PdfStyle()
    writer = _Writer(path, style)
    for block in printed.blocks:
        if block.table is None:
            writer.paragraph(
                block.text, 14 if block.kind == "heading" and block is printed.blocks[0] else 10.5
            )
            continue
        if block.table.key == "t4" and style.landscape_t4:
            writer.new_page(landscape(A4))
        draw_table(writer, block.table)
        if block.table.key == "t4" and style.landscape_t4:
            writer.new_page(A4)
    writer.close()
