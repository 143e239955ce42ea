"""What a file is, in one status and one message a user can act on.

A report of the 2019 or 2021 format whose tables were read is ``ok`` or ``partial`` (some
tables, rows or cells missing or flagged). A file that is no such report is
``not_a_report``, with no cells: a report from before 2019 (template ``pre2019``), a blank
template whose tables hold no number, a comparison of two reports, a page listing
reports, a letter or a notice that only names a report, any other document whose numbers
happen to sit beside a few of the tables' labels. A report whose tables could not be found
``failed``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.about.metadata import is_report_title, listed_titles, looks_like_report
from pipeline.normalise.layouts import Templates
from pipeline.records import CellValue, Metadata, Status
from pipeline.spec import Spec, Template, load_spec

# Each table's name in a message: the numeral of its section (二).
TABLE_NAMES = {table.id: table.numeral for table in load_spec().tables}
# A document that does not call itself a report keeps its cells only when it has at least
# this share of the core table's cells (table 三's) with a value.
FOREIGN_TABLES_LEAST = 0.5


@dataclass(frozen=True)
class Classification:
    """What :func:`classify` makes of a file: its status and message, its template, and
    whether its cells are kept."""

    status: Status
    message: str
    template: str
    keep_cells: bool = True


def classify(
    cells: Sequence[CellValue],
    texts: Sequence[str],
    metadata: Metadata,
    templates: Templates,
    unread: bool = False,
    spec: Spec | None = None,
) -> Classification:
    """The status of a file from its cells, its text and its metadata; ``unread``: some of
    it could not be read (pictures with no OCR), so what it is cannot be said."""
    spec = spec or load_spec()
    valued = [c for c in cells if c.value is not None]
    reads_like = looks_like_report(texts)
    titled = is_report_title(metadata.title)
    if metadata.year is not None and metadata.year < 2019 and (titled or reads_like):
        return Classification(
            Status.NOT_A_REPORT,
            f"a report for {metadata.year}, before the 2019 format: it has no standard tables",
            Template.PRE2019,
            keep_cells=False,
        )
    if _side_by_side(texts, spec):
        return Classification(
            Status.NOT_A_REPORT,
            "not a report: two reports' tables side by side, a comparison "
            "(never a mix of their numbers)",
            Template.UNKNOWN,
            keep_cells=False,
        )
    blank = not valued and all(not c.raw.strip() for c in cells)
    if blank and _printed_tables(cells, templates, spec):
        return Classification(
            Status.NOT_A_REPORT,
            "the tables are printed but every cell is blank: a blank template, not a report",
            Template.UNKNOWN,
            keep_cells=False,
        )
    if not reads_like and not unread and not _tables_of_a_report(cells, templates, spec):
        return Classification(
            Status.NOT_A_REPORT, _what_it_is(texts), Template.UNKNOWN, keep_cells=False
        )
    if not valued:
        what = "this reads like an annual report" if reads_like else "some of it could not be read"
        return Classification(
            Status.FAILED,
            f"{what}, but none of the tables 二、三、四 was found",
            Template.UNKNOWN,
            keep_cells=False,
        )
    status, message = summary(cells, templates, spec)
    return Classification(status, message, templates.report)


# Lines that print one of the core table's row labels twice, with numbers: this many make
# a comparison that sets two reports' tables side by side.
SIDE_BY_SIDE_LINES = 3


def _side_by_side(texts: Sequence[str], spec: Spec) -> bool:
    """Whether the core table's rows (table 三's) are printed twice on their lines (two
    years, two bodies)."""
    labels = [r.label for r in spec.core.rows if len(r.label) >= 6 and not r.group]
    doubled = 0
    for text in texts:
        if not any(ch.isdigit() for ch in text):
            continue
        if any(text.count(label) >= 2 for label in labels):
            doubled += 1
            if doubled >= SIDE_BY_SIDE_LINES:
                return True
    return False


def _tables_of_a_report(cells: Sequence[CellValue], templates: Templates, spec: Spec) -> bool:
    """Whether the cells read are most of the core table (三) of the official layout, with
    values."""
    return _printed_tables([c for c in cells if c.value is not None], templates, spec)


def _printed_tables(cells: Sequence[CellValue], templates: Templates, spec: Spec) -> bool:
    """Whether ``cells`` are most of the core table (三) of the official layout."""
    core = spec.core.id
    keys = {k for k in spec.cell_keys(templates.of(core)) if k.table == core}
    got = {c.key for c in cells}
    return bool(keys) and len(got & keys) >= FOREIGN_TABLES_LEAST * len(keys)


def _what_it_is(texts: Sequence[str]) -> str:
    """Why a document is no report, in a user's words."""
    head = " ".join(texts[:80])
    titles = listed_titles(texts)
    if len(titles) >= 3:
        return f"not a report: a page listing {len(titles)} reports"
    if re.search(r"比对|对比|比较", head[:300]):
        return "not a report: a comparison of reports (never a mix of their numbers)"
    if any(is_report_title(t) for t in titles):
        return "not a report: it names an annual report but does not contain it (a notice?)"
    return "not an annual report: no report title and none of the tables 二、三、四"


def summary(
    cells: Sequence[CellValue], templates: Templates, spec: Spec | None = None
) -> tuple[Status, str]:
    """``ok``, or ``partial`` with what is missing or flagged."""
    spec = spec or load_spec()
    names = {table.id: table.numeral for table in spec.tables}
    expected = {
        key for table in spec.tables for key in spec.cell_keys(templates.of(table.id))
        if key.table == table.id
    }  # fmt: skip
    got = {c.key for c in cells}
    problems: list[str] = []
    missing_tables = [t for t in names if not any(c.table == t for c in cells)]
    if missing_tables:
        problems.append(f"table {'、'.join(names[t] for t in missing_tables)} not found")
    missing_rows = sorted({(t, r) for t, r, _ in expected - got if t not in missing_tables})
    if missing_rows:
        shown = ", ".join(f"{t}.{r}" for t, r in missing_rows[:6])
        more = f" and {len(missing_rows) - 6} more" if len(missing_rows) > 6 else ""
        problems.append(f"{len(missing_rows)} rows missing: {shown}{more}")
    flags = Counter(c.flag for c in cells if c.flag)
    if flags:
        detail = ", ".join(f"{n} {flag}" for flag, n in flags.most_common())
        problems.append(f"cells flagged: {detail}")
    status = Status.PARTIAL if problems else Status.OK
    return status, "; ".join(problems)
