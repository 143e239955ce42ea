"""The arithmetic relations of the spec, tested on one report's cells → typed check results.

A relation is skipped where a cell it needs was not extracted or was flagged, or where every
cell on one side is blank (a blank 总计 is not a claim of zero). Other blanks count as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from pipeline.records import ONE_READING, CellValue, CheckResult
from pipeline.spec import Relation, Spec, load_spec
from pipeline.text import parse_number


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


# What the narrative states the sum of some cells to be (facts.cell_sums): "行政复议3件".
Stated = Mapping[tuple[str, ...], float]


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
    found = {(c.table, c.row, c.col): c for c in cells}
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
        keys = tuple(".".join(k) for k in (*left_keys, *right_keys))
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
    missing = [".".join(k) for k in keys if k not in found]
    if missing:
        tables = {k[0] for k in keys if k not in found}
        if all(not any(f[0] == t for f in found) for t in tables):
            return f"table {'、'.join(sorted(tables))} not read"
        return f"{'、'.join(missing[:2])}{' …' if len(missing) > 2 else ''} not read"
    flagged = [k for k in keys if found[k].flag]
    if flagged:
        cell = found[flagged[0]]
        more = f" and {len(flagged) - 1} more" if len(flagged) > 1 else ""
        return f"{cell.key} is flagged {cell.flag}{more}"
    blank = [".".join(k) for k in keys if found[k].value is None]
    whole_side = any(all(found[k].value is None for k in side) for side in (left, right))
    if blank and (whole_side or not blank_is_zero):
        return f"{'、'.join(blank[:2])}{' …' if len(blank) > 2 else ''} printed blank"
    return ""


CellKey = tuple[str, str, str]
FLAG_DERIVED = "derived"
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
    found = {(c.table, c.row, c.col): c for c in cells}
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
        values = implied.get((cell.table, cell.row, cell.col), [])
        if len(values) >= DERIVE_LEAST and len(set(values)) == 1 and values[0] >= 0:
            cell = replace(cell, value=values[0], flag=FLAG_DERIVED)
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
                    [(relation.table, r, c) for r, c in left],
                    [(relation.table, r, c) for r, c in right],
                )


def _layout(table: str, found: Mapping[CellKey, CellValue], template: str, spec: Spec) -> str:
    """The layout a table is printed in: of the formats, the one whose cells it holds the
    most of (a 2021 report may print table 三 with the 2019 （六）其他处理 row); ties go to
    the report's format."""

    def held(layout: str) -> float:
        keys = [k for k in spec.cell_keys(layout) if k[0] == table]
        return sum(k in found for k in keys) / len(keys) if keys else 0.0

    return max(spec.templates, key=lambda layout: (held(layout), layout == template))


FLAG_OCR_MISREAD = "ocr_misread"
FLAG_OCR_UNSURE = "ocr_unsure"
FLAG_READINGS_DIFFER = "readings_differ"
# Below this OCR confidence a reading needs the arithmetic to confirm it.
OCR_LOW = 0.5


def flag_misreads(cells: Sequence[CellValue], checks: Sequence[CheckResult]) -> list[CellValue]:
    """Review the cells against the relations tested on them.

    A cell read by OCR that a failed relation names as most likely wrong, with a verdict
    of ``check``, is flagged ``ocr_misread``; one read with low confidence that no relation
    that holds confirms is flagged ``ocr_unsure``. Any other cell so named whose second
    reading (what the page shows: see :func:`pipeline.extract.read_again`) gives another
    number is flagged ``readings_differ``. Each loses its value (what was read stays in ``raw`` and
    ``reread``): a reading the arithmetic caught, or could not vouch for, is not passed on
    as a number."""
    suspects = {c.suspect for c in checks if c.suspect and c.verdict == "check"}
    confirmed = {key for c in checks if c.held for key in c.cells}

    def review(cell: CellValue) -> CellValue:
        if cell.flag or cell.value is None:
            return cell
        key = cell.key
        if cell.method != "ocr":
            if key in suspects and readings_differ(cell):
                return replace(cell, value=None, flag=FLAG_READINGS_DIFFER)
            return cell
        if key in suspects:
            return replace(cell, value=None, flag=FLAG_OCR_MISREAD)
        low = cell.confidence is not None and cell.confidence <= OCR_LOW
        if low and key not in confirmed:
            return replace(cell, value=None, flag=FLAG_OCR_UNSURE)
        return cell

    return [review(c) for c in cells]


def _only_doubtful(
    key: CellKey, rivals: Sequence[CellKey], found: dict[CellKey, CellValue]
) -> bool:
    """Whether, of cells the arithmetic cannot tell apart, ``key`` alone was read with doubt:
    OCR's two readings of it disagreed while every rival's agreed."""
    return not _agreed(found[key]) and all(_agreed(found[r]) for r in rivals)


def _agreed(cell: CellValue) -> bool:
    """Whether a cell was read without doubt: its second reading, where one was taken,
    gives the same number as the first; a cell read by OCR was read twice alike; any other
    cell was read once, from its text."""
    if cell.reread is not None:
        return not readings_differ(cell)
    return cell.confidence is None or cell.confidence > ONE_READING


def readings_differ(cell: CellValue) -> bool:
    """Whether a second reading of the cell was taken and gives another number (or none)."""
    if cell.reread is None:
        return False
    first, second = parse_number(cell.raw), parse_number(cell.reread)
    return (first.value if first else None) != (second.value if second else None)


def _stated_so(key: CellKey, new: float, found: dict[CellKey, CellValue], stated: Stated) -> bool:
    """Whether the narrative states a sum of cells that ``key`` changed to ``new`` makes
    true."""
    name = ".".join(key)
    cells = {c.key: c for c in found.values()}
    for target, value in stated.items():
        if name in target and all(t in cells for t in target):
            total = sum(new if t == name else cells[t].value or 0.0 for t in target)
            if abs(total - value) < 1e-6:
                return True
    return False


def _certain(cell: CellValue) -> bool:
    """Read without doubt: its text parses to its value, its label matched well, and a
    second reading, where taken, agreed."""
    number = parse_number(cell.raw)
    return number is not None and number.value == cell.value and cell.score >= 95 and _agreed(cell)


def blame(
    tested: Sequence[tuple[CheckResult, list[CellKey], list[CellKey]]],
    found: dict[CellKey, CellValue],
    stated: Stated | None = None,
) -> list[CheckResult]:
    """Name, on each failed relation, the one cell whose change would satisfy the most
    failed relations while breaking none that hold, with the value that would do it.

    A cell explains a failed relation sum(left) = sum(right) when changing it by the
    difference closes the gap; a change explains several only when it is the same change.
    Where two cells explain equally much, one is named only when it alone was read with
    doubt, or when it alone, changed so, makes a figure the narrative states true;
    otherwise none is. ``verdict`` says whether the report itself prints the inconsistency:
    ``printed`` when the named cell (or, where none is named, every cell of the relation)
    was read without doubt, else ``check``.
    """
    stated = stated or {}
    failed = [(r, left, right) for r, left, right in tested if r.failed]
    if not failed:
        return [r for r, _, _ in tested]
    proposals: dict[tuple[CellKey, float], set[int]] = {}
    for index, (result, left, right) in enumerate(failed):
        gap = (result.actual or 0.0) - (result.expected or 0.0)
        for key in set(left) | set(right):
            value = found[key].value or 0.0
            new = value - gap if key in left else value + gap
            if key in left and key in right:
                continue
            proposals.setdefault((key, round(new, 6)), set()).add(index)
    held = [(left, right) for r, left, right in tested if r.held]
    scored: list[tuple[int, CellKey, float, set[int]]] = []
    for (key, new), explained in proposals.items():
        if new < 0:
            continue
        breaks = sum(1 for left, right in held if key in left or key in right)
        scored.append((len(explained) - breaks, key, new, explained))
    scored.sort(key=lambda item: -item[0])
    # Best first, each cell names the failures it explains that no other has explained;
    # two equally good cells for the same failure leave it unnamed. Misreads in different
    # places of a report are each named.
    named: dict[int, tuple[CellKey, float]] = {}
    for score, key, new, explained in scored:
        if score <= 0:
            break
        if explained & named.keys():
            continue
        rivals = [
            other
            for other in scored
            if other[0] == score and other[1] != key and other[3] & explained
        ]
        if rivals:
            others = [(other[1], other[2]) for other in rivals]
            doubt = _only_doubtful(key, [k for k, _ in others], found)
            said = _stated_so(key, new, found, stated) and not any(
                _stated_so(k, v, found, stated) for k, v in others
            )
            if not doubt and not said:
                continue
        named.update({index: (key, new) for index in explained})
    out: list[CheckResult] = []
    failed_index = 0
    for result, left, right in tested:
        if result.held:
            out.append(result)
            continue
        suspect = named.get(failed_index)
        failed_index += 1
        if suspect is None:
            certain = all(_certain(found[k]) for k in (*left, *right))
            out.append(replace(result, verdict="printed" if certain else "check"))
            continue
        key, new = suspect
        out.append(
            replace(
                result,
                suspect=".".join(key),
                suggested=new,
                verdict="printed" if _certain(found[key]) else "check",
            )
        )
    return out
