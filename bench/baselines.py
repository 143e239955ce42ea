"""Two baselines scored exactly like the pipeline: a PDF's tables found by a general table
extractor, and each row looked up by its exact label (after removing whitespace and the
enumerator), values read from the right.

- ``pdfplumber``: ``page.extract_tables()`` on every page.
- ``camelot``: ``camelot.read_pdf(..., flavor="lattice")`` on every page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pipeline.chain import file_id
from pipeline.records import CellKey, CellValue, Metadata, ReportResult, Status
from pipeline.spec import Template, load_spec
from pipeline.text import label_key, parse_number

Rows = list[list[str]]


@cache
def _labels() -> dict[str, tuple[str, str]]:
    """Official label (no aliases) → (table, row)."""
    spec = load_spec()
    return {label_key(r.label): (t.id, r.key) for t in spec.tables for r in t.rows if t.id != "t4"}


def rows_to_cells(rows: Rows, page: int) -> list[CellValue]:
    spec = load_spec()
    t4_columns = [c.key for c in spec.table("t4").columns]
    t3_columns = [c.key for c in spec.table("t3").columns if not c.optional]
    cells: list[CellValue] = []
    for row in rows:
        texts = [(t or "").strip() for t in row]
        numeric = [i for i, t in enumerate(texts) if t and parse_number(t) is not None]
        labels = [i for i, t in enumerate(texts) if t and i not in numeric]
        if not labels and len(numeric) == len(t4_columns):
            for key, i in zip(t4_columns, numeric, strict=True):
                value = parse_number(texts[i])
                cells.append(
                    CellValue(
                        "t4", "r1", key, value.value if value else None, texts[i], "", 100, page
                    )
                )
            continue
        if not labels:
            continue
        found = _labels().get(label_key(texts[labels[-1]]))
        if found is None:
            continue
        table, row_key = found
        values = texts[labels[-1] + 1 :]
        if table == "t3":
            columns = t3_columns
        else:
            row_spec = spec.table("t2").row(row_key)
            options = [cols for _, cols in row_spec.columns if len(cols) == len(values)]
            if not options:
                continue
            columns = list(options[0])
        if len(values) != len(columns):
            continue
        for key, text in zip(columns, values, strict=True):
            value = parse_number(text)
            cells.append(
                CellValue(
                    table,
                    row_key,
                    key,
                    value.value if value else None,
                    text,
                    texts[labels[-1]],
                    100,
                    page,
                )
            )
    return cells


def pdfplumber_tables(path: Path) -> list[tuple[int, Rows]]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.extract_tables():
                out.append((number, [[c or "" for c in row] for row in table]))
    return out


def camelot_tables(path: Path) -> list[tuple[int, Rows]]:
    import camelot

    tables = camelot.read_pdf(str(path), pages="all", flavor="lattice", backend="pdfium")
    return [(int(t.page), t.df.astype(str).values.tolist()) for t in tables]


EXTRACTORS: dict[str, Callable[[Path], list[tuple[int, Rows]]]] = {
    "pdfplumber": pdfplumber_tables,
    "camelot": camelot_tables,
}


def run_baseline(name: str, path: Path, shown: str) -> ReportResult:
    started = time.perf_counter()
    data = path.read_bytes()
    try:
        tables = EXTRACTORS[name](path)
    except Exception as error:  # noqa: BLE001 - a baseline's failure is a result too
        return ReportResult(
            file_id(data),
            shown,
            "pdf",
            None,
            Metadata(),
            Template.UNKNOWN,
            Status.FAILED,
            str(error),
        )
    cells: dict[CellKey, CellValue] = {}
    for page, rows in tables:
        for cell in rows_to_cells(rows, page):
            cells.setdefault(cell.key, cell)
    template = "fmt2021" if any(k.row.startswith("r3_6_") for k in cells) else "fmt2019"
    return ReportResult(
        report_id=file_id(data),
        path=shown,
        format="pdf",
        pages=None,
        metadata=Metadata(),
        template=template,
        status=Status.OK if cells else Status.FAILED,
        message="",
        cells=tuple(cells.values()),
        seconds=time.perf_counter() - started,
    )
