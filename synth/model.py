"""A report as data: metadata, narrative and every printed cell, consistent by construction
(or deliberately inconsistent), plus the printing options that make it look real."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from pipeline.spec import load_spec

T3_COLUMNS = (
    "natural_person",
    "org_commercial",
    "org_research",
    "org_public_interest",
    "org_legal_service",
    "org_other",
    "total",
)
OUTCOME_BLOCKS = ("review", "suit_direct", "suit_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class Printing:
    """How numbers and labels are printed."""

    blank_zero: bool = False  # zeros printed as empty cells (V9)
    dash_zero: bool = False  # zeros printed as "-"
    blank_detail_total: bool = False  # 总计 left blank on t3 detail rows (V9)
    thousands: bool = False  # 1,234
    fullwidth: bool = False  # １２３
    ascii_enumerators: bool = False  # "(一) 予以公开", "1. 属于" (V3)
    comma_enumerators: bool = False  # "1、属于" (V4)
    label_variants: bool = False  # typos and dropped words of report-format.md §6
    t2_template: str | None = None  # print table 二 in another format (V14)
    subtotal_column: bool = False  # an extra 小计 column in table 三
    notes_in_labels: bool = False  # provincial notes inside t2 labels (V12)
    extra_t2_row: bool = False  # the non-national row 其他主动公开文件 (V13)
    broken_headers: bool = False  # header words broken across lines inside cells (V6)
    sign_words: bool = False  # a change printed in words: 增3, 减2


@dataclass(frozen=True)
class Report:
    name: str
    template: str  # fmt2019 | fmt2021 | pre2019
    agency: str
    year: int
    published: str  # ISO date
    values: dict[tuple[str, str, str], float | str] = field(default_factory=dict)
    intro: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    printing: Printing = Printing()

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def t2_template(self) -> str:
        return self.printing.t2_template or self.template


def _spread(rng: random.Random, total: int, parts: int, zero_share: float) -> list[int]:
    """``total`` split into ``parts`` non-negative integers, many of them zero."""
    weights = [0.0 if rng.random() < zero_share else rng.random() for _ in range(parts)]
    if not any(weights):
        weights[0] = 1.0
    scale = sum(weights)
    values = [int(total * w / scale) for w in weights]
    values[max(range(parts), key=lambda i: weights[i])] += total - sum(values)
    return values


def t3_rows(template: str) -> list[str]:
    table = load_spec().table("t3")
    return [row.key for row in table.data_rows(template)]


def random_values(
    rng: random.Random, template: str, t2_template: str, scale: str
) -> dict[tuple[str, str, str], float | str]:
    """Consistent values for every printed cell: city scale (thousands) or township (mostly 0)."""
    spec = load_spec()
    big = scale == "city"
    values: dict[tuple[str, str, str], float | str] = {}
    # Table 二.
    for row in spec.table("t2").data_rows(t2_template):
        for col in row.columns_for(t2_template):
            if col == "fee_amount_wan_yuan":
                value: float | str = (
                    round(rng.uniform(0, 5000), 1) if big and rng.random() < 0.7 else 0
                )
            elif col == "items_change":
                value = rng.randint(-5, 8) if big else 0
            elif col == "procurement_amount":
                value = f"{rng.randint(1000, 900000)}元" if big else 0
            elif col in ("decisions",):
                value = rng.randint(0, 400000) if big else rng.choice([0, 0, 1, 3, 12])
            else:
                value = rng.randint(0, 120) if big else rng.choice([0, 0, 0, 1, 2])
            values["t2", row.key, col] = value
    # Table 三: outcomes per applicant column, then the balance rows.
    outcome_rows = [r for r in t3_rows(template) if r.startswith("r3_") and r != "r3_7"]
    applicants = T3_COLUMNS[:-1]
    for col in applicants:
        handled = rng.randint(200, 3000) if big else rng.choice([0, 0, 0, 1, 2, 5])
        if col != "natural_person":
            handled = handled // rng.randint(8, 60) if big else rng.choice([0, 0, 0, 1])
        counts = _spread(rng, handled, len(outcome_rows), zero_share=0.5)
        for row, count in zip(outcome_rows, counts, strict=True):
            values["t3", row, col] = count
        values["t3", "r3_7", col] = handled
        carried_in = rng.randint(0, handled // 10 + 1) if handled else 0
        carried_out = rng.randint(0, handled // 8 + 1) if handled else 0
        values["t3", "r2", col] = carried_in
        values["t3", "r4", col] = carried_out
        values["t3", "r1", col] = handled + carried_out - carried_in
    for row in t3_rows(template):
        values["t3", row, "total"] = sum(float(values["t3", row, c]) for c in applicants)
    # Table 四.
    for block in OUTCOME_BLOCKS:
        parts = [rng.randint(0, 80) if big else rng.choice([0, 0, 0, 1]) for _ in OUTCOMES]
        for outcome, count in zip(OUTCOMES, parts, strict=True):
            values["t4", "r1", f"{block}_{outcome}"] = count
        values["t4", "r1", f"{block}_total"] = sum(parts)
    return {
        k: (int(v) if isinstance(v, float) and v == int(v) and k[2] != "fee_amount_wan_yuan" else v)
        for k, v in values.items()
    }


def with_printing(report: Report, **options: object) -> Report:
    return replace(report, printing=replace(report.printing, **options))  # type: ignore[arg-type]
