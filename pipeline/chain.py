"""One file → one :class:`ReportResult`: the stage chain. Read, locate, normalise,
validate (with second readings where a relation fails), then classify.

(Named ``chain``, not ``extract``: a module ``pipeline.extract`` would replace the package's
function ``pipeline.extract`` the first time it was imported.)

:func:`extract_file` never raises for a bad file: whatever goes wrong becomes the report's
status and message, so one bad file cannot stop a batch.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import readers
from pipeline.about.metadata import read_metadata
from pipeline.about.region import find_region
from pipeline.locate import LocateResult, locate
from pipeline.locate.pages import holds_tables
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import Templates, decide_templates
from pipeline.records import (
    CellValue,
    CheckResult,
    Document,
    Fact,
    Metadata,
    Method,
    ReadError,
    ReportResult,
    Stated,
    Status,
)
from pipeline.reread import read_again
from pipeline.run.options import ExtractOptions
from pipeline.spec import Template
from pipeline.status import TABLE_NAMES, classify
from pipeline.validate.checks import check_cells, derive_blanks, flag_misreads
from pipeline.validate.facts import read_facts, soft_checks, stated_sums


def file_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def internal_failure(stage: str, error: BaseException) -> str:
    """A message a user can act on for an error of ogi's own, not a library's raw words
    (an OpenCV assertion, an lxml parse error, a bare MemoryError)."""
    if isinstance(error, MemoryError):
        return f"ran out of memory {stage} this file: it is too large or damaged"
    detail = " ".join(str(error).split())[:160]
    what = type(error).__name__
    return (
        f"ogi could not finish {stage} this file (a damaged or unusual file, or a bug: "
        f"please report it with the file): {what}{': ' + detail if detail else ''}"
    )


@dataclass(frozen=True)
class _Source:
    """The file being extracted, as far as it is known before its tables are read."""

    path: Path
    shown: str
    report_id: str
    format: str
    started: float

    def failed(self, status: Status, message: str, pages: int | None = None) -> ReportResult:
        return ReportResult(
            report_id=self.report_id,
            path=self.shown,
            format=self.format,
            pages=pages,
            metadata=Metadata(),
            template=Template.UNKNOWN,
            status=status,
            message=message,
            seconds=time.perf_counter() - self.started,
        )


@dataclass(frozen=True)
class _Tables:
    """What the stages found in a document that could be read."""

    texts: list[str]
    metadata: Metadata
    located: LocateResult
    templates: Templates
    facts: list[Fact]
    stated: Stated
    cells: list[CellValue]


def extract_file(
    path: Path, display_path: str | None = None, options: ExtractOptions | None = None
) -> ReportResult:
    """Extract the tables of one file. Never raises for bad input."""
    options = options or ExtractOptions()
    started = time.perf_counter()
    shown = display_path or str(path)
    try:
        data = _read_bytes(path)
    except OSError as error:
        source = _Source(path, shown, "", "", started)
        return source.failed(Status.FAILED, f"cannot read the file: {error.strerror or error}")
    source = _Source(path, shown, file_id(data), _sniff(path, data), started)
    try:
        document = readers.read(path, holds_tables)
    except ReadError as error:
        return source.failed(error.status, error.message)
    except Exception as error:  # noqa: BLE001 - a reader bug must not stop the batch
        return source.failed(Status.FAILED, internal_failure("reading", error))
    try:
        found = _read_tables(document)
    except Exception as error:  # noqa: BLE001
        message = internal_failure("extracting its tables", error)
        return source.failed(Status.FAILED, message, document.pages)
    cells, checks = _checked(found, source.path, document.format, options)
    return _result(source, document, found, cells, checks)


def _read_bytes(path: Path) -> bytes:
    problem = readers.not_a_file(path)
    if problem:
        raise OSError(problem)
    return path.read_bytes()


def _sniff(path: Path, data: bytes) -> str:
    try:
        return readers.sniff(path, data[:4096]) if data else "empty"
    except Exception:  # noqa: BLE001 - a broken container is the reader's to report
        return path.suffix.lstrip(".").lower() or "unknown"


def _read_tables(document: Document) -> _Tables:
    texts = [line.text for line in document.lines]
    located = locate(document.lines)
    templates = decide_templates(located.matches)
    facts = read_facts(texts)
    stated = stated_sums(facts)
    cells = to_cells(located.matches, templates, stated=stated)
    return _Tables(
        texts=texts,
        metadata=read_metadata(texts),
        located=located,
        templates=templates,
        facts=facts,
        stated=stated,
        cells=_with_method(cells, document.method),
    )


def _with_method(cells: list[CellValue], method: Method) -> list[CellValue]:
    """Each cell with how it was read: a cell with an OCR confidence was read by OCR."""
    return [
        replace(c, method=Method.OCR if c.confidence is not None else method.base) for c in cells
    ]


def _checked(
    found: _Tables, path: Path, kind: str, options: ExtractOptions
) -> tuple[list[CellValue], list[CheckResult]]:
    """The cells with blanks derived and misreadings flagged, and the checks: where a
    relation fails, its cells are read a second way first (:func:`read_again`)."""
    template = found.templates.report
    cells = derive_blanks(found.cells, template)
    checks = check_cells(cells, template, stated=found.stated)
    if options.second_reading and any(c.failed for c in checks):
        doubted = {key for check in checks if check.failed for key in check.cells}
        cells = read_again(path, kind, cells, doubted, found.stated)
        checks = check_cells(cells, template, stated=found.stated)
    checks += soft_checks(found.facts, cells)
    return flag_misreads(cells, checks), checks


def _result(
    source: _Source,
    document: Document,
    found: _Tables,
    cells: list[CellValue],
    checks: list[CheckResult],
) -> ReportResult:
    classified = classify(cells, found.texts, found.metadata, found.templates, document.unread)
    status, message = classified.status, classified.message
    if not classified.keep_cells:
        cells, checks = [], []
    elif found.located.copies:
        status = Status.PARTIAL
        message = _join(_copies_message(found.located.copies), message)
    if status is not Status.OK and document.notes:
        message = _join(message, *document.notes)
    if found.located.warnings and status is Status.OK:
        message = "; ".join(found.located.warnings[:3])
    return ReportResult(
        report_id=source.report_id,
        path=source.shown,
        format=document.format,
        pages=document.pages,
        metadata=found.metadata,
        template=classified.template,
        status=status,
        message=message,
        cells=tuple(cells),
        checks=tuple(checks),
        method=document.method,
        seconds=time.perf_counter() - source.started,
        facts=tuple(found.facts),
        region=find_region(found.metadata.agency, found.metadata.title, source.shown, found.texts),
    )


def _copies_message(copies: dict[str, int]) -> str:
    printed = "、".join(f"{TABLE_NAMES[t]} {n} times" for t, n in sorted(copies.items()))
    return (
        f"the file prints table {printed} (several reports in one file?): "
        "only the first of each was read"
    )


def _join(*parts: str) -> str:
    return "; ".join(filter(None, parts))
