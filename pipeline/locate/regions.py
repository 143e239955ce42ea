"""Which table each item of the stream belongs to.

A table starts at its heading (二、主动公开政府信息情况), or at what the spec says opens it
(``opened_by``): a caption of its sections (第二十条第（一）项, table 二), its header (申请人情况 …,
table 三) or the words of its blocks (行政复议 结果维持 …, table 四); it ends where the next
one starts or a later section of the report begins (五、…). A heading inside a sentence
("本报告包括总体情况、主动公开政府信息情况、…") is no heading: it must open its line, after
an enumerator at most. A table of one row (四) ends with its values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.locate.header import is_header_line, names_any, names_outcomes
from pipeline.locate.labels import MIN_BLANK_ROW_SCORE, heading_table, row_scores, section_of
from pipeline.locate.running import VocabKind
from pipeline.locate.stream import Item, ItemKind
from pipeline.spec import Spec, TableSpec
from pipeline.text import squash

_LATER_SECTION = re.compile(r"^[五六七八九]、")
# What may stand before a heading on its line: an enumerator, or 表二：
_BEFORE_HEADING = re.compile(r"^表?[一二三四五六七八九十]+[、.:]?$")
# How many items after a header word are searched for the rest of the header.
HEADER_WINDOW = 12


def tables_of(items: Sequence[Item], spec: Spec) -> list[str | None]:
    """The table (its id) each item belongs to, or None outside the tables."""
    widths = {t.id: len(t.columns) for t in spec.tables if t.single_row}
    out: list[str | None] = []
    table: str | None = None
    values = 0  # of a table of one row: the cells its values filled so far
    for index, item in enumerate(items):
        if item.kind is ItemKind.ROW:
            marker = _row_marker(item, spec, table)
            if marker == "end" or (table in widths and values >= widths[table]):
                table = None
            elif marker is not None:
                table, values = marker, 0
            if table in widths:
                values += cells_in(item)
            out.append(table)
            continue
        marker = _marker(items, index, spec, table)
        if marker == "end":
            table = None
        elif marker is not None:
            if marker != table:
                values = 0
            table = marker
        out.append(table)
    return out


def cells_in(item: Item) -> int:
    """How many cells a row item's values may fill: a run of digits in running text may
    be several cells run together."""
    if not item.plain:
        return len(item.tokens)
    return sum(len(t.text) if t.text.isdigit() else 1 for t in item.tokens)


def _row_marker(item: Item, spec: Spec, table: str | None) -> str | None:
    """A heading printed with a number after it ("五、存在的主要问题2019年…")."""
    if not item.text:
        return None
    if table is not None and _LATER_SECTION.match(squash(item.text)):
        return "end"
    found = heading_table(item.text, spec)
    return found if found is not None and found != table else None


def _marker(items: Sequence[Item], index: int, spec: Spec, table: str | None) -> str | None:
    """What a label item says of where the tables are: a table id it starts, "end", or None."""
    item = items[index]
    text = item.text
    vocab = item.vocab
    if vocab is not None and vocab.kind is VocabKind.HEADING:
        return vocab.table if _opens_its_line(items, index) else None
    if vocab is not None and vocab.kind is VocabKind.SECTION:
        return vocab.table if table in (vocab.table, None) else None
    if vocab is None and heading_table(text, spec):
        found = heading_table(text, spec)
        return found if not item.plain or _opens_its_line(items, index) else None
    if table is not None and _LATER_SECTION.match(squash(text)):
        return "end"
    captioned = spec.table_opened_by("caption")
    if table in (captioned.id, None) and section_of(text, captioned):
        return captioned.id
    blocks = spec.table_opened_by("outcomes")
    if (
        table != blocks.id
        and names_any(text, blocks)
        and names_outcomes(_window_text(items, index), blocks)
        and not (table is not None and _names_a_row(text, spec.table(table), blocks))
    ):
        return blocks.id
    headed = spec.table_opened_by("header")
    if table not in (headed.id, blocks.id) and _header_opens(items, index, headed):
        return headed.id
    return None


def _names_a_row(text: str, table: TableSpec, blocks: TableSpec) -> bool:
    """Whether a label names one of the rows of ``table`` surely, where its row labels
    share words with the header of ``blocks`` (（七）总计 of table 三 is a row, though 总计
    heads a column of table 四 too)."""
    if not any(names_any(label, blocks) for row in table.rows for label in row.labels):
        return False
    return max(row_scores(text, table).values(), default=0.0) >= MIN_BLANK_ROW_SCORE


def _opens_its_line(items: Sequence[Item], index: int) -> bool:
    """Whether a heading cut from running text stands as one: it starts its line (after
    a section's enumerator at most, 二、 or 表二：) and nothing but the table follows it on
    the line (its caption or header, or a short note)."""
    item = items[index]
    if not item.plain:
        return True
    before = [i for i in items[max(0, index - 2) : index] if i.index == item.index]
    if before and not (
        before[-1].kind is ItemKind.LABEL and _BEFORE_HEADING.match(squash(before[-1].text))
    ):
        return False
    after = items[index + 1] if index + 1 < len(items) else None
    if after is None or after.index != item.index or after.vocab is not None:
        return True
    return after.kind is ItemKind.LABEL and len(squash(after.text)) <= SENTENCE


# A piece of running text longer than this that names nothing is a sentence: no header
# goes on past it.
SENTENCE = 8


def _window(items: Sequence[Item], index: int) -> list[Item]:
    """The label items from ``index`` on that may belong to one header: up to the next
    row of values, or a sentence of running text."""
    out = []
    for item in items[index : index + HEADER_WINDOW]:
        if item.kind is ItemKind.ROW:
            break
        if item.plain and item.vocab is None and len(squash(item.text)) > SENTENCE:
            break
        out.append(item)
    return out


def _window_text(items: Sequence[Item], index: int) -> str:
    return " ".join(item.text for item in _window(items, index))


def _header_opens(items: Sequence[Item], index: int, table: TableSpec) -> bool:
    """The header of a table it opens (table 三's): a header line of its own, or two of its
    header words close by."""
    item = items[index]
    if not item.plain:
        return is_header_line(item.line, table)
    if item.vocab is None or item.vocab.table != table.id:
        return False
    named = {
        squash(later.text)
        for later in _window(items, index)
        if later.vocab is not None and later.vocab.table == table.id
    }
    return len(named) >= 2
