"""One file → one :class:`ReportResult`: read, locate, normalise, validate.

:func:`extract_file` never raises for a bad file: whatever goes wrong becomes the report's
status and message, so one bad file cannot stop a batch.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import replace
from functools import cache
from pathlib import Path

from pipeline import readers
from pipeline.about.metadata import read_metadata
from pipeline.about.region import find_region
from pipeline.locate import locate
from pipeline.normalise.cells import decide_templates, to_cells
from pipeline.records import CellValue, Metadata, ReadError, ReportResult, Status
from pipeline.spec import load_spec
from pipeline.status import TABLE_NAMES, classify
from pipeline.text import label_key, squash
from pipeline.validate.checks import check_cells, derive_blanks, flag_misreads
from pipeline.validate.facts import cell_sums, read_facts, soft_checks

# A page holds the tables when it prints at least this many distinct spec labels.
MIN_LABELS_ON_TABLE_PAGE = 3


@cache
def _spec_labels() -> tuple[str, ...]:
    spec = load_spec()
    labels = {label_key(lab) for t in spec.tables for r in t.rows for lab in r.labels}
    labels |= {label_key(lab) for t in spec.tables for c in t.columns for lab in c.labels}
    return tuple(sorted(lab for lab in labels if len(lab) >= 4))


def holds_tables(page_text: str) -> bool:
    """Whether a page's text looks like it holds part of the official tables."""
    squashed = squash(page_text)
    hits = 0
    for label in _spec_labels():
        if label in squashed:
            hits += 1
            if hits >= MIN_LABELS_ON_TABLE_PAGE:
                return True
    return False


def file_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _with_method(cells: list[CellValue], method: str) -> list[CellValue]:
    """Each cell with how it was read: a cell with an OCR confidence was read by OCR."""
    base = method.removesuffix("+ocr")
    return [
        replace(c, method="ocr" if c.confidence is not None or method == "ocr" else base)
        for c in cells
    ]


def read_again(
    path: Path,
    kind: str,
    cells: list[CellValue],
    doubted: set[str],
    narrative: dict[tuple[str, ...], float],
) -> list[CellValue]:
    """The cells named in ``doubted`` (those of failed relations) read a second way, so
    that a misreading can be told from a printed inconsistency: a PDF cell's picture, read
    by OCR; a Word file or web page printed to PDF and read as a PDF. Cells read by OCR
    were already read twice; text files have no second reading."""
    targets = [i for i, c in enumerate(cells) if c.key in doubted and c.method != "ocr"]
    if not targets:
        return cells
    second: dict[int, str] = {}
    if kind == "pdf":
        places = [
            (i, (c.page, c.box))
            for i, c in ((i, cells[i]) for i in targets)
            if c.page is not None and c.box is not None
        ]
        texts = readers.read_pictures(path, [place for _, place in places])
        if texts is not None:
            second = {i: text for (i, _), text in zip(places, texts, strict=True)}
    else:
        printed = _as_printed(path, kind, narrative)
        second = {i: printed[cells[i].key] for i in targets if cells[i].key in printed}
    out = list(cells)
    for i, text in second.items():
        out[i] = replace(cells[i], reread=text)
    return out


def _as_printed(path: Path, kind: str, narrative: dict[tuple[str, ...], float]) -> dict[str, str]:
    """The cells of a file printed to PDF (:func:`readers.render_pdf`), as the PDF reader
    reads them: key → text; empty when the format cannot be printed."""
    with tempfile.TemporaryDirectory(prefix="ogi-print-") as work:
        pdf = readers.render_pdf(path, kind, Path(work))
        if pdf is None:
            return {}
        try:
            document = readers.read(pdf, holds_tables)
        except ReadError:
            return {}
    located = locate(document.lines)
    cells = to_cells(located.matches, decide_templates(located.matches), narrative=narrative)
    return {c.key: c.raw for c in cells if not c.flag}


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


def extract_file(
    path: Path, display_path: str | None = None, second_reading: bool = True
) -> ReportResult:
    """Extract the tables of one file. Never raises for bad input. ``second_reading``:
    read the cells of failed relations a second way (:func:`read_again`)."""
    started = time.perf_counter()
    shown = display_path or str(path)
    problem = readers.not_a_file(path)
    try:
        if problem:
            raise OSError(problem)
        data = path.read_bytes()
    except OSError as error:
        return ReportResult(
            report_id="",
            path=shown,
            format="",
            pages=None,
            metadata=Metadata(),
            template="unknown",
            status=Status.FAILED,
            message=f"cannot read the file: {error.strerror or error}",
            seconds=time.perf_counter() - started,
        )
    report_id = file_id(data)
    try:
        fmt = readers.sniff(path, data[:4096]) if data else "empty"
    except Exception:  # noqa: BLE001 - a broken container is the reader's to report
        fmt = path.suffix.lstrip(".").lower() or "unknown"

    def failed(status: Status, message: str, pages: int | None = None) -> ReportResult:
        return ReportResult(
            report_id=report_id,
            path=shown,
            format=fmt,
            pages=pages,
            metadata=Metadata(),
            template="unknown",
            status=status,
            message=message,
            seconds=time.perf_counter() - started,
        )

    try:
        document = readers.read(path, holds_tables)
    except ReadError as error:
        return failed(error.status, error.message)
    except Exception as error:  # noqa: BLE001 - a reader bug must not stop the batch
        return failed(Status.FAILED, internal_failure("reading", error))

    try:
        texts = [line.text for line in document.lines]
        metadata = read_metadata(texts)
        located = locate(document.lines)
        templates = decide_templates(located.matches)
        facts = read_facts(texts)
        narrative = cell_sums(facts)
        cells = _with_method(
            to_cells(located.matches, templates, narrative=narrative), document.method
        )
    except Exception as error:  # noqa: BLE001
        return failed(
            Status.FAILED, internal_failure("extracting its tables", error), document.pages
        )

    template = templates.report
    cells = derive_blanks(cells, template)
    checks = check_cells(cells, template, stated=narrative)
    if second_reading and any(c.failed for c in checks):
        doubted = {key for check in checks if check.failed for key in check.cells}
        cells = read_again(path, document.format, cells, doubted, narrative)
        checks = check_cells(cells, template, stated=narrative)
    checks += soft_checks(facts, cells)
    cells = flag_misreads(cells, checks)
    verdict = classify(cells, texts, metadata, templates, document.unread)
    status, message, template = verdict.status, verdict.message, verdict.template
    if not verdict.keep_cells:
        cells, checks = [], []
    elif located.copies:
        printed = "、".join(
            f"{TABLE_NAMES[t]} {n} times" for t, n in sorted(located.copies.items())
        )
        status = Status.PARTIAL
        message = "; ".join(
            filter(
                None,
                (f"the file prints table {printed} (several reports in one file?): "
                 "only the first of each was read", message),
            )
        )  # fmt: skip
    if status is not Status.OK and document.notes:
        message = "; ".join(filter(None, (message, *document.notes)))
    warnings = tuple(located.warnings)
    if warnings and status is Status.OK:
        message = "; ".join(warnings[:3])
    return ReportResult(
        report_id=report_id,
        path=shown,
        format=document.format,
        pages=document.pages,
        metadata=metadata,
        template=template,
        status=status,
        message=message,
        cells=tuple(cells),
        checks=tuple(checks),
        method=document.method,
        seconds=time.perf_counter() - started,
        warnings=warnings,
        facts=tuple(facts),
        region=find_region(metadata.agency, metadata.title, shown, texts),
    )
