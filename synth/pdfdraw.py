"""Draw a printed report straight onto PDF pages with reportlab: full rules, horizontal
rules only, or none; fake bold (every character drawn twice); letter-spaced headers; table
三 continued over pages with or without its header repeated; page numbers; table 四 on a
landscape page. Uses the CID font STSong-Light, which needs no font file.

Real producers differ in everything a reader might lean on, so a style also carries a
geometry drawn at random per document (:func:`random_geometry`): column widths, row
heights, font sizes, margins (so tables break across pages at any row), tracking, where a
cell's text sits in a tall row, the footer, and how text is drawn: in one run per line,
in several runs, or character by character out of reading order."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
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
    valign: str = "middle"  # middle | top | bottom
    font_size: float = 7.5
    narrow_label: bool = True  # the vertical 三、本年度办理结果
    # geometry, drawn per document by random_geometry()
    body_size: float = 10.5
    margin: float = 56.0
    space_before_tables: float = 0.0  # moves where tables cross pages
    row_height: float = 2.2  # least row height, in font sizes
    line_gap: float = 1.25  # line pitch inside a cell, in font sizes
    column_scale: tuple[float, ...] = ()  # a factor per column (cycled)
    char_space: float = 0.0  # tracking, in font sizes
    letter_space: float = 0.6  # letter-spaced headers, in font sizes
    bold_offset: float = 0.3  # points between fake bold's two copies
    runs: str = "one"  # one | split (several runs a line) | reversed (characters backwards)
    footer: str = "dash"  # dash (- 3 -) | of (第3页 共5页) | plain (3)
    running_head: str = ""  # a line at the top of every page after the first


RUNS = ("one", "split", "reversed")
FOOTERS = ("dash", "of", "plain")


def random_geometry(style: PdfStyle, rng: random.Random, head: str = "") -> PdfStyle:
    """``style`` with a geometry drawn from ``rng``, as one producer on one day draws it."""
    return replace(
        style,
        font_size=round(rng.uniform(6.5, 9.0), 2),
        body_size=round(rng.uniform(10.0, 12.5), 2),
        margin=round(rng.uniform(40.0, 75.0), 1),
        space_before_tables=round(rng.uniform(0.0, 160.0), 1),
        row_height=round(rng.uniform(1.7, 2.9), 2),
        line_gap=round(rng.uniform(1.1, 1.45), 2),
        column_scale=tuple(round(rng.uniform(0.8, 1.25), 3) for _ in range(16)),
        char_space=round(rng.choice([0.0, 0.0, rng.uniform(-0.03, 0.15)]), 3),
        letter_space=round(rng.uniform(0.3, 1.0), 2),
        bold_offset=round(rng.uniform(0.2, 0.5), 2),
        valign=style.valign if style.valign == "top" else rng.choice(["middle", "bottom"]),
        runs=rng.choice(RUNS),
        footer=rng.choice(FOOTERS),
        running_head=head if rng.random() < 0.3 else "",
    )


def _char_width(char: str, size: float, track: float = 0.0) -> float:
    """A character's advance: the font's width and the tracking after it."""
    return pdfmetrics.stringWidth(char, FONT, size) + track


def _wrap(text: str, width: float, size: float, track: float = 0.0) -> list[str]:
    """Lines of ``text`` that fit ``width``, tracking included (a producer wraps what it
    draws: letter-spaced words never run into the next cell)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for char in paragraph:
            w = _char_width(char, size, track)
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
        self.margin = style.margin
        self.y = self.size[1] - self.margin
        self.rng = random.Random(repr(style))

    def new_page(self, size: tuple[float, float] = A4) -> None:
        self._footer()
        self.canvas.showPage()
        self.canvas.setPageSize(size)
        self.size = size
        self.page += 1
        self.y = self.size[1] - self.margin
        if self.style.running_head:
            self.canvas.setFont(FONT, 8)
            self.canvas.drawString(
                self.margin, self.size[1] - self.margin / 2, self.style.running_head
            )

    def _footer(self) -> None:
        if not self.style.page_numbers:
            return
        self.canvas.setFont(FONT, 9)
        text = {
            "dash": f"- {self.page} -",
            "of": f"第{self.page}页",
            "plain": str(self.page),
        }[self.style.footer]
        self.canvas.drawCentredString(self.size[0] / 2, min(30, self.margin / 2), text)

    def track(self, size: float, spaced: bool) -> float:
        return size * (self.style.char_space + (self.style.letter_space if spaced else 0.0))

    def text(self, x: float, y: float, text: str, size: float, spaced: bool = False) -> None:
        track = self.track(size, spaced)
        for dx in (0.0, self.style.bold_offset) if self.style.fake_bold else (0.0,):
            for start, piece in self._runs(text):
                offset = sum(_char_width(c, size, track) for c in text[:start])
                self.canvas.setFont(FONT, size)
                self.canvas.drawString(x + dx + offset, y, piece, charSpace=track)

    def _runs(self, text: str) -> list[tuple[int, str]]:
        """(start, piece): how the producer cut a line into drawing operations."""
        if self.style.runs == "reversed" and len(text) > 1:
            return [(i, text[i]) for i in reversed(range(len(text)))]
        if self.style.runs == "split" and len(text) > 2:
            cuts = sorted(self.rng.sample(range(1, len(text)), min(2, len(text) - 1)))
            bounds = [0, *cuts, len(text)]
            return [(a, text[a:b]) for a, b in itertools.pairwise(bounds) if a < b]
        return [(0, text)]

    def paragraph(self, text: str, size: float | None = None) -> None:
        size = size or self.style.body_size
        width = self.size[0] - 2 * self.margin
        for line in _wrap(text, width, size, self.track(size, False)):
            if self.y < self.margin + size:
                self.new_page(self.size)
            self.text(self.margin, self.y - size, line, size)
            self.y -= size * 1.6

    def close(self) -> None:
        self._footer()
        self.canvas.save()


def _widths(table: PTable, usable: float, style: PdfStyle) -> list[float]:
    if table.key == "t3":
        first = 14.0 if style.narrow_label else 40.0
        base = [first, 46.0, 120.0] + [1.0] * (table.ncols - 3)
        labels = sum(base[:3])
        rest = (usable - labels) / (table.ncols - 3)
        base = base[:3] + [rest] * (table.ncols - 3)
    elif table.key == "t4":
        base = [usable / table.ncols] * table.ncols
    else:
        base = [usable * 0.34] + [usable * 0.22] * 3
    scale = style.column_scale or (1.0,)
    widths = [w * scale[i % len(scale)] for i, w in enumerate(base)]
    if table.key == "t3" and style.narrow_label:
        widths[0] = base[0]  # the vertical label keeps one character's width
    factor = usable / sum(widths)
    widths = [w * factor for w in widths]
    # A producer fits its numbers: no number wraps, and a character's width at least
    # parts it from the next column's (the widths of the label columns make up for it).
    least = _number_widths(table, style)
    short = {c: need - widths[c] for c, need in least.items() if need > widths[c]}
    if short:
        for c, extra in short.items():
            widths[c] += extra
        labels = [c for c in range(len(widths)) if c not in least and widths[c] > 60]
        spare = sum(short.values())
        room = sum(widths[c] - 60 for c in labels)
        for c in labels:
            widths[c] -= spare * (widths[c] - 60) / room if room > 0 else 0
    return widths


def _number_widths(table: PTable, style: PdfStyle) -> dict[int, float]:
    """The least width of each column that holds numbers: its widest number (tracking
    included), the cell's padding and a character's width."""
    size = style.font_size
    out: dict[int, float] = {}
    for placed in grid_positions(table):
        for _, c, cell in placed:
            text = cell.text.replace("\n", "")
            if cell.header or cell.colspan > 1 or not text or not any(ch.isdigit() for ch in text):
                continue
            if any("\u4e00" <= ch <= "\u9fff" for ch in text.strip("增减元万")):
                continue  # a label
            track = len(text) * size * style.char_space
            need = pdfmetrics.stringWidth(text, FONT, size) + track + 4 + size
            out[c] = max(out.get(c, 0.0), need)
    return out


def _row_heights(table: PTable, widths: list[float], size: float, writer: _Writer) -> list[float]:
    style = writer.style
    heights = [size * style.row_height] * len(table.rows)
    for placed in grid_positions(table):
        for r, c, cell in placed:
            if cell.rowspan > 1:
                continue
            width = sum(widths[c : c + cell.colspan]) - 4
            track = writer.track(size, cell.header and style.letter_spaced_headers)
            lines = len(_wrap(cell.text, width, size, track)) if cell.text else 1
            heights[r] = max(heights[r], lines * size * style.line_gap + size)
    return heights


def _draw_cell(
    writer: _Writer, cell: PCell, x: float, top: float, width: float, height: float
) -> None:
    style, size = writer.style, writer.style.font_size
    spaced = cell.header and style.letter_spaced_headers
    pitch = size * style.line_gap
    lines = _wrap(cell.text, width - 4, size, writer.track(size, spaced)) if cell.text else []
    room = max(1, int((height - size * 0.5) // pitch))
    lines = lines[:room]
    block = len(lines) * pitch
    first = {
        "middle": top - (height - block) / 2,
        "top": top - size * 0.4,
        "bottom": top - height + block + size * 0.4,
    }[style.valign]
    for i, line in enumerate(lines):
        writer.text(x + 2, first - size - i * pitch, line, size, spaced=spaced)


def draw_table(writer: _Writer, table: PTable) -> None:
    usable = writer.size[0] - 2 * writer.margin
    chosen = writer.style
    while sum(_number_widths(table, chosen).values()) > 0.9 * usable and chosen.font_size > 5:
        chosen = replace(chosen, font_size=chosen.font_size - 0.5)  # a smaller font fits
    kept, writer.style = writer.style, chosen
    try:
        _draw_table(writer, table, usable)
    finally:
        writer.style = kept


def _draw_table(writer: _Writer, table: PTable, usable: float) -> None:
    style, size = writer.style, writer.style.font_size
    widths = _widths(table, usable, style)
    xs = [writer.margin + sum(widths[:i]) for i in range(len(widths) + 1)]
    heights = _row_heights(table, widths, size, writer)
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
                block.text, 14 if block.kind == "heading" and block is printed.blocks[0] else None
            )
            continue
        if block.table.key == "t4" and style.landscape_t4:
            writer.new_page(landscape(A4))
        elif style.space_before_tables:
            writer.y -= style.space_before_tables
            if writer.y < writer.margin + 40:
                writer.new_page(writer.size)
        draw_table(writer, block.table)
        if block.table.key == "t4" and style.landscape_t4:
            writer.new_page(A4)
    writer.close()
