"""An audit report a person would rather look at than read: one self-contained HTML file
(no scripts, no fonts or images fetched: it works offline) with, per agency, its years
side by side, bar charts of requests and their outcomes, and the failed checks marked on
the cells they concern."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.output.dataset import dotted_keys, read_frame
from pipeline.output.files import atomic_write_text
from pipeline.records import Verdict

# The figures shown per year: (label, cell keys summed).
FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年新收申请", ("t3.r1.total",)),
    ("上年结转", ("t3.r2.total",)),
    ("办理总计", ("t3.r3_7.total",)),
    ("结转下年", ("t3.r4.total",)),
    ("予以公开", ("t3.r3_1.total",)),
    ("部分公开", ("t3.r3_2.total",)),
    ("不予公开", tuple(f"t3.r3_3_{i}.total" for i in range(1, 9))),
    ("无法提供", tuple(f"t3.r3_4_{i}.total" for i in range(1, 4))),
    ("不予处理", tuple(f"t3.r3_5_{i}.total" for i in range(1, 6))),
    ("其他处理", ("t3.r3_6.total", *(f"t3.r3_6_{i}.total" for i in range(1, 4)))),
    ("行政复议", ("t4.r1.review_total",)),
    ("行政诉讼", ("t4.r1.suit_direct_total", "t4.r1.suit_after_review_total")),
)
OUTCOMES = FIGURES[4:10]
COLOURS = ("#4e79a7", "#59a14f", "#e15759", "#f28e2b", "#b07aa1", "#9c755f")
STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}h1{font-size:1.6em}
h2{margin-top:2em;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #bbb;padding:.25em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}.bad{background:#fdd;font-weight:bold}
.charts{display:flex;gap:2em;flex-wrap:wrap}.legend span{display:inline-block;margin-right:1em}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em}.failed{color:#b00}.untested{color:#a60}
"""


def _esc(value: object) -> str:
    return html.escape(str(value))


def _bar_chart(
    title: str, years: Sequence[int], series: Sequence[tuple[str, Sequence[float]]]
) -> str:
    """A stacked bar chart as inline SVG: one bar a year, one colour a series."""
    width, height, pad = max(60 * len(years) + 80, 280), 220, 40
    totals = [sum(values[i] for _, values in series) for i in range(len(years))]
    top = max([*totals, 1.0])
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(title)}" '
        f'width="{width}" height="{height}">'
    ]
    parts.append(f'<text x="{pad}" y="16" font-size="13">{_esc(title)}</text>')
    for i, year in enumerate(years):
        x = pad + i * 60
        y = float(height - 30)
        for (name, values), colour in zip(series, COLOURS, strict=False):
            h = (height - 70) * values[i] / top
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="36" height="{h:.1f}" fill="{colour}">'
                f"<title>{_esc(name)} {year}: {values[i]:g}</title></rect>"
            )
        parts.append(f'<text x="{x}" y="{height - 12}" font-size="12">{year}</text>')
        parts.append(f'<text x="{x}" y="{y - 4:.1f}" font-size="11">{totals[i]:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(series: Sequence[str]) -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{c}"></i>{_esc(n)}</span>'
        for n, c in zip(series, COLOURS, strict=False)
    )
    return f'<div class="legend">{items}</div>'


VERDICTS: dict[str, str] = {
    Verdict.PRINTED: "the report prints it so (every reading agrees)",
    Verdict.CHECK: "our reading may be off: check the page",
}


def render_audit(reports: pd.DataFrame, cells: pd.DataFrame, checks: pd.DataFrame) -> str:
    """The audit report as one HTML page."""
    cells = cells.assign(key=dotted_keys(cells))
    values = cells.pivot_table(index="report_id", columns="key", values="value", aggfunc="first")
    failed = checks[checks["ok"].eq(False).fillna(False).astype(bool)]
    untested = checks[checks["ok"].isna()]
    suspects = set(zip(failed["report_id"], failed["suspect"].fillna(""), strict=True))
    counts = reports["status"].value_counts().to_dict()
    out = [
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>",
        "<title>政府信息公开工作年度报告 · audit</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Audit of the annual reports</h1>",
        "<p>"
        + ", ".join(f"{_esc(k)}: {v}" for k, v in sorted(counts.items()))
        + f"; {len(failed)} checks failed, {len(untested)} could not be tested.</p>",
    ]
    known = reports[reports["n_cells"] > 0].dropna(subset=["year"]).copy()
    # A report whose agency is unknown stands alone, named by its file: never one
    # series with other reports whose agency is unknown too.
    alone = known["agency"].isna()
    known.loc[alone, "agency"] = "(agency not found) " + known.loc[alone, "path"].astype(str)
    for agency, group in known.sort_values(["agency", "year"]).groupby("agency", sort=True):
        group = group.drop_duplicates(subset=["year"], keep="first")
        series = _Series(values, [int(y) for y in group["year"]], list(group["report_id"]))
        out.append(f"<h2>{_esc(agency)}</h2>")
        out.append(_charts(series))
        out.append(_figures(series, suspects))
        out.append(_failures(failed[failed["report_id"].isin(series.ids)], series))
        out.append(_untested(untested[untested["report_id"].isin(series.ids)], group, series.years))
    out.append("</body></html>")
    return "\n".join(out)


@dataclass(frozen=True)
class _Series:
    """One agency's reports, a year each: the cell values by report, its years and ids."""

    values: pd.DataFrame
    years: list[int]
    ids: list[str]

    def figure(self, report_id: str, keys: tuple[str, ...]) -> float | None:
        """The sum of the cells ``keys`` in one report; None when none is printed."""
        if report_id not in self.values.index:
            return None
        row = self.values.loc[report_id]
        present = [float(str(row[k])) for k in keys if k in row.index and pd.notna(row[k])]
        return sum(present) if present else None

    def figures(self, keys: tuple[str, ...]) -> list[float]:
        """A figure for each year, 0 where none is printed (for the charts)."""
        return [self.figure(i, keys) or 0.0 for i in self.ids]


def _charts(series: _Series) -> str:
    requests = [("本年新收申请", [series.figure(i, ("t3.r1.total",)) or 0.0 for i in series.ids])]
    outcomes = [
        (name, [series.figure(i, keys) or 0.0 for i in series.ids]) for name, keys in OUTCOMES
    ]
    return (
        "<div class='charts'>"
        + _bar_chart("申请 (requests received)", series.years, requests)
        + "<div>" + _bar_chart("办理结果 (outcomes)", series.years, outcomes)
        + _legend([n for n, _ in OUTCOMES]) + "</div></div>"
    )  # fmt: skip


def _figures(series: _Series, suspects: set[tuple[str, str]]) -> str:
    """The table of key figures by year; a cell a failed check names is marked."""
    out = ["<table class='years'><tr><th></th>"]
    out[0] += "".join(f"<th>{y}</th>" for y in series.years) + "</tr>"
    for name, keys in FIGURES:
        row_html = [f"<td>{_esc(name)}</td>"]
        for report_id in series.ids:
            value = series.figure(report_id, keys)
            bad = any((report_id, key) in suspects for key in keys)
            title = " title='the check names this cell as most likely wrong'" if bad else ""
            text = "" if value is None else f"{value:g}"
            row_html.append(f"<td class='{'bad' if bad else ''}'{title}>{text}</td>")
        out.append("<tr>" + "".join(row_html) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _failures(failures: pd.DataFrame, series: _Series) -> str:
    """The failed checks of one agency's reports, with the cell most likely wrong."""
    if not len(failures):
        return ""
    out = ["<ul class='failed'>"]
    year_of = {str(k): y for k, y in zip(series.ids, series.years, strict=True)}
    for failure in failures.to_dict(orient="records"):
        suspect = ""
        if failure["suspect"]:
            suspect = f" → most likely {failure['suspect']} (would be {failure['suggested']:g})"
        verdict = VERDICTS.get(str(failure.get("verdict") or ""), "")
        out.append(
            f"<li>{year_of[str(failure['report_id'])]} {_esc(failure['check'])} "
            f"[{_esc(failure['scope'])}]: printed {failure['actual']:g}, the parts give "
            f"{failure['expected']:g}{_esc(suspect)}"
            + (f" · {_esc(verdict)}" if verdict else "")
            + "</li>"
        )
    out.append("</ul>")
    return "\n".join(out)


def _untested(untested: pd.DataFrame, group: pd.DataFrame, years: list[int]) -> str:
    """The relations a year's report could not be tested on, and why (never shown as
    holding)."""
    if not len(untested):
        return ""
    year_of = {str(k): y for k, y in zip(group["report_id"], years, strict=True)}
    items = []
    for report_id, rows in untested.groupby("report_id", sort=True):
        reasons = sorted({str(r) for r in rows["reason"].dropna()})
        shown = "; ".join(reasons[:3]) + (" …" if len(reasons) > 3 else "")
        items.append(
            f"<li>{year_of.get(str(report_id), '')} {len(rows)} relations not tested: "
            f"{_esc(shown)}</li>"
        )
    return "<ul class='untested'>" + "".join(items) + "</ul>"


def write_audit(out_dir: Path) -> Path:
    """Read an output folder and write OUT_DIR/audit.html."""
    page = render_audit(
        read_frame(out_dir, "reports"), read_frame(out_dir, "cells"), read_frame(out_dir, "checks")
    )
    target = out_dir / "audit.html"
    atomic_write_text(target, page)
    return target
