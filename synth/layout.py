"""A report → printed blocks (headings, paragraphs, tables as grids with spans) and the
truth rows of every printed cell. Renderers only lay these blocks out."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from pipeline.spec import load_spec
from synth.model import OUTCOME_BLOCKS, T3_COLUMNS, Report, t3_rows

FULLWIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class PCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    vertical: bool = False


@dataclass
class PTable:
    key: str
    ncols: int
    rows: list[list[PCell]] = field(default_factory=list)
    header_rows: int = 0


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | table
    text: str = ""
    table: PTable | None = None


TruthRow = tuple[str, str, str, str, str]  # table, row, col, value, raw


@dataclass
class Printed:
    blocks: list[Block]
    truth: list[TruthRow]


def _number(
    report: Report, value: float | str, *, detail_total: bool = False, signed: bool = False
) -> tuple[str, str]:
    """(printed text, truth value) of a cell; a signed cell (本年增/减) may print its sign
    in words."""
    p = report.printing
    if signed and p.sign_words and isinstance(value, int) and value != 0:
        return f"{'增' if value > 0 else '减'}{abs(value)}", str(value)
    if isinstance(value, str):
        digits = value.rstrip("元万")
        return value, digits
    if detail_total and p.blank_detail_total:
        return "", ""
    if value == 0 and p.blank_zero:
        return "", ""
    if value == 0 and p.dash_zero:
        return "-", ""
    text = f"{value:,}" if p.thousands and isinstance(value, int) else str(value)
    if p.fullwidth:
        text = text.translate(FULLWIDTH)
    truth = str(int(value)) if float(value) == int(value) else str(value)
    return text, truth


def _ordinal(report: Report, index: int, kind: str) -> str:
    p = report.printing
    if kind == "paren":
        return f"({CN_ORDINALS[index]}) " if p.ascii_enumerators else f"（{CN_ORDINALS[index]}）"
    if kind == "num":
        if p.comma_enumerators:
            return f"{index + 1}、"
        return f"{index + 1}. " if p.ascii_enumerators else f"{index + 1}."
    return f"{CN_ORDINALS[index]}、"


VARIANT_LABELS = {
    ("t3", "r3_3_2"): "其他法律法规禁止公开",
    ("t2", "repealed"): "本年度止件数",
    ("t3", "r4"): "结转下一年度继续办理",
}


def _label(report: Report, table: str, key: str, official: str) -> str:
    if report.printing.label_variants:
        return VARIANT_LABELS.get((table, key), official)
    return official


def _t2(report: Report, truth: list[TruthRow]) -> PTable:
    spec = load_spec().table("t2")
    template = report.t2_template
    table = PTable("t2", 4)
    for section in spec.sections:
        rows = [r for r in spec.rows if r.section == section.key and r.columns_for(template)]
        if not rows:
            continue
        table.rows.append([PCell(section.label, colspan=4, header=True)])
        cols = rows[0].columns_for(template)
        header = [PCell("信息内容", header=True)]
        for i, col in enumerate(cols):
            span = 4 - len(cols) if i == len(cols) - 1 else 1
            label = _broken(report, _label(report, "t2", col, spec.column(col).label))
            header.append(PCell(label, colspan=span, header=True))
        table.rows.append(header)
        for row in rows:
            label = (
                row.label
                if template == "fmt2021" or row.key != "art20_1_normative_doc"
                else "规范性文件"
            )
            if report.printing.notes_in_labels and row.key in T2_NOTES:
                label += T2_NOTES[row.key]
            cells = [PCell(label)]
            for i, col in enumerate(cols):
                text, value = _number(
                    report, report.values["t2", row.key, col], signed=col == "items_change"
                )
                span = 4 - len(cols) if i == len(cols) - 1 else 1
                cells.append(PCell(text, colspan=span))
                truth.append(("t2", row.key, col, value, text))
            table.rows.append(cells)
            if report.printing.extra_t2_row and row.key == "art20_1_normative_doc":
                # Printed, but not a cell of the national format: no truth row.
                extra = [PCell("其他主动公开文件")]
                extra += [
                    PCell("3", colspan=4 - len(cols) if i == len(cols) - 1 else 1)
                    for i in range(len(cols))
                ]
                table.rows.append(extra)
    return table


T2_NOTES = {
    "art20_1_regulation": "(设区的市、自治州人民政府应提供相关数据)",
    "art20_1_normative_doc": "(行政机关制定发布的决定、公告等)",
}


def _broken(report: Report, label: str) -> str:
    """A header word broken inside its cell, as narrow cells print it (V6): at a place
    drawn for each report and word, into two or three pieces, as producers break them."""
    if not report.printing.broken_headers or len(label) < 3:
        return label
    rng = random.Random(f"{report.name}:{label}")
    pieces = 3 if len(label) >= 6 and rng.random() < 0.3 else 2
    cuts = sorted(rng.sample(range(1, len(label)), pieces - 1))
    return "\n".join(label[a:b] for a, b in itertools.pairwise([0, *cuts, len(label)]))


def _t3(report: Report, truth: list[TruthRow]) -> PTable:
    spec = load_spec().table("t3")
    template = report.template
    p = report.printing
    value_cols = list(T3_COLUMNS[:-1])  # the applicant columns, without 总计
    if p.subtotal_column:
        value_cols.append("org_subtotal")
    value_cols.append("total")
    n_values = len(value_cols)
    table = PTable("t3", 3 + n_values, header_rows=3)
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    total_label = "合计" if p.label_variants else "总计"
    org_span = 6 if p.subtotal_column else 5
    table.rows.append(
        [
            PCell(note, colspan=3, rowspan=3, header=True),
            PCell("申请人情况", colspan=n_values, header=True),
        ]
    )
    table.rows.append(
        [
            PCell("自然人", rowspan=2, header=True),
            PCell("法人或其他组织", colspan=org_span, header=True),
            PCell(total_label, rowspan=2, header=True),
        ]
    )
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] + (
        ["小计"] if p.subtotal_column else []
    )
    orgs = [_broken(report, o) for o in orgs]
    table.rows.append([PCell(o, header=True) for o in orgs])

    def values(row_key: str) -> list[PCell]:
        out = []
        for col in value_cols:
            if col == "org_subtotal":
                raw_value: float | str = sum(
                    float(report.values["t3", row_key, c]) for c in value_cols[1:6]
                )
                raw_value = int(raw_value)
            else:
                raw_value = report.values["t3", row_key, col]
            detail = col == "total" and row_key not in ("r1", "r2", "r3_7", "r4")
            text, value = _number(report, raw_value, detail_total=detail)
            out.append(PCell(text))
            truth.append(("t3", row_key, col, value, text))
        return out

    rows = t3_rows(template)
    block = rows[rows.index("r3_1") : rows.index("r3_7") + 1]
    groups = {"r3_3": 2, "r3_4": 3, "r3_5": 4, "r3_6": 5}
    table.rows.append(
        [PCell(_ordinal(report, 0, "cn") + spec.row("r1").label, colspan=3), *values("r1")]
    )
    table.rows.append(
        [PCell(_ordinal(report, 1, "cn") + spec.row("r2").label, colspan=3), *values("r2")]
    )
    first = True
    for key in block:
        row = spec.row(key)
        cells: list[PCell] = []
        if first:
            cells.append(
                PCell(
                    _ordinal(report, 2, "cn") + "本年度办理结果", rowspan=len(block), vertical=True
                )
            )
            first = False
        label = _label(report, "t3", key, row.label)
        if row.group in groups:
            siblings = [k for k in block if spec.row(k).group == row.group]
            if key == siblings[0]:
                group = spec.row(row.group)
                cells.append(
                    PCell(
                        _ordinal(report, groups[row.group], "paren") + group.label,
                        rowspan=len(siblings),
                    )
                )
            cells.append(PCell(_ordinal(report, siblings.index(key), "num") + label))
        else:
            index = {"r3_1": 0, "r3_2": 1, "r3_6": 5, "r3_7": 6}[key]
            cells.append(PCell(_ordinal(report, index, "paren") + label, colspan=2))
        table.rows.append([*cells, *values(key)])
    r4_label = _label(report, "t3", "r4", spec.row("r4").label)
    table.rows.append([PCell(_ordinal(report, 3, "cn") + r4_label, colspan=3), *values("r4")])
    return table


def _t4(report: Report, truth: list[TruthRow]) -> PTable:
    table = PTable("t4", 15, header_rows=3)
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    table.rows.append(
        [PCell("行政复议", colspan=5, header=True), PCell("行政诉讼", colspan=10, header=True)]
    )
    table.rows.append(
        [PCell(o, rowspan=2, header=True) for o in outcomes]
        + [
            PCell("未经复议直接起诉", colspan=5, header=True),
            PCell("复议后起诉", colspan=5, header=True),
        ]
    )
    table.rows.append([PCell(o, header=True) for o in outcomes * 2])
    cells = []
    for block in OUTCOME_BLOCKS:
        for outcome in ("upheld", "corrected", "other", "pending", "total"):
            col = f"{block}_{outcome}"
            text, value = _number(report, report.values["t4", "r1", col])
            cells.append(PCell(text))
            truth.append(("t4", "r1", col, value, text))
    table.rows.append(cells)
    return table


def print_report(report: Report) -> Printed:
    """The report as blocks in reading order, with its truth rows."""
    truth: list[TruthRow] = []
    blocks = [Block("heading", report.title)]
    blocks.extend(Block("para", text) for text in report.intro)
    if report.template != "pre2019":
        blocks.append(Block("heading", "二、主动公开政府信息情况"))
        blocks.append(Block("table", table=_t2(report, truth)))
        blocks.append(Block("heading", "三、收到和处理政府信息公开申请情况"))
        blocks.append(Block("table", table=_t3(report, truth)))
        blocks.append(Block("heading", "四、政府信息公开行政复议、行政诉讼情况"))
        blocks.append(Block("table", table=_t4(report, truth)))
    blocks.extend(Block("para", text) for text in report.closing)
    return Printed(blocks, truth)


def grid_positions(table: PTable) -> list[list[tuple[int, int, PCell]]]:
    """For each printed row, its cells with their (row, column) origin in the full grid."""
    occupied: set[tuple[int, int]] = set()
    out: list[list[tuple[int, int, PCell]]] = []
    for r, row in enumerate(table.rows):
        placed = []
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            c += cell.colspan
        out.append(placed)
    return out
