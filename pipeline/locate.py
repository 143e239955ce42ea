"""Find the official tables in a document's lines and match their rows to the spec.

A single pass over the lines tracks which table it is in (from headings, captions and
header rows), splits each line into its label and its value tokens, and matches the label
to a spec row with rapidfuzz after normalising both. Values stay unparsed tokens here;
``normalise`` turns them into cells.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from pipeline.records import Line, RowMatch, TextCell, Token
from pipeline.spec import TEMPLATES, RowSpec, Spec, TableSpec, load_spec
from pipeline.text import (
    is_number_token,
    label_key,
    ordinal_kind,
    ordinal_segments,
    split_enumerators,
    squash,
    without_notes,
)

MIN_ROW_SCORE = 70.0
# Outside any table a row is taken only on a near-certain label.
MIN_ROW_SCORE_OUTSIDE = 92.0
MIN_HEADING_SCORE = 85.0
MIN_COLUMN_SCORE = 85.0
# A header read by OCR may have one character of four misread ("共他结果" for 其他结果).
MIN_COLUMN_SCORE_OCR = 75.0
# A label cut short by a page break or a narrow cell ("1.信访举报") that begins a spec label.
PREFIX_SCORE = 88.0

# A label with digits run into its end: the run may carry signs when cells were signed.
_TRAILING_RUN = re.compile(r"^(.*?[^\d\s,.+\-])([+\-]?\d[\d,.+\-]*)$")
_LATER_SECTION = re.compile(r"^[五六七八九]、")
_HEADING_ENUM = re.compile(r"^[一二三四五六七八九十]+、")
# A label that starts with its number, with or without the point OCR may drop.
_NUMBERED = re.compile(
    r"^\s*(\d{1,2}\s*[.．、]?|[（(][一二三四五六七八九十]+[）)])\s*[\u4e00-\u9fff]"
)
# A numbered sub-row label after its parent's text: "（三）不予 4.保护第三方合法权益".
_CHILD_LABEL = re.compile(r"[\u4e00-\u9fff）)]\s*(\d{1,2}\s*[.．、]?\s*[\u4e00-\u9fff].*)$")


def _token(text: str, cell: TextCell) -> Token:
    """A token that fills the whole of ``cell``: it keeps the cell's place on the page."""
    return Token(text, cell.x0, cell.x1, cell.confidence, cell.top, cell.bottom)


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
                items.append(("value", _token("", cell)))
            continue
        if is_number_token(text):
            items.append(("value", _token(text, cell)))
            continue
        label, numbers = _split_cell(text)
        if label:
            items.append(("label", label))
        whole = len(numbers) == 1 and line.grid
        for number in numbers:
            items.append(
                (
                    "value",
                    _token(number, cell) if whole else Token(number, confidence=cell.confidence),
                )
            )
    last_label = max((i for i, (kind, _) in enumerate(items) if kind == "label"), default=-1)
    label = " ".join(str(v) for k, v in items if k == "label")
    tokens = tuple(v for k, v in items[last_label + 1 :] if isinstance(v, Token))
    if not line.grid:
        tokens = tuple(t for t in tokens if t.text)
    return label, tokens


def _split_cell(text: str) -> tuple[str, list[str]]:
    """``"规章 0 0 3"`` → ``("规章", ["0", "0", "3"])``; ``"数量801000081"`` → a label and
    one run of digits; a run with signs inside (``"32-34"``) stays one token, which no
    column can take as a number."""
    parts = text.split()
    if all(is_number_token(p) for p in parts):
        return "", parts
    numbers: list[str] = []
    while len(parts) > 1 and is_number_token(parts[-1]) and parts[-1] not in {"/", "\\"}:
        numbers.insert(0, parts.pop())
    label = " ".join(parts)
    match = _TRAILING_RUN.match(unicodedata.normalize("NFKC", label))
    if match:
        cut = len(match.group(1))
        return label[:cut].strip(), [label[cut:].strip(), *numbers]
    return label, numbers


@dataclass(frozen=True)
class _Label:
    row: RowSpec
    key: str
    bare: str
    ordinal: tuple[str, int | None]


@cache
def _row_labels(table_id: str) -> tuple[_Label, ...]:
    table = load_spec().table(table_id)
    out = []
    for row in table.rows:
        for text in row.labels:
            key = label_key(text)
            out.append(_Label(row, key, without_notes(key), ordinal_kind(row.ordinal)))
    return tuple(out)


# Points off a label whose printed enumerator is of another level than the row's
# ("（六）其他" is a group label, not the row "3.其他"), or of the same level but another number.
ORDINAL_KIND_PENALTY = 20.0
ORDINAL_NUMBER_PENALTY = 10.0


def _ordinal_penalty(printed: tuple[str, int | None], official: tuple[str, int | None]) -> float:
    if not printed[0] or not official[0]:
        return 0.0
    same_level = printed[0].removesuffix("_paren") == official[0].removesuffix("_paren") or (
        printed[0].startswith("cn") and official[0].startswith("cn")
    )
    if printed[0] != official[0] and not same_level:
        return ORDINAL_KIND_PENALTY
    if printed[1] is not None and official[1] is not None and printed[1] != official[1]:
        return ORDINAL_NUMBER_PENALTY
    return 0.0


def score_label(text: str, table_id: str) -> list[tuple[float, RowSpec]]:
    """Every spec row of ``table_id`` scored against a printed label, best first."""
    return list(_score_label(text, table_id))


@lru_cache(maxsize=16384)
def _score_label(text: str, table_id: str) -> tuple[tuple[float, RowSpec], ...]:
    segments = ordinal_segments(text)
    if not segments:
        return ()
    ordinal = ordinal_kind(segments[-1][0])
    probes = [segments[-1][1]]
    if len(segments) > 1:
        probes.append("".join(label for _, label in segments))
    candidates = _row_labels(table_id)
    keys = [c.key for c in candidates]
    bares = [c.bare for c in candidates]
    # One C call per probe and form: ratio against every label of the table.
    full = process.cdist(probes, keys, scorer=fuzz.ratio)
    bare = process.cdist([without_notes(p) for p in probes], bares, scorer=fuzz.ratio)
    best: dict[str, tuple[float, RowSpec]] = {}
    for j, candidate in enumerate(candidates):
        penalty = _ordinal_penalty(ordinal, candidate.ordinal)
        for i, probe in enumerate(probes):
            prefix = PREFIX_SCORE if len(probe) >= 4 and candidate.key.startswith(probe) else 0
            score = max(float(full[i][j]), float(bare[i][j]), prefix) - penalty
            if score > best.get(candidate.row.key, (-1.0, candidate.row))[0]:
                best[candidate.row.key] = (score, candidate.row)
    order = _row_order(table_id)
    return tuple(sorted(best.values(), key=lambda item: (-item[0], order[item[1].key])))


@cache
def _row_order(table_id: str) -> dict[str, int]:
    return {row.key: i for i, row in enumerate(load_spec().table(table_id).rows)}


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


@cache
def _column_labels(table_id: str) -> tuple[tuple[str, str, str], ...]:
    """(label key, label key without notes, column key) for every column label."""
    table = load_spec().table(table_id)
    return tuple(
        (label_key(lab), without_notes(label_key(lab)), col.key)
        for col in table.columns
        for lab in col.labels
    )


def _column_matches(cells: Sequence[TextCell], table: TableSpec) -> list[str]:
    """Column keys named by the header cells of a line, in order (one per cell)."""
    keys = (
        _column_of(label_key(cell.text), table.id, cell.confidence is not None) for cell in cells
    )
    return [key for key in keys if key]


@lru_cache(maxsize=16384)
def _column_of(text: str, table_id: str, ocr: bool = False) -> str:
    """The column a header text names, or "". A text read by OCR of four characters or
    more may differ from a label of its length by one character in four (a misread
    keeps the length; a piece of a broken word does not)."""
    if not text:
        return ""
    best_score, best_key = 0.0, ""
    bare = without_notes(text)
    for label, label_bare, column in _column_labels(table_id):
        misread = ocr and len(text) >= 4 and len(text) == len(label)
        least = MIN_COLUMN_SCORE_OCR if misread else MIN_COLUMN_SCORE
        score = max(
            fuzz.ratio(text, label, score_cutoff=least),
            fuzz.ratio(bare, label_bare, score_cutoff=MIN_COLUMN_SCORE),
            # a header word cut by a line break inside a narrow cell: "社会公益组"
            PREFIX_SCORE if len(text) >= 4 and label.startswith(text) else 0,
        )
        if score > best_score:  # a score is 0 unless it passed its threshold
            best_score, best_key = score, column
    return best_key


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


def _is_header(line: Line, table: TableSpec) -> bool:
    """A line made of column labels and header notes only (a repeated header, say)."""
    texts = [label_key(c.text) for c in line.cells if c.text.strip()]
    if not texts:
        return False
    notes = [label_key(n) for n in table.header_labels]
    columns = _column_matches(line.cells, table)
    named = sum(
        1
        for t in texts
        if any(fuzz.ratio(t, n) >= MIN_COLUMN_SCORE or (len(t) >= 6 and t in n) for n in notes)
    )
    return len(columns) + named >= max(1, len(texts) - 1) and (len(columns) >= 2 or named >= 1)


@dataclass(frozen=True)
class _Step:
    """One line, classified in the context of the table the walk is in."""

    index: int
    line: Line
    table: str | None
    kind: str  # heading | end | section | header | label | values | other
    label: str = ""
    tokens: tuple[Token, ...] = ()
    section: str = ""
    columns: tuple[str, ...] = ()


def _single_number(line: Line) -> bool:
    return (
        not line.grid
        and len(line.cells) == 1
        and is_number_token(line.cells[0].text)
        and " " not in line.cells[0].text.strip()
    )


def join_cell_per_line(lines: Sequence[Line]) -> list[Line]:
    """Rejoin rows that a crawler saved one cell per line.

    Two or more consecutive lines that each hold one number become one line, together with
    the label-only line just before them, so ``label / 0 / 0 / …`` reads as ``label 0 0 …``.
    """
    out: list[Line] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _single_number(lines[end]):
            end += 1
        previous = out[-1] if out else None
        after_label = (
            previous is not None
            and not previous.grid
            and all(c.x0 is None for c in previous.cells)
            and not split_line(previous)[1]
        )
        if end - index >= 2 or (end - index == 1 and after_label):
            cells = [line.cells[0] for line in lines[index:end]]
            if previous is not None and after_label:
                out[-1] = Line((*previous.cells, *cells), page=previous.page)
            else:
                out.append(Line(tuple(cells), page=lines[index].page))
            index = end
        else:
            out.append(lines[index])
            index += 1
    return out


def _classify(lines: Sequence[Line], spec: Spec) -> list[_Step]:
    steps: list[_Step] = []
    table: str | None = None
    t4_tokens = 0
    t4_width = len(spec.table("t4").columns)
    # Between a table's heading (or a header row) and its first row of values, a line that
    # names a column is part of the header, however it was broken up.
    header_zone = False
    for index, line in enumerate(lines):
        label, tokens = split_line(line)
        if any(t.text for t in tokens):
            header_zone = False
            if table == "t4":
                if t4_tokens >= t4_width:
                    table = None
                else:
                    t4_tokens += len(tokens)
            steps.append(_Step(index, line, table, "values", label, tokens))
            continue
        text = line.text
        heading = _heading_table(text, spec) if text else None
        if heading:
            table, t4_tokens, header_zone = heading, 0, True
            steps.append(_Step(index, line, table, "heading"))
        elif table is not None and _LATER_SECTION.match(squash(text)):
            table = None
            steps.append(_Step(index, line, table, "end"))
        elif table != "t4" and _is_t4_header(line.cells, spec):
            table, t4_tokens, header_zone = "t4", 0, True
            steps.append(_Step(index, line, table, "heading"))
        elif (table in ("t2", None)) and (section := _section(text, spec.table("t2"))):
            table = "t2"
            steps.append(_Step(index, line, table, "section", section=section))
        elif table in ("t2", "t3", "t4") and (
            _is_header(line, spec.table(table))
            or (
                header_zone
                and not split_enumerators(squash(text))[0]
                and _column_matches(line.cells, spec.table(table))
            )
        ):
            columns = tuple(_column_matches(line.cells, spec.table(table)))
            steps.append(_Step(index, line, table, "header", columns=columns))
            header_zone = True
        elif text and table in ("t2", "t3"):
            # A grid row of blank cells keeps its tokens: it may be a data row printed empty.
            steps.append(_Step(index, line, table, "label", label, tokens if line.grid else ()))
            header_zone = False
        else:
            steps.append(_Step(index, line, table, "other"))
    return steps


def _overlapping(line: Line, anchor: TextCell | None) -> str:
    """The text of ``line``'s cells that sit under ``anchor`` (all of it without positions)."""
    if anchor is None or anchor.x0 is None or anchor.x1 is None:
        return line.text
    kept = []
    for cell in line.cells:
        if (
            cell.x0 is None
            or cell.x1 is None
            or min(cell.x1, anchor.x1) - max(cell.x0, anchor.x0) > 0
        ):
            kept.append(cell.text)
    return " ".join(t for t in kept if t)


def _anchor(line: Line) -> TextCell | None:
    """The rightmost label cell of a line: where its wrapped label continues."""
    labels = [c for c in line.cells if c.text.strip() and not is_number_token(c.text)]
    return labels[-1] if labels else None


MAX_FRAGMENTS = 8


def _own_labels(label: str, anchor: TextCell | None) -> list[str]:
    """The readings of a line's label: the whole of it, and the rightmost label cell alone,
    since a narrow parent label printed on the same line ("（三）不予" beside
    "4.保护第三方合法权益") is not part of the row's; OCR may even join the two in one piece
    of text ("（三）不予4保护第三方合法权益")."""
    owns = [label]
    if anchor is not None and (last := _split_cell(anchor.text)[0]) and last not in owns:
        owns.append(last)
    if (child := _CHILD_LABEL.search(label)) and child.start(1) > 0:
        owns.append(child.group(1))
    return owns


def _starts_a_row(step: _Step) -> bool:
    """A label line below a row that begins a numbered label of its own ("5.属于三类…",
    or after a parent's words, "公开 5.属于三类…"): the next row, not the end of this one."""
    if step.kind != "label" or not step.label:
        return False
    label = squash(step.label)
    return bool(split_enumerators(label)[0] or _NUMBERED.match(label) or _CHILD_LABEL.search(label))


def _row_of_its_own(step: _Step, tables: Sequence[str]) -> bool:
    """A grid row printed with blank cells and a full label of its own ("3.要求提供公开出版物"):
    a row, never the wrapped part of the label of the row beside it."""
    if step.kind != "label" or not step.line.grid or not step.tokens or not step.label:
        return False
    return any(
        (scored := score_label(step.label, t)) and scored[0][0] >= MIN_BLANK_ROW_SCORE
        for t in tables
    )


def _best_row(
    step: _Step,
    before: list[_Step],
    after: list[_Step],
    tables: Sequence[str],
    seen: dict[str, set[str]],
) -> tuple[float, str, RowSpec, str, int, int] | None:
    """The best spec row for a values line, trying its label with wrapped fragments from
    the label-only lines around it. Returns (score, table, row, label, used before, used after)."""
    anchor = _anchor(step.line)
    owns = _own_labels(step.label, anchor)
    prev = [_overlapping(s.line, anchor) for s in before[-MAX_FRAGMENTS:]]
    nxt = [_overlapping(s.line, anchor) for s in after[:MAX_FRAGMENTS]]
    best: tuple[tuple[float, int, bool], str, RowSpec, str, int, int] | None = None
    for own, j, k in itertools.product(owns, range(len(prev) + 1), range(len(nxt) + 1)):
        if j and k and j + k > MAX_FRAGMENTS:
            continue
        text = " ".join([*prev[len(prev) - j :], own, *nxt[:k]]).strip()
        if not text:
            continue
        for table_id in tables:
            scored = score_label(text, table_id)
            fresh = [x for x in scored if x[1].key not in seen[table_id]] or scored
            if not fresh:
                continue
            score, row = fresh[0]
            # Ties: fewer fragments; then, for a line with no label of its own, the
            # label printed before it (reading order).
            rank = (score, -(j + k), bool(j) and not own)
            if best is None or rank > best[0]:
                best = (rank, table_id, row, text, j, k)
    if best is None:
        return None
    (score, _, _), table_id, row, text, j, k = best
    return score, table_id, row, text, j, k


# A row printed with every cell blank is taken only on a near-certain label of its own.
MIN_BLANK_ROW_SCORE = 90.0


@dataclass
class _Header:
    """What the header rows of the current table said: column keys and where they sit."""

    section_columns: tuple[str, ...] = ()  # t2: the columns of the current sub-table
    wide_columns: tuple[str, ...] = ()  # t3: set when the header has the extra 小计
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)  # key → label x0, x1
    outcome_spans: list[tuple[float, float]] = field(default_factory=list)  # t4: every outcome
    in_header_run: bool = False  # the previous line was a header line too
    pieces: list[TextCell] = field(default_factory=list)  # header words not yet placed

    def read(self, step: _Step, spec: Spec) -> None:
        """Take in a header (or header-like label) line of ``step.table``."""
        if step.table is None:
            return
        table = spec.table(step.table)
        if step.kind == "header" and step.table == "t2" and step.columns:
            # A header may come one cell per line: consecutive header lines add up.
            if self.in_header_run:
                self.section_columns = (*self.section_columns, *step.columns)
            else:
                self.section_columns, self.spans = step.columns, {}
        elif step.kind == "label" and step.table == "t2" and not self.section_columns:
            # A header whose cells ran together ("信息内容本年制发件数本年废止件数…").
            self.section_columns = _columns_in_text(step.line.text, table)
        if step.table == "t3" and not self.wide_columns:
            # An optional column (the non-official 小计) named anywhere in the header.
            text = squash(step.line.text)
            if any(squash(lab) in text for c in table.columns if c.optional for lab in c.labels):
                self.wide_columns = tuple(c.key for c in table.columns)
        pieces: list[TextCell] = []
        for cell in (part for c in step.line.cells for part in _split_words(c)):
            if cell.x0 is None or cell.x1 is None or not cell.text.strip():
                continue
            keys = _column_matches([cell], table)
            if not keys:
                joined = self._join_broken(cell, table)
                if joined is None:
                    pieces.append(cell)
                    continue
                used, cell, keys = joined
                self.pieces.remove(used)
            assert cell.x0 is not None and cell.x1 is not None
            span = (cell.x0, cell.x1)
            if step.table == "t4":
                self.outcome_spans.append(span)
            else:
                self.spans.setdefault(keys[0], span)
        # Until the first row of values a piece waits for the rest of its word: a cell two
        # rows high breaks its word across the lines of its neighbours (OCR).
        self.pieces += pieces

    def _join_broken(
        self, cell: TextCell, table: TableSpec
    ) -> tuple[TextCell, TextCell, list[str]] | None:
        """A header word broken over two lines of its cell ("商业" / "企业"): the piece
        on a line above, at the same place, joined to this one; with the piece used."""
        assert cell.x0 is not None and cell.x1 is not None
        for piece in self.pieces:
            assert piece.x0 is not None and piece.x1 is not None
            if min(piece.x1, cell.x1) - max(piece.x0, cell.x0) <= 0:
                continue
            joined = TextCell(
                piece.text + cell.text,
                min(piece.x0, cell.x0),
                max(piece.x1, cell.x1),
                cell.confidence,
            )
            keys = _column_matches([joined], table)
            if keys:
                return piece, joined, keys
        return None

    def spans_for(self, table_id: str, columns: Sequence[str]) -> tuple[tuple[float, float], ...]:
        """Where each of ``columns`` is printed, when the header told us for all of them."""
        if table_id == "t4":
            spans = sorted(self.outcome_spans)
            return tuple(spans) if len(spans) == len(columns) else ()
        if all(c in self.spans for c in columns):
            return tuple(self.spans[c] for c in columns)
        return ()


def _columns_in_text(text: str, table: TableSpec) -> tuple[str, ...]:
    """Column keys whose labels (four characters or more) appear in ``text``, in the order
    they appear; longer labels win where two overlap."""
    squashed = squash(text)
    found: list[tuple[int, int, str]] = []
    labels = sorted(
        ((squash(lab), col.key) for col in table.columns for lab in col.labels),
        key=lambda item: -len(item[0]),
    )
    taken: set[int] = set()
    for label, key in labels:
        if len(label) < 4:
            continue
        start = squashed.find(label)
        span = set(range(start, start + len(label)))
        if start >= 0 and not span & taken and key not in {k for *_, k in found}:
            found.append((start, len(label), key))
            taken |= span
    return tuple(key for *_, key in sorted(found))


def _split_words(cell: TextCell) -> list[TextCell]:
    """A positioned cell of several words (adjacent header labels run together) as one
    cell per word, each given its share of the cell's width. Letter-spaced text (every
    word one character) stays whole."""
    words = cell.text.split()
    if len(words) < 2 or cell.x0 is None or cell.x1 is None or all(len(w) == 1 for w in words):
        return [cell]
    total = sum(len(w) for w in words)
    width = (cell.x1 - cell.x0) / total
    out, x = [], cell.x0
    for word in words:
        out.append(TextCell(word, x, x + width * len(word)))
        x += width * len(word)
    return out


def _row_match(
    step: _Step, table_id: str, row: str, label: str, score: float, header: _Header, spec: Spec
) -> RowMatch:
    official = tuple(c.key for c in spec.table(table_id).columns if not c.optional)
    columns = header.section_columns if table_id == "t2" else header.wide_columns or official
    return RowMatch(
        table=table_id,
        row=row,
        label=label,
        score=round(float(score), 1),
        tokens=step.tokens,
        page=step.line.page,
        grid=step.line.grid,
        section_columns=header.section_columns if table_id == "t2" else (),
        wide_columns=header.wide_columns if table_id == "t3" else (),
        header_spans=header.spans_for(table_id, columns),
        width=len(step.line.cells),
    )


def _match_blank_row(
    step: _Step,
    following: Sequence[_Step],
    seen: dict[str, set[str]],
    header: _Header,
    spec: Spec,
) -> tuple[RowMatch, int] | None:
    """A label-only line that names a row on its own (with the continuation lines of a
    wrapped label, which do not start with an enumerator): the row printed blank. Returns
    the match and how many following lines it used."""
    assert step.table is not None
    ordinal, text = split_enumerators(squash(step.label))
    if not ordinal and _column_matches([TextCell(text)], spec.table(step.table)):
        return None  # a column label left over from a broken header ("其他"), not a row
    anchor = _anchor(step.line)
    # a part of a label stands for a blank row only when it is numbered ("2.没有现成信息…"),
    # never a word of a wrapped or letter-spaced parent label ("其 他")
    labels = [
        label
        for label in _own_labels(step.label, anchor)
        if label == step.label or _NUMBERED.match(label)
    ]
    for used in range(min(len(following), MAX_FRAGMENTS) + 1):
        if used:
            fragment = _overlapping(following[used - 1].line, anchor)
            if not fragment or split_enumerators(squash(fragment))[0]:
                return None
            labels = [f"{label} {fragment}" for label in labels]
        for label in labels:
            scored = score_label(label, step.table)
            if scored and scored[0][0] >= MIN_BLANK_ROW_SCORE:
                score, row = scored[0]
                if row.key in seen[step.table] or all(row.kind(t) == "group" for t in TEMPLATES):
                    return None
                seen[step.table].add(row.key)
                return _row_match(step, step.table, row.key, label, score, header, spec), used
    return None


def locate(lines: Sequence[Line], spec: Spec | None = None) -> LocateResult:
    """Match the lines of a document to the rows of the official tables."""
    spec = spec or load_spec()
    result = LocateResult()
    steps = _classify(join_cell_per_line(lines), spec)
    seen: dict[str, set[str]] = {"t2": set(), "t3": set()}
    consumed: set[int] = set()
    header = _Header()
    t4_tokens: list[Token] = []
    t4_first: _Step | None = None
    t4_width = len(spec.table("t4").columns)

    def flush_t4() -> None:
        # With the header of table 四 (by now ``header`` may be the next table's).
        nonlocal t4_tokens, t4_first
        if t4_tokens and t4_first is not None:
            first = replace(t4_first, tokens=tuple(t4_tokens))
            result.matches.append(
                _row_match(first, "t4", "r1", t4_first.label, 100.0, header_t4, spec)
            )
        t4_tokens, t4_first = [], None

    current: str | None = None
    last_blank: tuple[int, int] | None = None  # (match index, step position)
    t4_header: _Step | None = None
    header_t4 = header
    for position, step in enumerate(steps):
        if step.table is not None:
            result.tables_seen.add(step.table)
        if step.kind == "heading" or step.table != current:
            header = _Header(wide_columns=header.wide_columns if step.table == current else ())
            current = step.table
        if step.kind == "section":
            header.section_columns, header.spans = (), {}
        if step.kind in ("header", "label") or (step.table == "t4" and step.kind != "values"):
            header.read(step, spec)
        elif step.kind == "values":
            header.pieces.clear()
        header.in_header_run = step.kind == "header"
        if step.table != "t4" and t4_tokens:
            flush_t4()
        elif step.table != "t4" and t4_header is not None:
            # Table 四's header, then the next section: its one row was printed blank.
            if not t4_header.line.grid and not any(m.table == "t4" for m in result.matches):
                result.matches.append(_row_match(t4_header, "t4", "r1", "", 100.0, header_t4, spec))
            t4_header = None
        if (
            step.table == "t4"
            and t4_header is None
            and (step.kind == "header" or _is_t4_header(step.line.cells, spec))
        ):
            # Only the column header (结果维持 …) vouches for the table; a heading alone
            # may be a pre-2019 report's section title.
            t4_header = replace(step, tokens=())
        if step.table == "t4":
            header_t4 = header
        if step.kind == "label" and step.index not in consumed and step.table in ("t2", "t3"):
            # A grid row of blank cells, or a positioned (PDF) line whose whole label stands
            # alone: a row printed with every cell blank.
            positioned = bool(step.line.cells) and step.line.cells[0].x0 is not None
            if step.tokens or (positioned and not step.line.grid):
                following = []
                if not step.line.grid:
                    for later in steps[position + 1 :]:
                        if later.kind != "label" or later.line.grid:
                            break
                        following.append(later)
                found_blank = _match_blank_row(step, following, seen, header, spec)
                if found_blank is not None:
                    blank, used = found_blank
                    result.matches.append(blank)
                    consumed.add(step.index)
                    consumed.update(s.index for s in following[:used])
                    last_blank = (len(result.matches) - 1, position + used)
            continue
        if step.kind != "values":
            continue
        if last_blank and last_blank[1] == position - 1 and not step.label:
            # The numbers of that row, printed a little lower than its label.
            index, _ = last_blank
            result.matches[index] = replace(result.matches[index], tokens=step.tokens)
            last_blank = None
            continue
        if step.table == "t4":
            if t4_first is None:
                t4_first = step
            t4_tokens.extend(step.tokens)
            if len(t4_tokens) >= t4_width:
                flush_t4()
            continue
        tables = [step.table] if step.table in ("t2", "t3") else ["t3", "t2"]
        before: list[_Step] = []
        for earlier in reversed(steps[:position]):
            if _row_of_its_own(earlier, tables):
                break
            if earlier.kind == "label" and earlier.index not in consumed:
                before.insert(0, earlier)
            elif earlier.kind != "header":
                break
        after: list[_Step] = []
        for later in steps[position + 1 :]:
            if _row_of_its_own(later, tables) or _starts_a_row(later):
                break
            if later.kind == "label":
                after.append(later)
            elif later.kind != "header":
                break
        found = _best_row(step, before, after, tables, seen)
        if found is None:
            continue
        score, table_id, row, text, used_before, used_after = found
        inside = step.table in ("t2", "t3")
        if score < (MIN_ROW_SCORE if inside else MIN_ROW_SCORE_OUTSIDE):
            if inside:
                result.warnings.append(
                    f"a row of {step.table} was not recognised: "
                    f"{step.line.text[:60]!r} (page {step.line.page})"
                )
            continue
        consumed.update(s.index for s in before[len(before) - used_before :] if used_before)
        consumed.update(s.index for s in after[:used_after])
        result.tables_seen.add(table_id)
        if row.key in seen[table_id] and row.section != "art20_9":
            result.warnings.append(
                f"{table_id} row {row.key} printed twice; the second ({text[:40]!r}) was ignored"
            )
            continue
        seen[table_id].add(row.key)
        result.matches.append(_row_match(step, table_id, row.key, text, score, header, spec))
    flush_t4()
    if (
        t4_header is not None
        and not t4_header.line.grid
        and not any(m.table == "t4" for m in result.matches)
    ):
        result.matches.append(_row_match(t4_header, "t4", "r1", "", 100.0, header_t4, spec))
    return result
