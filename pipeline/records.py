"""Typed records passed between the stages: reader → locate → normalise → validate → dataset."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

# The tables of a written dataset, each as NAME.parquet and NAME.csv.
FRAME_NAMES = ("reports", "cells", "checks", "facts", "panel")


class Status(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    NOT_A_REPORT = "not_a_report"
    FAILED = "failed"


class Flag(StrEnum):
    """Why a cell's value is null, or not the number as printed; ``NONE``: read as printed.
    ``normalise`` gives the flags up to ``ROW_UNCERTAIN``, ``validate`` the others. A cell
    with any flag is left out of the relations."""

    NONE = ""
    # Its row's values do not fit the row's columns: every cell shows the printed values.
    MISALIGNED = "misaligned"
    # A run of digits that splits into the columns more than one way: the readings in raw.
    AMBIGUOUS_DIGIT_RUN = "ambiguous_digit_run"
    NOT_A_NUMBER = "not_a_number"
    # A fraction in a column of counts (the value is kept).
    NOT_AN_INTEGER = "not_an_integer"
    # Below zero in a column that cannot be (the value is kept).
    NEGATIVE = "negative"
    # Printed in 元 in a column of 万元: the value is converted.
    UNIT_CONVERTED = "unit_converted"
    # A row the report's format does not have, or a group row that holds no values.
    NOT_IN_TEMPLATE = "not_in_template"
    # A run of digits split the one way that agrees with a figure of the report's text.
    SPLIT_BY_NARRATIVE = "split_by_narrative"
    # A PDF's number whose digits are drawn over one another in another order than its
    # text layer lists them: the page and the text disagree on the number.
    DIGIT_ORDER_UNSURE = "digit_order_unsure"
    # A row of values printed without a label we could match, placed by the order of the
    # rows, where more than one place was open for it.
    ROW_UNCERTAIN = "row_uncertain"
    # A lone blank filled with the value two or more relations agree on.
    DERIVED = "derived"
    # Read by OCR and named by a failed relation as most likely wrong: the value is dropped.
    OCR_MISREAD = "ocr_misread"
    # Read by OCR with low confidence and confirmed by no relation: the value is dropped.
    OCR_UNSURE = "ocr_unsure"
    # Named by a failed relation, and its second reading gives another number: dropped.
    READINGS_DIFFER = "readings_differ"


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
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class TextCell:
    """One printed cell, or one run of words on a line, with its horizontal extent if known;
    after locate, also a value-bearing piece of a row (a number, a blank cell, a dash, or a
    run of digits), which keeps the place and confidence of the cell it came from."""

    text: str
    x0: float | None = None
    x1: float | None = None
    confidence: float | None = None  # OCR's confidence in the text, 0 to 1; None when not OCR
    top: float | None = None  # its vertical extent on a PDF page (points), where known
    bottom: float | None = None
    # a PDF's digits drawn over one another in another order than its text layer lists
    # them: the order of its digits is in doubt
    order_unsure: bool = False

    @property
    def centre(self) -> float | None:
        if self.x0 is None or self.x1 is None:
            return None
        return (self.x0 + self.x1) / 2


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


class Method(StrEnum):
    """How a document, or one of its cells, was read. A document some of whose pages or
    pictures OCR read is read the composed way (:meth:`with_ocr`: docx → docx+ocr); a
    cell is read its document's base way (:attr:`base`) or by OCR. ``NONE``: not read (a
    file that failed first), or not yet told (a cell before its document's is given)."""

    NONE = ""
    TEXT = "text"  # a PDF's text layer, or a text or Markdown file
    DOCX = "docx"
    HTML = "html"  # a web page or .mht
    LIBREOFFICE = "libreoffice"  # .doc, .wps, .rtf or .odt converted to .docx
    OCR = "ocr"  # every page or picture, by OCR
    TEXT_OCR = "text+ocr"
    DOCX_OCR = "docx+ocr"
    HTML_OCR = "html+ocr"
    LIBREOFFICE_OCR = "libreoffice+ocr"

    def with_ocr(self, ocr: bool = True) -> Method:
        """This way with some of the document read by OCR (text → text+ocr), if ``ocr``."""
        return _WITH_OCR.get(self, self) if ocr else self

    @property
    def base(self) -> Method:
        """The way the document was read besides OCR: text+ocr → text; OCR stays OCR."""
        return _BASES.get(self, self)

    @property
    def by_ocr(self) -> bool:
        """Whether OCR read some or all of the document."""
        return self is Method.OCR or self in _BASES


_WITH_OCR = {
    Method.TEXT: Method.TEXT_OCR,
    Method.DOCX: Method.DOCX_OCR,
    Method.HTML: Method.HTML_OCR,
    Method.LIBREOFFICE: Method.LIBREOFFICE_OCR,
}
_BASES = {composed: base for base, composed in _WITH_OCR.items()}


# Reads the bytes of a picture inside a document into lines (OCR): the readers of Word
# files and web pages are given one.
PictureReader = Callable[[bytes], list[Line]]


@dataclass(frozen=True)
class Document:
    """What a reader makes of one file: its lines in reading order."""

    format: str
    lines: tuple[Line, ...]
    pages: int | None = None
    method: Method = Method.TEXT
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
class RowMatch:
    """A line of a document matched to a row of the spec, with its value tokens."""

    table: str
    row: str
    label: str
    score: float
    tokens: tuple[TextCell, ...]
    page: int | None
    grid: bool
    section_columns: tuple[str, ...] = ()  # t2: the column keys its sub-table header names
    wide_columns: tuple[str, ...] = ()  # t3: the column keys the header names, if not official
    header_spans: tuple[tuple[float, float], ...] = ()  # x0, x1 of each column's header label
    width: int = 0  # how many cells the printed line has
    # placed by the order of the rows alone, where more than one place was open for it
    uncertain: bool = False


class CellKey(NamedTuple):
    """Where a cell is: its table, row and column of the spec. The dataset and every
    message write it dotted: ``t3.r1.total``."""

    table: str
    row: str
    col: str

    def dotted(self) -> str:
        return f"{self.table}.{self.row}.{self.col}"

    @classmethod
    def parse(cls, text: str) -> CellKey:
        """``"t3.r1.total"`` → its key; ValueError for text of another shape."""
        table, row, col = text.split(".")
        return cls(table, row, col)


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
    flag: Flag = Flag.NONE
    method: Method = Method.NONE  # how the cell was read: its document's base way, or OCR
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
    def key(self) -> CellKey:
        return CellKey(self.table, self.row, self.col)


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


# What the narrative states some cells add up to, by those cells: "行政复议3件" states
# t4.r1.review_total is 3 (see pipeline.validate.facts.stated_sums).
Stated = Mapping[tuple[CellKey, ...], float]


@dataclass(frozen=True)
class Region:
    """Where a report comes from."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None
    level: str | None = None  # province | city | county | township, or "<level> department"
    division_code: str | None = None  # 12-digit statistical division code


class Verdict(StrEnum):
    """Whether the report itself prints the inconsistency a failed relation finds."""

    NONE = ""  # the relation held, or was not tested
    PRINTED = "printed"  # the report prints it so: every reading agrees
    CHECK = "check"  # our reading may be off: check the page


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
    suspect: str = ""  # on a failed relation: the cell most likely wrong, its dotted key
    suggested: float | None = None  # the value of that cell that would satisfy it
    verdict: Verdict = Verdict.NONE
    cells: tuple[CellKey, ...] = ()  # the cells the relation was tested on (not written out)
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
    method: Method = Method.NONE
    seconds: float = 0.0
    facts: tuple[Fact, ...] = ()
    region: Region = Region()
