"""The arithmetic relations of the spec, tested on one report's cells → typed check results.

A relation is skipped where a cell it needs was not extracted or was flagged, or where every
cell on one side is blank (a blank 总计 is not a claim of zero). Other blanks count as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from pipeline.records import CellKey, CellValue, CheckResult, Flag, Method, Stated, Verdict
from pipeline.spec import Relation, Spec, load_spec
from pipeline.validate.blame import blame, readings_differ


def _sum(values: Sequence[float | None]) -> float:
    return float(sum(v for v in values if v is not None))


def _instances(
    relation: Relation, spec: Spec, template: str
) -> Iterable[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
    """(scope, left cells, right cells) for each place the relation applies."""
    table = spec.table(relation.table)
    if relation.axis == "column":
        for column in table.data_columns(template):
            yield (
                column.key,
                [(r, column.key) for r in relation.left],
                [(r, column.key) for r in relation.right],
            )
    else:
        for row in table.data_rows(template):
            yield (
                f"{row.key}.{relation.left[0]}",
                [(row.key, c) for c in relation.left],
                [(row.key, c) for c in relation.right],
            )


def check_cells(
    cells: Sequence[CellValue],
    template: str,
    spec: Spec | None = None,
    stated: Stated | None = None,
) -> list[CheckResult]:
    """Test every relation of ``template`` wherever all its cells were extracted, and
    name the cell most likely wrong where some fail (see :func:`blame`)."""
    spec = spec or load_spec()
    if template not in spec.templates:
        return []
    found = {c.key: c for c in cells}
    tested: list[tuple[CheckResult, list[CellKey], list[CellKey]]] = []
    untested: list[CheckResult] = []
    printed_columns = {(c.table, c.col) for c in cells}
    blank_is_zero = {t.id: _blanks_mean_zero(cells, t.id) for t in spec.tables}
    for relation, scope, left_keys, right_keys in _all_instances(found, template, spec):
        if any(
            (t, c) not in printed_columns and _optional(spec, t, c)
            for t, _, c in left_keys + right_keys
        ):
            continue  # a relation of a column the report does not print (小计)
        keys = (*left_keys, *right_keys)
        reason = _untestable(found, left_keys, right_keys, blank_is_zero[relation.table])
        if reason:
            untested.append(
                CheckResult(relation.id, scope, None, None, None, cells=keys, reason=reason)
            )
            continue
        actual = _sum([found[k].value for k in left_keys])
        expected = _sum([found[k].value for k in right_keys])
        result = CheckResult(
            check=relation.id,
            scope=scope,
            expected=round(expected, 6),
            actual=round(actual, 6),
            ok=abs(actual - expected) < 1e-6,
            cells=keys,
        )
        tested.append((result, left_keys, right_keys))
    return blame(tested, found, stated or {}) + untested


def _optional(spec: Spec, table: str, column: str) -> bool:
    return any(c.key == column and c.optional for c in spec.table(table).columns)


def _blanks_mean_zero(cells: Sequence[CellValue], table: str) -> bool:
    """Whether a table prints its zeros as blanks: it prints no 0 anywhere. Where it
    does print zeros, a blank cell is no claim of a number."""
    return not any(c.table == table and c.value == 0 for c in cells)


def _untestable(
    found: Mapping[CellKey, CellValue],
    left: Sequence[CellKey],
    right: Sequence[CellKey],
    blank_is_zero: bool,
) -> str:
    """Why a relation cannot be tested on these cells, or "" when it can: a cell was not
    read or is flagged (its value is unknown), or printed blank (a blank 总计 is no claim
    of a number; in a table that prints its zeros as 0, no blank is). A table not found
    at all is said once."""
    keys = [*left, *right]
    missing = [k.dotted() for k in keys if k not in found]
    if missing:
        tables = {k.table for k in keys if k not in found}
        if all(not any(f.table == t for f in found) for t in tables):
            return f"table {'、'.join(sorted(tables))} not read"
        return f"{'、'.join(missing[:2])}{' …' if len(missing) > 2 else ''} not read"
    flagged = [k for k in keys if found[k].flag]
    if flagged:
        cell = found[flagged[0]]
        more = f" and {len(flagged) - 1} more" if len(flagged) > 1 else ""
        return f"{cell.key.dotted()} is flagged {cell.flag}{more}"
    blank = [k.dotted() for k in keys if found[k].value is None]
    whole_side = any(all(found[k].value is None for k in side) for side in (left, right))
    if blank and (whole_side or not blank_is_zero):
        return f"{'、'.join(blank[:2])}{' …' if len(blank) > 2 else ''} printed blank"
    return ""


# A blank cell is filled from the arithmetic when at least this many relations agree on it.
DERIVE_LEAST = 2


def derive_blanks(
    cells: Sequence[CellValue], template: str, spec: Spec | None = None
) -> list[CellValue]:
    """A lone blank in a table that prints its zeros as 0 (a cell a converter lost, most
    likely), filled with the value its relations give, when two or more of them, each
    with every other cell read, agree on it: flagged ``derived``, so that it is never
    taken for a printed number (and the relations it came from are not counted as
    holding)."""
    spec = spec or load_spec()
    if template not in spec.templates:
        return list(cells)
    found = {c.key: c for c in cells}
    implied: dict[CellKey, list[float]] = {}
    for relation, _, left, right in _all_instances(found, template, spec):
        keys = [*left, *right]
        if any(k not in found or found[k].flag for k in keys):
            continue
        blanks = [k for k in keys if found[k].value is None]
        if len(blanks) != 1 or _blanks_mean_zero(cells, relation.table):
            continue
        blank = blanks[0]
        if found[blank].raw.strip():
            continue  # a dash or 无 is printed: it says something
        total = sum(found[k].value or 0.0 for k in right) - sum(found[k].value or 0.0 for k in left)
        value = -total if blank in right else total
        implied.setdefault(blank, []).append(value)
    out = []
    for cell in cells:
        values = implied.get(cell.key, [])
        if len(values) >= DERIVE_LEAST and len(set(values)) == 1 and values[0] >= 0:
            cell = replace(cell, value=values[0], flag=Flag.DERIVED)
        out.append(cell)
    return out


def _all_instances(
    found: Mapping[CellKey, CellValue], template: str, spec: Spec
) -> Iterable[tuple[Relation, str, list[CellKey], list[CellKey]]]:
    """Every instance of every relation, in the layout each table is printed in."""
    for table in spec.tables:
        layout = _layout(table.id, found, template, spec)
        for relation in spec.relations(layout):
            if relation.table != table.id:
                continue
            for scope, left, right in _instances(relation, spec, layout):
                yield (
                    relation,
                    scope,
                    [CellKey(relation.table, r, c) for r, c in left],
                    [CellKey(relation.table, r, c) for r, c in right],
                )


def _layout(table: str, found: Mapping[CellKey, CellValue], template: str, spec: Spec) -> str:
    """The layout a table is printed in: of the formats, the one whose cells it holds the
    most of (a 2021 report may print table 三 with the 2019 （六）其他处理 row); ties go to
    the report's format."""

    def held(layout: str) -> float:
        keys = [k for k in spec.cell_keys(layout) if k.table == table]
        return sum(k in found for k in keys) / len(keys) if keys else 0.0

    return max(spec.templates, key=lambda layout: (held(layout), layout == template))


# Below this OCR confidence a reading needs the arithmetic to confirm it.
OCR_LOW = 0.5


def flag_misreads(cells: Sequence[CellValue], checks: Sequence[CheckResult]) -> list[CellValue]:
    """Review the cells against the relations tested on them.

    A cell read by OCR that a failed relation names as most likely wrong, with a verdict
    of ``check``, is flagged ``ocr_misread``; one read with low confidence that no relation
    that holds confirms is flagged ``ocr_unsure``. Any other cell so named whose second
    reading (what the page shows: see :func:`pipeline.reread.read_again`) gives another
    number is flagged ``readings_differ``. Each loses its value (what was read stays in ``raw`` and
    ``reread``): a reading the arithmetic caught, or could not vouch for, is not passed on
    as a number."""
    suspects = {
        CellKey.parse(c.suspect) for c in checks if c.suspect and c.verdict == Verdict.CHECK
    }
    confirmed = {key for c in checks if c.held for key in c.cells}

    def review(cell: CellValue) -> CellValue:
        if cell.flag or cell.value is None:
            return cell
        key = cell.key
        if cell.method != Method.OCR:
            if key in suspects and readings_differ(cell):
                return replace(cell, value=None, flag=Flag.READINGS_DIFFER)
            return cell
        if key in suspects:
            return replace(cell, value=None, flag=Flag.OCR_MISREAD)
        low = cell.confidence is not None and cell.confidence <= OCR_LOW
        if low and key not in confirmed:
            return replace(cell, value=None, flag=Flag.OCR_UNSURE)
        return cell

    return [review(c) for c in cells]
