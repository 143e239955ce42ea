"""Printed blocks → files: tab text (copied from a web page), crawled text (cells run
together), Markdown (as converters write it), Word (official layout with merged cells) and
PDF (Word converted by LibreOffice, where it is installed)."""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.readers.office import libreoffice
from synth.layout import Block, PCell, Printed, PTable, grid_positions


def _flat(text: str) -> str:
    """A cell's text as copied from a page: line breaks inside the cell are lost."""
    return text.replace("\n", "")


def tab_text(printed: Printed) -> str:
    lines: list[str] = []
    for block in printed.blocks:
        if block.table is None:
            lines.extend(["", block.text])
            continue
        lines.append("")
        for row in block.table.rows:
            lines.append("\t".join(_flat(cell.text) for cell in row))
    return "\n".join(lines).strip() + "\n"


def _table_lines(printed: Printed, row_lines: Callable[[list[PCell]], list[str]]) -> str:
    """Paragraphs as they are, each table row as ``row_lines`` prints it."""
    lines: list[str] = []
    for block in printed.blocks:
        if block.table is None:
            lines.append(block.text)
            continue
        for row in block.table.rows:
            lines.extend(row_lines(row))
    return "\n".join(lines) + "\n"


def crawled_text(printed: Printed) -> str:
    """Every table row on one line, its cells run together with no separator."""
    return _table_lines(printed, lambda row: ["".join(_flat(cell.text) for cell in row)])


def cell_per_line_text(printed: Printed) -> str:
    """Every table cell on a line of its own, as some crawlers save a page's text."""
    return _table_lines(printed, lambda row: [_flat(cell.text) for cell in row if cell.text])


def pipe_text(printed: Printed, seed: int) -> str:
    """Rows as an HTML-to-text converter writes them: ``规章 | 0 | 0 | 0 |``, with or
    without the leading pipe, sometimes with more trailing pipes than cells."""
    rng = random.Random(seed)
    lead = rng.random() < 0.5

    def row_lines(row: list[PCell]) -> list[str]:
        cells = [_flat(cell.text) for cell in row]
        line = " | ".join(cells) + " |" + " |" * rng.choice((0, 0, 1, 2))
        return [("| " if lead else "") + line]

    return _table_lines(printed, row_lines)


def lone_pipe_text(printed: Printed) -> str:
    """Every cell on a line of its own with a line holding a lone ``|`` between cells and
    blank lines around, as another converter writes table cells."""

    def row_lines(row: list[PCell]) -> list[str]:
        out: list[str] = []
        for cell in row:
            if cell.text:
                out += [_flat(cell.text), "", "|", ""]
        return out

    return _table_lines(printed, row_lines)


def crawled_page(printed: Printed, title: str, date: str, seed: int) -> str:
    """A page saved by a crawler: a header block (标题, 发布时间, 栏目, 原文链接), then the
    page's text on ONE line: breadcrumbs and share buttons, every paragraph, and every
    table with its cells run together (a space where a cell held an &nbsp;)."""
    rng = random.Random(seed)
    header = [
        f"标题: {title}",
        f"发布时间: {date} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}",
        "文号: ",
        "栏目: 政府信息公开年报",
        f"原文链接: https://www.example.gov.cn/zwgk/{rng.randint(10000, 99999)}.htm",
        "==================== 正文 ====================",
    ]
    parts = ["当前位置： 首页 > 政务公开 > 政府信息公开年报", title, "微信 微博 QQ空间 打印本页"]
    for block in printed.blocks:
        if block.table is None:
            parts.append(block.text)
            continue
        for row in block.table.rows:
            glue = [" " if rng.random() < 0.15 else "" for _ in row]
            parts.append("".join(_flat(cell.text) + g for cell, g in zip(row, glue, strict=True)))
    body = " ".join(parts) if rng.random() < 0.5 else "".join(parts)
    return "\n".join(header) + "\n" + body + "\n"


def html_page(printed: Printed, charset: str = "utf-8", layout_table: bool = True) -> bytes:
    """A government web page: navigation boilerplate, the report in a layout table, tables
    with rowspan/colspan and &nbsp; in blank cells, encoded in ``charset``."""
    from html import escape

    body: list[str] = []
    for block in printed.blocks:
        if block.table is None:
            tag = "h2" if block.kind == "heading" else "p"
            body.append(f"<{tag}>{escape(block.text)}</{tag}>")
            continue
        rows = []
        for row in block.table.rows:
            cells = []
            for cell in row:
                spans = ""
                if cell.rowspan > 1:
                    spans += f' rowspan="{cell.rowspan}"'
                if cell.colspan > 1:
                    spans += f' colspan="{cell.colspan}"'
                text = escape(cell.text) if cell.text else "&nbsp;"
                cells.append(f"<td{spans}><p>{text}</p></td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        body.append('<table border="1" cellspacing="0">' + "".join(rows) + "</table>")
    content = "\n".join(body)
    if layout_table:
        content = f'<table width="100%"><tr><td class="content">{content}</td></tr></table>'
    page = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        f'content="text/html; charset={charset}"><title>政府信息公开</title>'
        "<style>td{border:1px solid #000}</style><script>var nav=1;</script></head><body>"
        '<div class="nav">首页 | 政府信息公开 | 年度报告</div>'
        f"{content}"
        '<div class="footer">主办单位：人民政府办公室 网站标识码 1234567890</div></body></html>'
    )
    return page.encode(charset)


def markdown(printed: Printed, broken: bool = False) -> str:
    """Pipe tables with spans expanded to empty cells; ``broken`` drops the outer pipes of
    some rows and breaks long labels with <br>, as converters do."""
    out: list[str] = []
    for block in printed.blocks:
        if block.table is None:
            prefix = "## " if block.kind == "heading" else ""
            out.extend([f"{prefix}{block.text}", ""])
            continue
        table = block.table
        grid = [["" for _ in range(table.ncols)] for _ in table.rows]
        for placed in grid_positions(table):
            for r, c, cell in placed:
                text = cell.text.replace("\n", "<br>")
                if broken and len(text) > 14:
                    text = text[:8] + "<br>" + text[8:]
                grid[r][c] = text
        for index, row in enumerate(grid):
            line = " | ".join(row)
            # Converters drop the outer pipes of some rows; where an outer cell is empty
            # that would change the row's meaning, so those keep them.
            bare = broken and index % 3 == 2 and row[0] and row[-1]
            out.append(line if bare else f"| {line} |")
            if index == 0:
                out.append("|" + "---|" * table.ncols)
        out.append("")
    return "\n".join(out)


def _borders(table: docx.table.Table, style: str) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        vertical = edge in ("left", "right", "insideV")
        hidden = style == "none" or (style == "horizontal" and vertical)
        element.set(qn("w:val"), "nil" if hidden else "single")
        if not hidden:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _repeat_header(row: docx.table._Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)


def _word_table(container: Any, table: PTable, borders: str, repeat_header: bool) -> None:
    word = container.add_table(rows=len(table.rows), cols=table.ncols)
    _borders(word, borders)
    widths = _widths(table)
    for placed in grid_positions(table):
        for r, c, cell in placed:
            target = word.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(word.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
            for paragraph in target.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(7.5)
                    run.bold = cell.header
    for c, width in enumerate(widths):
        for row in word.rows:
            row.cells[c].width = width
    if repeat_header:
        for row in word.rows[: table.header_rows]:
            _repeat_header(row)


def _widths(table: PTable) -> list[Cm]:
    if table.key == "t3":
        return [Cm(0.7), Cm(1.6), Cm(4.2)] + [Cm(1.35)] * (table.ncols - 3)
    if table.key == "t4":
        return [Cm(1.05)] * table.ncols
    return [Cm(4.5), Cm(3.5), Cm(3.5), Cm(3.5)]


def _split_t3(table: PTable) -> list[PTable]:
    """Table 三 as two Word tables: the header and rows 一、二, then the rest."""
    cut = table.header_rows + 2
    first = PTable(table.key, table.ncols, table.rows[:cut], table.header_rows)
    second = PTable(table.key, table.ncols, table.rows[cut:], 0)
    return [first, second]


def write_docx(
    printed: Printed,
    path: Path,
    borders: str = "all",
    repeat_header: bool = True,
    landscape_t4: bool = False,
    split_t3: bool = False,
    nested: bool = False,
) -> None:
    """Word in the official layout. ``split_t3`` prints table 三 as two Word tables;
    ``nested`` puts the whole report inside a one-cell layout table."""
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.8)
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    container: Any = document
    if nested:
        outer = document.add_table(rows=1, cols=1)
        container = outer.cell(0, 0)
    for block in printed.blocks:
        if block.table is None:
            paragraph = container.add_paragraph(block.text)
            if block.kind == "heading":
                for run in paragraph.runs:
                    run.bold = True
            continue
        if landscape_t4 and block.table.key == "t4" and not nested:
            new = document.add_section()
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = section.page_height, section.page_width
        parts = _split_t3(block.table) if split_t3 and block.table.key == "t3" else [block.table]
        for part in parts:
            _word_table(container, part, borders, repeat_header)
            container.add_paragraph("")
    document.save(str(path))


def docx_to_pdf(source: Path, target: Path) -> bool:
    """Convert with LibreOffice; False when it is not installed."""
    binary = libreoffice()
    if binary is None:
        return False
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{workdir}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                workdir,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.move(str(Path(workdir) / (source.stem + ".pdf")), target)
    return True


def write_truth(printed: Printed, path: Path) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["table", "row", "col", "value", "raw"])
        writer.writerows(printed.truth)


__all__ = [
    "Block",
    "crawled_text",
    "docx_to_pdf",
    "markdown",
    "tab_text",
    "write_docx",
    "write_truth",
]
