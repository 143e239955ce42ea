"""Typed records passed between the stages: reader → locate → normalise → validate → dataset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The tables of a written dataset, each as NAME.parquet and NAME.csv.
FRAME_NAMES = ("reports", "cells", "checks", "facts", "panel")


class Status(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    NOT_A_REPORT = "not_a_report"
    FAILED = "failed"


class ReadError(Exception):
    """A file that cannot be read as a report; carries the status and a message for users."""

    def __init__(self, status: Status, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# The highest OCR confidence given to a text read only once: above it, two independent
# readings of it agreed.
ONE_READING = 0.9


@dataclass(frozen=True, slots=True)
class Box:
    """Where something is printed: its left and right sides and its top and bottom, y
    growing down from the top of the page (points on a PDF page, pixels on a picture).
    The records of what a reader finds at a place are Boxes."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class TextCell:
    """One printed cell, or one run of words on a line, with its horizontal extent if known."""

    text: str
    x0: float | None = None
    x1: float | None = None
    confidence: float | None = None  # OCR's confidence in the text, 0 to 1; None when not OCR
    top: float | None = None  # its vertical extent on a PDF page (points), where known
    bottom: float | None = None


@dataclass(frozen=True)
class Line:
    """A row of a table or a line of text, in reading order.

    ``grid`` is True when the cells come from a real grid (a ruled PDF table, a Word or
    Markdown table, tab-separated text): an empty cell there is a printed blank cell.
    """

    cells: tuple[TextCell, ...]
    page: int | None = None
    grid: bool = False

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)


# Reads the bytes of a picture inside a document into lines (OCR): the readers of Word
# files and web pages are given one.
PictureReader = Callable[[bytes], list[Line]]


@dataclass(frozen=True)
class Document:
    """What a reader makes of one file: its lines in reading order."""

    format: str
    lines: tuple[Line, ...]
    pages: int | None = None
    method: str = "text"
    notes: tuple[str, ...] = ()  # what the reader saw that explains missing tables

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def unread(self) -> bool:
        """Whether some of the document could not be read (pictures or scanned pages
        with no OCR, a garbled text layer): the notes say more than what OCR read."""
        return any(not note.endswith("read by OCR") for note in self.notes)


@dataclass(frozen=True)
class Token:
    """A value-bearing piece of a line: a number, a blank cell, a dash, or a run of digits."""

    text: str
    x0: float | None = None
    x1: float | None = None
    confidence: float | None = None  # OCR's confidence, as on the TextCell it came from
    top: float | None = None
    bottom: float | None = None

    @property
    def centre(self) -> float | None:
        if self.x0 is None or self.x1 is None:
            return None
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class RowMatch:
    """A line of a document matched to a row of the spec, with its value tokens."""

    table: str
    row: str
    label: str
    score: float
    tokens: tuple[Token, ...]
    page: int | None
    grid: bool
    section_columns: tuple[str, ...] = ()  # t2: the column keys its sub-table header names
    wide_columns: tuple[str, ...] = ()  # t3: the column keys the header names, if not official
    header_spans: tuple[tuple[float, float], ...] = ()  # x0, x1 of each column's header label
    width: int = 0  # how many cells the printed line has
    # placed by the order of the rows alone, where more than one place was open for it
    uncertain: bool = False


class _BoxEdge:
    """One edge of a cell's ``box``, read as an attribute: None where the box is not known."""

    def __init__(self, index: int) -> None:
        self.index = index

    def __get__(self, cell: CellValue | None, owner: type[CellValue] | None = None) -> float | None:
        return cell.box[self.index] if cell is not None and cell.box else None


@dataclass(frozen=True)
class CellValue:
    """One cell of the output ``cells`` table."""

    table: str
    row: str
    col: str
    value: float | None
    raw: str
    row_label: str
    score: float
    page: int | None
    flag: str = ""
    method: str = ""  # how the cell was read: text, docx, html, ocr, …
    confidence: float | None = None  # OCR's confidence in the cell's text, 0 to 1
    # Where a PDF prints the cell: x0, top, x1, bottom in points from the page's top left.
    box: tuple[float, float, float, float] | None = None
    # A second, independent reading of a text-layer cell (OCR of the rendered cell), taken
    # when a failed relation puts the cell in doubt; None when not taken.
    reread: str | None = None

    # The edges of ``box`` (None without one).
    x0 = _BoxEdge(0)
    top = _BoxEdge(1)
    x1 = _BoxEdge(2)
    bottom = _BoxEdge(3)

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.col}"


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date
    url: str | None = None  # where it was downloaded from (only from --meta)


@dataclass(frozen=True)
class Fact:
    """A figure stated in a report's narrative (report-format.md §7)."""

    key: str
    value: float
    unit: str
    sentence: str


@dataclass(frozen=True)
class Region:
    """Where a report comes from."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None
    level: str | None = None  # province | city | county | township, or "<level> department"
    division_code: str | None = None  # 12-digit statistical division code


@dataclass(frozen=True)
class CheckResult:
    """A relation tested on a report: ``ok`` True or False, or None when it could not be
    tested (a cell it needs was not read, or is flagged, or one side is printed blank),
    with the ``reason``. A relation not tested never counts as holding."""

    check: str
    scope: str
    expected: float | None
    actual: float | None
    ok: bool | None
    suspect: str = ""  # on a failed relation: the cell most likely wrong, table.row.col
    suggested: float | None = None  # the value of that cell that would satisfy it
    verdict: str = ""  # printed (the report prints it so) | check (our reading may be off)
    cells: tuple[str, ...] = ()  # the cells the relation was tested on (not written out)
    reason: str = ""  # why it was not tested

    @property
    def failed(self) -> bool:
        return self.ok is False

    @property
    def held(self) -> bool:
        return self.ok is True

    @property
    def tested(self) -> bool:
        return self.ok is not None


@dataclass(frozen=True)
class ReportResult:
    """Everything extracted from one file."""

    report_id: str
    path: str
    format: str
    pages: int | None
    metadata: Metadata
    template: str
    status: Status
    message: str
    cells: tuple[CellValue, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    method: str = ""
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    facts: tuple[Fact, ...] = ()
    region: Region = Region()


# --- results as plain data (the cache: JSON, which cannot run code when read) -----------


def result_to_data(result: ReportResult) -> dict[str, object]:
    """A result as JSON-ready data (dicts, lists, numbers, strings, None)."""
    data: dict[str, object] = {}
    for name in ReportResult.__dataclass_fields__:
        value = getattr(result, name)
        if name in ("cells", "checks", "facts"):
            data[name] = [_fields(item) for item in value]
        elif name in ("metadata", "region"):
            data[name] = _fields(value)
        elif name == "status":
            data[name] = str(value)
        else:
            data[name] = list(value) if isinstance(value, tuple) else value
    return data


def result_from_data(data: dict[str, Any]) -> ReportResult:
    """The result ``result_to_data`` wrote; raises ValueError or TypeError (or KeyError)
    on data of another shape."""
    return ReportResult(
        report_id=str(data["report_id"]),
        path=str(data["path"]),
        format=str(data["format"]),
        pages=data["pages"],
        metadata=Metadata(**data["metadata"]),
        template=str(data["template"]),
        status=Status(data["status"]),
        message=str(data["message"]),
        cells=tuple(
            CellValue(**{**c, "box": tuple(c["box"]) if c.get("box") else None})
            for c in data["cells"]
        ),
        checks=tuple(CheckResult(**{**c, "cells": tuple(c["cells"])}) for c in data["checks"]),
        method=str(data["method"]),
        seconds=float(data["seconds"]),
        warnings=tuple(data["warnings"]),
        facts=tuple(Fact(**f) for f in data["facts"]),
        region=Region(**data["region"]),
    )


def _fields(record: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in record.__dataclass_fields__:  # type: ignore[attr-defined]
        value = getattr(record, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out
