"""The blocks of table 三's items that may print one row, each with the readings of its
label and how well they name each row.

A **block** is a run of items that may print one row: one row item (its values) with label
items just before and after it (a label broken over lines, printed above, beside or below
its values), or label items alone (a group's label such as （三）不予公开, or, in a PDF, a
row printed with every cell blank). In a PDF only what is printed under the row's label
cell counts as a piece of its label (``fragment``); a row cut by a page break goes on
after a repeated header (``_continued_at``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.locate.labels import row_scores
from pipeline.locate.stream import Item, ItemKind, split_cell_label
from pipeline.records import Line, TextCell
from pipeline.spec import TableSpec
from pipeline.text import is_number_token, split_enumerators, squash

# The most label pieces read around a row's values as parts of its label.
MAX_FRAGMENTS = 8
# The most label items one block of a label alone spans.
MAX_LABEL_ONLY = 4

# A label that starts with its number, with or without the point OCR may drop.
_NUMBERED = re.compile(
    r"^\s*(\d{1,2}\s*[.．、]?|[（(][一二三四五六七八九十]+[）)])\s*[\u4e00-\u9fff]"
)
# A numbered sub-row label after its parent's text: "（三）不予 4.保护第三方合法权益".
_CHILD_LABEL = re.compile(r"[\u4e00-\u9fff）)]\s*(\d{1,2}\s*[.．、]?\s*[\u4e00-\u9fff].*)$")


@dataclass(frozen=True)
class Block:
    """Items ``start:end`` read as one row; ``row_item`` holds its values (None: a label
    alone). ``scores`` maps a row key to how well the block's label names it, ``texts``
    to the reading of the label that does."""

    start: int
    end: int
    row_item: int | None
    scores: dict[str, float]
    texts: dict[str, str]
    labelled: bool
    blank_ok: bool = False


def anchor_of(line: Line) -> TextCell | None:
    """The rightmost label cell of a line: where its wrapped label continues."""
    labels = [c for c in line.cells if c.text.strip() and not is_number_token(c.text)]
    return labels[-1] if labels else None


def fragment(item: Item, anchor: TextCell | None) -> str:
    """A label item's text as a piece of the label at ``anchor``: in a PDF, only what
    is printed under the anchor (a vertical label beside it is not part of it)."""
    if item.plain or anchor is None or anchor.x0 is None or anchor.x1 is None:
        return item.text
    kept = [
        cell.text
        for cell in item.line.cells
        if cell.x0 is None
        or cell.x1 is None
        or min(cell.x1, anchor.x1) - max(cell.x0, anchor.x0) > 0
    ]
    if not any(kept):
        # the anchor was a group's label (（四）无法提供 on the line of its child's values):
        # the row's own label stands right of it
        kept = [c.text for c in item.line.cells if c.x0 is not None and c.x0 >= anchor.x1]
    return " ".join(t for t in kept if t)


def own_labels(label: str, anchor: TextCell | None) -> list[str]:
    """The readings of a row item's own label: the whole of it, the rightmost label cell
    alone (a narrow parent label printed on the same line, "（三）不予" beside
    "4.保护第三方合法权益", is not part of it), and a numbered child after its parent's
    words ("（三）不予4保护第三方合法权益", as OCR may join them)."""
    owns = [label]
    if anchor is not None and (last := split_cell_label(anchor.text)) and last not in owns:
        owns.append(last)
    if (child := _CHILD_LABEL.search(label)) and child.start(1) > 0:
        owns.append(child.group(1))
    return owns


def starts_a_row(text: str) -> bool:
    """A label that begins a numbered label of its own ("5.属于三类…", or after a
    parent's words, "公开 5.属于三类…")."""
    label = squash(text)
    return bool(split_enumerators(label)[0] or _NUMBERED.match(label) or _CHILD_LABEL.search(label))


def _fragment_item(item: Item) -> bool:
    return item.kind is ItemKind.LABEL and item.vocab is None


def blocks(items: Sequence[Item], table: TableSpec) -> list[list[Block]]:
    """Every block of the stream, by the index of its first item."""
    by_start: list[list[Block]] = [[] for _ in items]
    for r, item in enumerate(items):
        if item.kind is ItemKind.ROW:
            for block in _row_blocks(items, r, table):
                by_start[block.start].append(block)
        elif _fragment_item(item):
            for end in range(r + 1, min(len(items), r + MAX_LABEL_ONLY) + 1):
                if not _fragment_item(items[end - 1]):
                    break
                by_start[r].append(_label_block(items, r, end, table))
    return by_start


def _row_blocks(items: Sequence[Item], r: int, table: TableSpec) -> list[Block]:
    item = items[r]
    anchor = anchor_of(item.line) if not item.plain else None
    before: list[str] = []
    for earlier in reversed(items[max(0, r - MAX_FRAGMENTS) : r]):
        if not _fragment_item(earlier):
            break
        before.insert(0, fragment(earlier, anchor))
    after: list[str] = []
    rest = _continued_at(items, r)
    for j in range(r + 1, min(len(items), r + 1 + MAX_FRAGMENTS)):
        later = items[j]
        if rest is not None and j < rest:
            after.append("")  # a repeated header between the row's two parts
            continue
        if not _fragment_item(later) and j != rest:
            break
        text = fragment(later, anchor)
        if item.text and starts_a_row(text):
            break  # the next row's label, not the end of this one
        after.append(text)
    owns = own_labels(item.text, anchor) if item.text else [""]
    out = []
    for j in range(len(before) + 1):
        for k in range(len(after) + 1):
            if j + k > MAX_FRAGMENTS:
                continue
            texts = [
                " ".join(t for t in [*before[len(before) - j :], own, *after[:k]] if t).strip()
                for own in owns
            ]
            out.append(_scored(r - j, r + 1 + k, r, texts, table))
    return out


# What may stand between a row cut by a page break and its rest: a repeated header.
MAX_REPEATED_HEADER = 4


def _continued_at(items: Sequence[Item], r: int) -> int | None:
    """Where row item ``r``, the last of its page in a ruled table, goes on after a page
    break: the first row of the next page, when every one of its cells is blank and its
    label starts no row of its own (a word processor breaking a row across pages
    prints the rest of its label there). Only a repeated header may come between."""
    item = items[r]
    if not item.line.grid or item.line.page is None:
        return None
    for j in range(r + 1, min(len(items), r + 2 + MAX_REPEATED_HEADER)):
        later = items[j]
        if later.line.page != item.line.page + 1 or any(t.text for t in later.tokens):
            return None
        if later.kind is ItemKind.ROW and later.line.grid and len(later.tokens) >= 2:
            return None if starts_a_row(later.text) else j
    return None


def _label_block(items: Sequence[Item], start: int, end: int, table: TableSpec) -> Block:
    first = items[start]
    anchor = anchor_of(first.line) if not first.plain else None
    text = " ".join(fragment(i, anchor) for i in items[start:end])
    blank_ok = all(i.positioned and not i.line.grid for i in items[start:end])
    block = _scored(start, end, None, [text], table)
    return Block(block.start, block.end, None, block.scores, block.texts, block.labelled, blank_ok)


def _scored(
    start: int, end: int, row_item: int | None, texts: list[str], table: TableSpec
) -> Block:
    scores: dict[str, float] = {}
    chosen: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        for key, score in row_scores(text, table).items():
            if score > scores.get(key, -1.0):
                scores[key], chosen[key] = score, text
    return Block(start, end, row_item, scores, chosen, any(texts))
