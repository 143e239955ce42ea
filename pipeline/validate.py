"""The arithmetic relations of the spec, tested on one report's cells → typed check results.

A relation is skipped where a cell it needs was not extracted or was flagged, or where every
cell on one side is blank (a blank 总计 is not a claim of zero). Other blanks count as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.records import CellValue, CheckResult
from pipeline.spec import Relation, Spec, load_spec


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
    cells: Sequence[CellValue], template: str, spec: Spec | None = None
) -> list[CheckResult]:
    """Test every relation of ``template`` wherever all its cells were extracted."""
    spec = spec or load_spec()
    if template not in ("fmt2019", "fmt2021"):
        return []
    found = {(c.table, c.row, c.col): c for c in cells}
    results: list[CheckResult] = []
    for relation in spec.relations(template):
        for scope, left, right in _instances(relation, spec, template):
            keys = [(relation.table, r, c) for r, c in (*left, *right)]
            if any(k not in found or found[k].flag for k in keys):
                continue
            left_values = [found[relation.table, r, c].value for r, c in left]
            if all(v is None for v in left_values):
                continue
            right_values = [found[relation.table, r, c].value for r, c in right]
            if all(v is None for v in right_values):
                continue
            actual, expected = _sum(left_values), _sum(right_values)
            results.append(
                CheckResult(
                    check=relation.id,
                    scope=scope,
                    expected=round(expected, 6),
                    actual=round(actual, 6),
                    ok=abs(actual - expected) < 1e-6,
                )
            )
    return results
