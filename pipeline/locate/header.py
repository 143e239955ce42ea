"""What a table's header says: which columns it prints, and in a PDF where each one sits.

The header is rebuilt from its words wherever the producer broke them: a word split over two
lines of its cell ("商业" / "企业") is joined to the piece above it at the same place, and
in running text the header's words are found in the joined text of the header items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz

from pipeline.locate.labels import MIN_COLUMN_SCORE, column_of, columns_in_text
from pipeline.records import Line, TextCell
from pipeline.spec import TableSpec
from pipeline.text import label_key, squash


def column_matches(cells: Sequence[TextCell], table: TableSpec) -> list[str]:
    """Column keys named by the cells of a header line, in order (one per cell)."""
    keys = (column_of(cell.text, table, cell.confidence is not None) for cell in cells)
    return [key for key in keys if key]


def is_header_line(line: Line, table: TableSpec) -> bool:
    """A line made of column labels and header notes only (a repeated header, say)."""
    texts = [label_key(c.text) for c in line.cells if c.text.strip()]
    if not texts:
        return False
    notes = [label_key(n) for n in table.header_labels]
    columns = column_matches(line.cells, table)
    named = sum(
        1
        for t in texts
        if any(fuzz.ratio(t, n) >= MIN_COLUMN_SCORE or (len(t) >= 6 and t in n) for n in notes)
    )
    return len(columns) + named >= max(1, len(texts) - 1) and (len(columns) >= 2 or named >= 1)


def _outcome_words(table: TableSpec) -> set[str]:
    words = {squash(c.label) for c in table.columns if c.block}
    return words | {squash(c.block) for c in table.columns if c.block}


# In a header, at least this share of the text is header words (a sentence that names
# 结果维持 and 结果纠正 with numbers between is no header).
HEADER_SHARE = 0.6


def names_outcomes(text: str, table: TableSpec) -> bool:
    """Whether a text names three or more of table 四's header words (结果维持, 行政复议 …)
    and is mostly made of them: table 四's header, however its words were broken or run
    together."""
    squashed = squash(text)
    words = _outcome_words(table) | {squash(c.label) for c in table.columns}
    if sum(1 for word in _outcome_words(table) if word in squashed) < 3:
        return False
    rest = squashed
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) <= (1 - HEADER_SHARE) * len(squashed)


def names_any(text: str, table: TableSpec) -> bool:
    """Whether a text names one of table 四's header words."""
    squashed = squash(text)
    return any(word in squashed for word in _outcome_words(table))


@dataclass
class Header:
    """What the header lines of one table (or one table 二 section) said."""

    table: TableSpec
    texts: list[str] = field(default_factory=list)
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)  # key → x0, x1
    outcome_spans: list[tuple[float, float]] = field(default_factory=list)  # table 四
    pieces: list[TextCell] = field(default_factory=list)  # header words not yet placed

    def read(self, line: Line) -> None:
        """Take in one header line (or a label line before the table's first row)."""
        self.texts.append(line.text)
        placed: list[TextCell] = []
        for cell in (part for c in line.cells for part in _split_words(c, self.table)):
            if cell.x0 is None or cell.x1 is None or not cell.text.strip():
                continue
            keys = column_matches([cell], self.table)
            if not keys:
                joined = self._join_broken(cell)
                if joined is None:
                    placed.append(cell)
                    continue
                used, cell, keys = joined
                self.pieces.remove(used)
                if not keys:  # a word broken over three lines: wait for the rest
                    placed.append(cell)
                    continue
            assert cell.x0 is not None and cell.x1 is not None
            span = (cell.x0, cell.x1)
            if self.table.has_blocks:
                self.outcome_spans.append(span)
            else:
                self.spans.setdefault(keys[0], span)
        # Until the first row of values a piece waits for the rest of its word: a cell two
        # rows high breaks its word across the lines of its neighbours (OCR).
        self.pieces += placed

    def read_text(self, text: str) -> None:
        """Take in header words cut from running text (no positions)."""
        self.texts.append(text)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the header names, in the order it prints them: left to right where
        its words were placed (rebuilt where they broke over lines, so a word broken onto
        a line above its neighbours keeps its place), else in the order of its text."""
        named = columns_in_text(" ".join(self.texts), self.table)
        placed = tuple(key for key, _ in sorted(self.spans.items(), key=lambda kv: kv[1][0]))
        return placed if len(placed) >= len(named) and set(named) <= set(placed) else named

    @property
    def wide(self) -> bool:
        """Whether the header names an optional column (the unofficial 小计 of table 三)."""
        text = squash(" ".join(self.texts))
        optional = [c for c in self.table.columns if c.optional]
        return any(c.key in self.spans for c in optional) or any(
            squash(label) in text for c in optional for label in c.labels
        )

    def spans_for(self, columns: Sequence[str]) -> tuple[tuple[float, float], ...]:
        """Where each of ``columns`` is printed, when the header told us for all of them."""
        if self.table.has_blocks:
            spans = sorted(self.outcome_spans)
            return tuple(spans) if len(spans) == len(columns) else ()
        if columns and all(c in self.spans for c in columns):
            return tuple(self.spans[c] for c in columns)
        return ()

    def _join_broken(self, cell: TextCell) -> tuple[TextCell, TextCell, list[str]] | None:
        """A header word broken over two lines of its cell ("商业" / "企业"): the piece
        on a line above, at the same place, joined to this one; with the piece used."""
        assert cell.x0 is not None and cell.x1 is not None
        partial: tuple[TextCell, TextCell, list[str]] | None = None
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
            keys = column_matches([joined], self.table)
            if keys:
                return piece, joined, keys
            if partial is None and _begins_a_column(joined.text, self.table):
                partial = (piece, joined, [])
        return partial


@cache
def _column_words(table: TableSpec) -> frozenset[str]:
    """Every column label of ``table``, squashed."""
    return frozenset(squash(label) for c in table.columns for label in c.labels)


def _begins_a_column(text: str, table: TableSpec) -> bool:
    """Whether ``text`` is the start of a column label (the first lines of a word broken
    over three): "社会公益" of 社会公益组织."""
    head = squash(text)
    return len(head) >= 2 and any(label.startswith(head) for label in _column_words(table))


@lru_cache(maxsize=4096)
def _run_together(text: str, table: TableSpec) -> list[str] | None:
    """``text`` as the fewest pieces (two at least) that each begin a column label of
    ``table`` (two characters at least, but for the last), or None."""
    starts = _column_words(table)
    if len(text) < 3 or any(label.startswith(text) for label in starts):
        return None
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for end in range(1, len(text) + 1):
        for start in range(end):
            head, piece = best[start], text[start:end]
            if head is None or (len(piece) < 2 and end < len(text)):
                continue
            if any(label.startswith(piece) for label in starts):
                candidate = [*head, piece]
                if best[end] is None or len(candidate) < len(best[end] or []):
                    best[end] = candidate
    found = best[len(text)]
    return found if found is not None and len(found) >= 2 else None


# What counts of a word when telling letter-spaced text: "年 增 /减" is letter-spaced.
_LETTERS = re.compile(r"[^\w]")


def _split_words(cell: TextCell, table: TableSpec) -> list[TextCell]:
    """A positioned cell of several words (adjacent header labels run together) as one
    cell per word, each given its share of the cell's width. Letter-spaced text (every
    word one character) stays whole. Words run together with no space between, each the
    start of a column label ("社会公益法律服务其": the first lines of three narrow columns
    whose words broke), are parted too."""
    words = cell.text.split()
    if len(words) == 1 and cell.x0 is not None and not column_matches([cell], table):
        words = _run_together(words[0], table) or words
    if (
        len(words) < 2
        or cell.x0 is None
        or cell.x1 is None
        or all(len(_LETTERS.sub("", w)) <= 1 for w in words)
    ):
        return [cell]
    total = sum(len(w) for w in words)
    width = (cell.x1 - cell.x0) / total
    out, x = [], cell.x0
    for word in words:
        out.append(TextCell(word, x, x + width * len(word)))
        x += width * len(word)
    return out
