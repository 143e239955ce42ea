"""Find the official tables in a document's lines and match their rows to the spec.

A single pass over the lines tracks which table it is in (from headings, captions and
header rows), splits each line into its label and its value tokens, and matches the label
to a spec row with rapidfuzz after normalising both. Values stay unparsed tokens here;
``normalise`` turns them into cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from pipeline.records import Line, RowMatch, TextCell, Token
from pipeline.spec import RowSpec, Spec, TableSpec, load_spec
from pipeline.text import is_number_token, label_key, label_segments, squash, without_notes

MIN_ROW_SCORE = 70.0
# Outside any table a row is taken only on a near-certain label.
MIN_ROW_SCORE_OUTSIDE = 92.0
MIN_HEADING_SCORE = 85.0
MIN_COLUMN_SCORE = 85.0

_TRAILING_RUN = re.compile(r"^(.*?[^\d\s,.+\-])([\d,]*\d(?:\.\d+)?)$")
_LATER_SECTION = re.compile(r"^[五六七八九]、")
_HEADING_ENUM = re.compile(r"^[一二三四五六七八九十]+、")


def split_line(line: Line) -> tuple[str, tuple[Token, ...]]:
    """A line → (its label text, the value tokens after the last label cell).

    A cell holding a label followed by numbers (``"规章 0 0 0"``, or digits run into the
    label as crawlers save them) is split into the label and its numbers.
    """
    items: list[tuple[str, str | Token]] = []  # ("label", text) or ("value", token)
    for cell in line.cells:
        text = cell.text.strip()
        if not text:
            if line.grid:
                items.append(("value", Token("", cell.x0, cell.x1)))
            continue
        if is_number_token(text):
            items.append(("value", Token(text, cell.x0, cell.x1)))
            continue
        label, numbers = _split_cell(text)
        items.append(("label", label))
        whole = len(numbers) == 1 and line.grid
        for number in numbers:
            items.append(("value", Token(number, cell.x0 if whole else None, cell.x1 if whole else None)))
    last_label = max((i for i, (kind, _) in enumerate(items) if kind == "label"), default=-1)
    label = " ".join(str(v) for k, v in items if k == "label")
    tokens = tuple(v for k, v in items[last_label + 1 :] if isinstance(v, Token))
    if not line.grid:
        tokens = tuple(t for t in tokens if t.text)
    return label, tokens


def _split_cell(text: str) -> tuple[str, list[str]]:
    parts = text.split()
    numbers: list[str] = []
    while len(parts) > 1 and is_number_token(parts[-1]) and parts[-1] not in {"/", "\\"}:
        numbers.insert(0, parts.pop())
    label = " ".join(parts)
    match = _TRAILING_RUN.match(label)
    if match and not numbers:
        return match.group(1).strip(), [match.group(2)]
    if match and numbers:
        return match.group(1).strip(), [match.group(2), *numbers]
    return label, numbers


@dataclass(frozen=True)
class _Label:
    row: RowSpec
    key: str
    bare: str


@cache
def _row_labels(table_id: str) -> tuple[_Label, ...]:
    table = load_spec().table(table_id)
    out = []
    for row in table.rows:
        for text in row.labels:
            key = label_key(text)
            out.append(_Label(row, key, without_notes(key)))
    return tuple(out)


def score_label(text: str, table_id: str) -> list[tuple[float, RowSpec]]:
    """Every spec row of ``table_id`` scored against a printed label, best first."""
    segments = label_segments(text)
    if not segments:
        return []
    probes = {segments[-1]}
    if len(segments) > 1:
        probes.add("".join(segments))
    best: dict[str, tuple[float, RowSpec]] = {}
    for candidate in _row_labels(table_id):
        for probe in probes:
            score = max(
                fuzz.ratio(probe, candidate.key),
                fuzz.ratio(without_notes(probe), candidate.bare),
            )
            if score > best.get(candidate.row.key, (-1.0, candidate.row))[0]:
                best[candidate.row.key] = (score, candidate.row)
    order = {row.key: i for i, row in enumerate(load_spec().table(table_id).rows)}
    return sorted(best.values(), key=lambda item: (-item[0], order[item[1].key]))


def _heading_table(text: str, spec: Spec) -> str | None:
    squashed = squash(text)
    if not _HEADING_ENUM.match(squashed) and len(squashed) > 40:
        return None
    body = label_key(squashed)
    for table in spec.tables:
        for heading in table.headings:
            target = label_key(heading)
            if fuzz.ratio(body, target) >= MIN_HEADING_SCORE:
                return table.id
            if target in body and len(body) <= len(target) + 12:
                return table.id
    return None


def _column_matches(cells: Sequence[TextCell], table: TableSpec) -> list[str]:
    """Column keys named by the header cells of a line, in order (one per cell)."""
    keys: list[str] = []
    for cell in cells:
        text = label_key(cell.text)
        if not text:
            continue
        scored = [
            (max(fuzz.ratio(text, label_key(lab)), fuzz.ratio(without_notes(text), without_notes(label_key(lab)))), col.key)
            for col in table.columns
            for lab in col.labels
        ]
        score, key = max(scored)
        if score >= MIN_COLUMN_SCORE:
            keys.append(key)
    return keys


def _section(text: str, table: TableSpec) -> str | None:
    squashed = squash(text)
    if "第二十条" not in squashed and "二十条" not in squashed:
        return None
    scored = [(fuzz.ratio(squashed, squash(s.label)), s.key) for s in table.sections]
    score, key = max(scored)
    return key if score >= 80 else None


@dataclass
class LocateResult:
    matches: list[RowMatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables_seen: set[str] = field(default_factory=set)


def _is_t4_header(cells: Sequence[TextCell], spec: Spec) -> bool:
    t4 = spec.table("t4")
    text = squash(" ".join(c.text for c in cells))
    outcome_labels = {squash(c.label) for c in t4.columns if c.block}
    blocks = {squash(c.block) for c in t4.columns}
    hits = sum(1 for lab in outcome_labels | blocks if lab in text)
    return hits >= 3


def locate(lines: Sequence[Line], spec: Spec | None = None) -> LocateResult:
    """Match the lines of a document to the rows of the official tables."""
    spec = spec or load_spec()
    result = LocateResult()
    table: str | None = None
    section_columns: tuple[str, ...] = ()
    wide_columns: tuple[str, ...] = ()
    buffer: list[str] = []
    consumed: set[int] = set()
    t4_tokens: list[Token] = []
    t4_page: int | None = None
    t4_grid = True
    t3_seen_rows: set[str] = set()
    t2_seen_rows: set[str] = set()

    def flush_t4() -> None:
        nonlocal t4_tokens
        if t4_tokens:
            result.matches.append(
                RowMatch("t4", "r1", "", 100.0, tuple(t4_tokens), t4_page, t4_grid)
            )
            result.tables_seen.add("t4")
        t4_tokens = []

    for index, line in enumerate(lines):
        if index in consumed:
            continue
        label, tokens = split_line(line)
        has_values = any(t.text for t in tokens)
        if not has_values:
            heading = _heading_table(line.text, spec) if line.text else None
            if heading:
                if table == "t4":
                    flush_t4()
                table, section_columns, buffer = heading, (), []
                result.tables_seen.add(heading)
                continue
            if table is not None and _LATER_SECTION.match(squash(line.text)):
                if table == "t4":
                    flush_t4()
                table, buffer = None, []
                continue
            if _is_t4_header(line.cells, spec) and table != "t4":
                table, buffer = "t4", []
                result.tables_seen.add("t4")
                continue
            if table == "t2" or (table is None and _section(line.text, spec.table("t2"))):
                section = _section(line.text, spec.table("t2"))
                if section:
                    table, section_columns, buffer = "t2", (), []
                    result.tables_seen.add("t2")
                    continue
                columns = _column_matches(line.cells, spec.table("t2"))
                if columns:
                    section_columns = tuple(columns)
                    buffer = []
                    continue
            if table == "t3":
                columns = _column_matches(line.cells, spec.table("t3"))
                if "org_subtotal" in columns:
                    official = [c.key for c in spec.table("t3").columns]
                    wide_columns = tuple(official)
            if line.text and table in ("t2", "t3"):
                buffer = [*buffer[-2:], line.text]
            continue

        if table == "t4":
            if t4_tokens and len(t4_tokens) >= len(spec.table("t4").columns):
                flush_t4()
                table = None
                continue
            if not t4_tokens:
                t4_page, t4_grid = line.page, line.grid
            t4_tokens.extend(tokens)
            continue

        candidates_tables = [table] if table in ("t2", "t3") else ["t3", "t2"]
        following = lines[index + 1] if index + 1 < len(lines) else None
        following_label = ""
        if following is not None and not following.grid and not line.grid:
            next_label, next_tokens = split_line(following)
            if not any(t.text for t in next_tokens) and not _heading_table(following.text, spec):
                following_label = next_label
        options: list[tuple[float, int, str, RowSpec, str, str]] = []
        for table_id in candidates_tables:
            assert table_id is not None
            texts = [(label, "own")]
            if not line.grid or not label:
                for k in range(1, len(buffer) + 1):
                    texts.append((" ".join([*buffer[-k:], label]), "buffer"))
                if following_label:
                    texts.append((f"{label} {following_label}", "next"))
                    if buffer:
                        texts.append((f"{buffer[-1]} {label} {following_label}", "both"))
            seen = t3_seen_rows if table_id == "t3" else t2_seen_rows
            for rank, (text, how) in enumerate(texts):
                scored = score_label(text, table_id)
                if not scored:
                    continue
                fresh = [s for s in scored if s[1].key not in seen] or scored
                score, row = fresh[0]
                options.append((score, -rank, table_id, row, text, how))
        if not options:
            continue
        score, _, table_id, row, text, how = max(options, key=lambda o: (o[0], o[1]))
        threshold = MIN_ROW_SCORE if table in ("t2", "t3") else MIN_ROW_SCORE_OUTSIDE
        if score < threshold:
            if table in ("t2", "t3"):
                result.warnings.append(
                    f"a row of {table} was not recognised: {line.text[:60]!r} (page {line.page})"
                )
            continue
        if how in ("next", "both"):
            consumed.add(index + 1)
        if how in ("buffer", "both"):
            buffer = []
        if table is None:
            table = table_id
            result.tables_seen.add(table_id)
        seen = t3_seen_rows if table_id == "t3" else t2_seen_rows
        if row.key in seen and row.section != "art20_9":
            result.warnings.append(
                f"{table_id} row {row.key} printed twice; the second ({text[:40]!r}) was ignored"
            )
            continue
        seen.add(row.key)
        result.matches.append(
            RowMatch(
                table=table_id,
                row=row.key,
                label=text.strip(),
                score=round(float(score), 1),
                tokens=tokens,
                page=line.page,
                grid=line.grid,
                section_columns=section_columns if table_id == "t2" else (),
                wide_columns=wide_columns if table_id == "t3" else (),
            )
        )
        buffer = []
    if table == "t4":
        flush_t4()
    return result
