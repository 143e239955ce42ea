"""Runs of digits that split several ways, settled across the rows of a table by its
column relations (e.g. 一+二 = 三(七)+四): a split survives where the other rows' splits
can satisfy every relation it takes part in."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from pipeline.normalise.layouts import Templates
from pipeline.records import Flag, RowMatch, TextCell
from pipeline.spec import Spec
from pipeline.text import parse_number

# A row aligned to its columns: the match, its column keys, the possible readings of its
# cells (several where a run of digits splits several ways), and its flag.
Aligned = tuple[RowMatch, tuple[str, ...], list[list[TextCell]], Flag]

# The largest number of combinations tried when resolving runs with a column relation.
MAX_COMBINATIONS = 200_000


def resolve_runs(
    candidates: dict[str, list[list[int]]],
    relations: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, list[list[int]]]:
    """Narrow the splits of ambiguous rows with the table's column relations.

    ``candidates`` maps a row key to its possible value vectors (one vector when certain);
    each relation says sum(left rows) == sum(right rows) in every column. A split survives
    when some choice of the other rows' splits satisfies every relation it takes part in.
    """
    current = {k: list(v) for k, v in candidates.items()}
    changed = True
    while changed:
        changed = False
        for left, right in relations:
            rows = [*left, *right]
            if any(r not in current for r in rows) or all(len(current[r]) == 1 for r in rows):
                continue
            ambiguous = [r for r in rows if len(current[r]) > 1]
            combinations = 1
            for r in ambiguous:
                combinations *= len(current[r])
            if combinations > MAX_COMBINATIONS:
                continue
            survivors: dict[str, set[int]] = {r: set() for r in ambiguous}
            for choice in product(*(range(len(current[r])) for r in ambiguous)):
                picked = dict(zip(ambiguous, choice, strict=True))

                def vector(row: str) -> list[int]:
                    return current[row][picked[row]] if row in picked else current[row][0]  # noqa: B023

                width = len(vector(rows[0]))
                if all(
                    sum(vector(r)[c] for r in left) == sum(vector(r)[c] for r in right)
                    for c in range(width)
                ):
                    for r, i in picked.items():
                        survivors[r].add(i)
            for r in ambiguous:
                kept = [current[r][i] for i in sorted(survivors[r])]
                if kept and len(kept) < len(current[r]):
                    current[r] = kept
                    changed = True
    return current


def settle_ambiguous(aligned: list[Aligned], templates: Templates, spec: Spec) -> list[Aligned]:
    """Settle ambiguous digit runs with the column relations (e.g. 一+二 = 三(七)+四)."""
    if not any(flag == Flag.AMBIGUOUS_DIGIT_RUN for *_, flag in aligned):
        return aligned
    out = list(aligned)
    for table in spec.tables:
        if not any(rel.axis == "column" for rel in table.relations):
            continue  # no relation between its rows to settle runs with
        table_id = table.id
        rows = [
            (i, item)
            for i, item in enumerate(aligned)
            if item[0].table == table_id and item[3] in (Flag.NONE, Flag.AMBIGUOUS_DIGIT_RUN)
        ]
        widths = {len(item[1]) for _, item in rows}
        if len(widths) != 1:
            continue
        candidates: dict[str, list[list[int]]] = {}
        for _, (match, _, options, flag) in rows:
            if flag == Flag.AMBIGUOUS_DIGIT_RUN and len(options) == 1:
                continue  # a run too ambiguous to be split at all: no candidates
            vectors = []
            for option in options:
                numbers = [parse_number(t.text) for t in option]
                if any(
                    n is None or (n.value is not None and n.value != int(n.value)) for n in numbers
                ):
                    break
                vectors.append([int(n.value or 0) for n in numbers if n is not None])
            else:
                candidates[match.row] = vectors
        resolved = resolve_runs(candidates, table.column_relations(templates.of(table_id)))
        for i, (match, columns, _, flag) in rows:
            if flag == Flag.AMBIGUOUS_DIGIT_RUN and len(resolved.get(match.row, [])) == 1:
                settled = [[TextCell(str(v)) for v in resolved[match.row][0]]]
                out[i] = (match, columns, settled, Flag.NONE)
            elif flag == Flag.AMBIGUOUS_DIGIT_RUN and match.row in resolved:
                kept = [[TextCell(str(v)) for v in vector] for vector in resolved[match.row]]
                out[i] = (match, columns, kept, flag)
    return out
