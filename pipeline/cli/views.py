"""One report's three tables as rich tables laid out like the official ones.

Cells whose row label matched below :data:`WEAK_SCORE` are yellow, flagged cells red, and
the failed checks are listed under the tables.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipeline.records import CellKey, CellValue, ReportResult, Verdict
from pipeline.spec import TableSpec, load_spec

if TYPE_CHECKING:
    from pipeline.analysis.evaluate import Evaluation, Score, WrongCell

T = TypeVar("T")
# What a terminal must never be sent from a document: control characters (escape
# sequences set the clipboard, the window title, move the cursor), DEL and the C1 range,
# and the marks that reorder text (bidirectional overrides).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Text from a document as it may be shown in a terminal: control characters removed."""
    return _UNSAFE.sub("", text)


def safe_markup(text: object) -> str:
    """Text for a Rich string with markup: cleaned, and its own ``[…]`` escaped."""
    return escape(clean(str(text)))


def cleaned(record: T) -> T:
    """A record (a result, a cell, …) with every text in it cleaned, nested ones too."""
    changes: dict[str, object] = {}
    for field in fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        new = _cleaned_value(value)
        if new is not value:
            changes[field.name] = new
    return replace(record, **changes) if changes else record  # type: ignore[type-var]


def _cleaned_value(value: object) -> object:
    if isinstance(value, str):
        return clean(value) if _UNSAFE.search(value) else value
    if isinstance(value, tuple):
        items = tuple(_cleaned_value(v) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if is_dataclass(value) and not isinstance(value, type):
        return cleaned(value)
    return value


WEAK_SCORE = 90.0
# Columns only the older layout of table 二 prints: a report that prints them is shown in
# that layout (unless told).
OLDER_COLUMNS = frozenset({"newly_made", "prev_year_items"})
VERDICTS = {Verdict.PRINTED: "printed so in the report", Verdict.CHECK: "check our reading"}


def _cell_text(cell: CellValue | None) -> Text:
    if cell is None:
        return Text("·", style="dim")
    shown = cell.raw if cell.raw else "空"
    if cell.value is not None and cell.raw and cell.raw.strip() != _plain(cell.value):
        shown = f"{_plain(cell.value)} ‹{cell.raw}›"
    if cell.reread is not None and cell.reread != cell.raw:
        shown += f" (the page shows {cell.reread or '空'})"
    if cell.flag:
        return Text(f"{shown} !{cell.flag}", style="bold red")
    if cell.score < WEAK_SCORE:
        return Text(shown, style="yellow")
    return Text(shown, style="" if cell.raw else "dim")


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


Found = dict[CellKey, CellValue]


def _sectioned(table: TableSpec, found: Found, template: str) -> Table:
    """A table of sections (二): each section's caption, then its rows, a cell a line."""
    out = Table(title=table.title, show_lines=False)
    out.add_column("信息内容")
    out.add_column("列")
    out.add_column("值", justify="right")
    out.add_column("匹配", justify="right")
    for section in table.sections:
        rows = [r for r in table.rows if r.section == section.key]
        printed = [r for r in rows if any(k.row == r.key for k in found if k.table == table.id)]
        if not printed:
            continue
        out.add_row(Text(section.label, style="bold"), "", "", "")
        for row in printed:
            for col_key in dict(row.columns).get(template) or [
                k.col for k in found if k.row == row.key
            ]:
                cell = found.get(CellKey(table.id, row.key, col_key))
                score = f"{cell.score:.0f}" if cell else ""
                out.add_row(row.label, table.column(col_key).label, _cell_text(cell), score)
    return out


def _grid(table: TableSpec, found: Found, template: str) -> Table:
    """A table of rows × columns (三), its group labels in bold."""
    columns = [
        c for c in table.columns if any(k.table == table.id and k.col == c.key for k in found)
    ]
    out = Table(title=table.title)
    out.add_column("行", min_width=10, max_width=22, overflow="ellipsis", no_wrap=True)
    for column in columns:
        out.add_column(column.label, justify="right", min_width=4)
    out.add_column("匹配", justify="right")
    for row in table.rows:
        cells = [found.get(CellKey(table.id, row.key, c.key)) for c in columns]
        present = [c for c in cells if c is not None]
        if not present:
            if row.kind(template) == "group":
                out.add_row(Text(row.label, style="bold"), *["" for _ in columns], "")
            continue
        label = Text(row.label, style="yellow" if present[0].score < WEAK_SCORE else "")
        out.add_row(label, *[_cell_text(c) for c in cells], f"{present[0].score:.0f}")
    return out


def _blocks(table: TableSpec, found: Found) -> Table:
    """A table of one row in blocks (四): its 15 numbers folded into three blocks of five."""
    out = Table(title=table.title)
    out.add_column("")
    blocks: dict[str, list[str]] = {}
    for column in table.columns:
        blocks.setdefault(column.block, []).append(column.key)
    outcomes = [c.label for c in table.columns if c.block == table.columns[0].block]
    row = table.rows[0].key
    for label in outcomes:
        out.add_column(label, justify="right")
    for block, keys in blocks.items():
        out.add_row(block, *[_cell_text(found.get(CellKey(table.id, row, k))) for k in keys])
    return out


def render_report(result: ReportResult, t2_template: str | None = None) -> RenderableType:
    """A renderable of the report's header, its three tables and its failed checks; the
    text of the document cleaned of what a terminal would act on."""
    result = cleaned(result)
    spec = load_spec()
    found = {c.key: c for c in result.cells}
    meta = result.metadata
    header = Text()
    header.append(f"{result.path}\n", style="bold")
    header.append(
        f"{meta.title or '(no title)'} · {meta.agency or '?'} · {meta.year or '?'} · "
        f"published {meta.published or '?'}\n"
    )
    header.append(f"template {result.template} · status {result.status}")
    if result.message:
        header.append(f" · {result.message}", style="red" if result.status != "ok" else "")
    parts: list[RenderableType] = [header]
    if result.cells:
        template = result.template if result.template in spec.templates else spec.latest
        for table in spec.tables:
            if table.sections:
                columns = {c.col for c in result.cells if c.table == table.id}
                guess = spec.templates[0] if columns & OLDER_COLUMNS else spec.latest
                parts.append(_sectioned(table, found, t2_template or guess))
            elif table.has_blocks:
                parts.append(_blocks(table, found))
            else:
                parts.append(_grid(table, found, template))
    failed = [c for c in result.checks if c.failed]
    untested = [c for c in result.checks if not c.tested]
    if result.checks:
        held = sum(1 for c in result.checks if c.held)
        lines = Text(f"checks: {held} of {len(result.checks)} hold, {len(failed)} failed")
        if untested:
            reasons = sorted({c.reason for c in untested})
            shown = "; ".join(reasons[:3]) + (" …" if len(reasons) > 3 else "")
            lines.append(f", {len(untested)} not tested ({shown})", style="yellow")
        lines.append("\n")
        for check in failed:
            lines.append(
                f"  ✗ {check.check} [{check.scope}]: printed {check.actual:g}, "
                f"the parts give {check.expected:g}"
                + (
                    f" → most likely {check.suspect} (would be {check.suggested:g}; "
                    f"{VERDICTS.get(check.verdict, check.verdict)})"
                    if check.suspect and check.suggested is not None
                    else f" ({VERDICTS[check.verdict]})"
                    if check.verdict in VERDICTS
                    else ""
                )
                + "\n",
                style="red",
            )
        parts.append(lines)
    return Group(*parts)


def _score_table(title: str, groups: dict[str, Score]) -> Table:
    out = Table(title=title, title_justify="left")
    for name in ("", "cells", "precision", "recall", "F1"):
        out.add_column(name, justify="left" if not name else "right")
    for group, score in sorted(groups.items()):
        style = "red" if score.f1 < 0.98 else ""
        out.add_row(
            Text(clean(group)),
            str(score.truth),
            f"{score.precision:.4f}",
            f"{score.recall:.4f}",
            Text(f"{score.f1:.4f}", style=style),
        )
    return out


def render_evaluation(
    evaluation: Evaluation,
    mismatches: list[tuple[str, str, str]],
    wrong_per_document: int = 5,
) -> RenderableType:
    """Scores overall and by group, then the documents that are not exact."""
    overall = evaluation.overall
    parts: list[RenderableType] = [
        Text(
            f"cells: {overall.truth} in truth, {overall.predicted} predicted, "
            f"{overall.correct} right · precision {overall.precision:.4f} · "
            f"recall {overall.recall:.4f} · F1 {overall.f1:.4f} · "
            f"{len(evaluation.documents)} documents scored",
            style="bold",
        )
    ]
    for axis, groups in evaluation.by_group.items():
        parts.append(_score_table(f"by {axis}", groups))
    inexact = {
        p: s
        for p, s in evaluation.documents.items()
        if s.correct != s.truth or s.predicted != s.correct
    }
    if inexact:
        lines = Text(f"{len(inexact)} documents not exact\n", style="bold")
        by_path: dict[str, list[WrongCell]] = {}
        for wrong in evaluation.wrong:
            by_path.setdefault(wrong.path, []).append(wrong)
        for path in sorted(inexact):
            cells = by_path.get(path, [])
            lines.append(f"{clean(path)}: {len(cells)} cells\n")
            for wrong in cells[:wrong_per_document]:
                lines.append(
                    f"  {wrong.key.dotted()}: expected {wrong.expected}, got {wrong.got}"
                    f" (page {wrong.page or '-'}, label {clean(wrong.label[:30])!r})\n"
                )
        parts.append(lines)
    if mismatches:
        lines = Text(f"{len(mismatches)} files with an unexpected status\n", style="bold red")
        for path, want, got in mismatches:
            lines.append(f"  {clean(path)}: expected {want}, got {got}\n")
        parts.append(lines)
    if evaluation.unscored:
        parts.append(
            Text(f"{len(evaluation.unscored)} files had no truth file and were not scored")
        )
    return Group(*parts)
