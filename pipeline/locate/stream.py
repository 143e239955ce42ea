"""A document's lines → one ordered stream of items: label texts and rows of values.

Locating never looks at how a producer broke the text into lines. Each line is cut into
pieces, and the pieces into items:

- a **label** item: text that is no value (a row label or a part of one, a heading, a
  caption, a header word, a note);
- a **row** item: the values of one printed row (numbers, digit runs, blank cells, dashes),
  with the label printed just before them on the same line or in the same grid row.

Where a line has a structure of its own (a ruled PDF row, a Word, web or Markdown table
row, tab- or ``|``-separated text, positioned PDF words), its cells are kept. A line of
running text is cut by what it says (``running``). Consecutive lines of one value each (a
row saved one cell per line) make one row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from pipeline.locate.running import Vocab, sign_word, text_pieces
from pipeline.readers.layout import PAGE_NUMBER
from pipeline.records import Line, TextCell
from pipeline.spec import Spec
from pipeline.text import is_number_token

# A label with digits run into its end: the run may carry signs when cells were signed.
_TRAILING_RUN = re.compile(r"^(.*?[^\d\s,.+\-])([+\-]?\d[\d,.+\-]*)$")
# A line that is a number, signed or not: a page's footer only when unsigned.
_SIGNED_NUMBER = re.compile(r"[+\-−]?\d+")


class ItemKind(StrEnum):
    LABEL = "label"
    ROW = "row"


@dataclass(frozen=True)
class Item:
    """One item of the stream. ``line`` is the printed line it comes from (for its page,
    its grid and, in a PDF, where its cells sit); ``index`` that line's position."""

    kind: ItemKind
    text: str  # a label item's text; a row item's own label (may be empty)
    line: Line
    index: int
    tokens: tuple[TextCell, ...] = ()  # a row item's values
    vocab: Vocab | None = None
    plain: bool = False  # cut from running text (no cells, no positions)

    @property
    def positioned(self) -> bool:
        return any(c.x0 is not None for c in self.line.cells)


# --- cells of lines with a structure ----------------------------------------------------


def _token(text: str, cell: TextCell) -> TextCell:
    """A token that fills the whole of ``cell``: it keeps the cell's place on the page."""
    return replace(cell, text=text)


def _loose(text: str, cell: TextCell) -> TextCell:
    """A token that is one of several in ``cell``: its place within the cell is unknown,
    what is known of the cell's reading holds for it too."""
    return TextCell(text, confidence=cell.confidence, order_unsure=cell.order_unsure)


def split_line(line: Line) -> tuple[str, tuple[TextCell, ...]]:
    """A line of cells → (its label text, the value tokens after the last label cell).

    A cell holding a label followed by numbers (``"规章 0 0 0"``, or digits run into the
    label) is split into the label and its numbers.
    """
    items: list[tuple[str, str | TextCell]] = []  # ("label", text) or ("value", token)
    for cell in line.cells:
        text = cell.text.strip()
        if not text:
            if line.grid:
                items.append(("value", _token("", cell)))
            continue
        if is_number_token(text):
            items.append(("value", _token(text, cell)))
            continue
        if changed := sign_word(text):
            items.append(("value", _token(changed, cell)))
            continue
        label, numbers = _split_cell(text)
        if label:
            items.append(("label", label))
        whole = len(numbers) == 1 and line.grid
        for number in numbers:
            items.append(
                (
                    "value",
                    _token(number, cell) if whole else _loose(number, cell),
                )
            )
    last_label = max((i for i, (kind, _) in enumerate(items) if kind == "label"), default=-1)
    label = " ".join(str(v) for k, v in items if k == "label")
    tokens = tuple(v for k, v in items[last_label + 1 :] if isinstance(v, TextCell))
    if not line.grid:
        tokens = tuple(t for t in tokens if t.text)
    return label, tokens


def split_cell_label(text: str) -> str:
    """The label of a cell that may end in numbers (``"规章 0 0 3"`` → ``"规章"``)."""
    return _split_cell(text)[0]


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


# --- items ------------------------------------------------------------------------------


def _is_running_text(line: Line) -> bool:
    return not line.grid and len(line.cells) == 1 and line.cells[0].x0 is None


def items_of(lines: Sequence[Line], spec: Spec) -> list[Item]:
    """The stream of a document's lines (see the module's account)."""
    items: list[Item] = []
    for index, line in enumerate(lines):
        if _is_running_text(line):
            text = line.cells[0].text
            stripped = text.strip()
            footer = PAGE_NUMBER.match(stripped) and not _SIGNED_NUMBER.fullmatch(stripped)
            if footer or stripped in {"|", "||"}:
                continue  # a page's footer, or the lone pipe between one-per-line cells
            _running_items(items, line, index, spec)
            continue
        label, tokens = split_line(line)
        if tokens:
            items.append(Item(ItemKind.ROW, label, line, index, tokens))
        elif label:
            items.append(Item(ItemKind.LABEL, label, line, index))
    return items


def _running_items(items: list[Item], line: Line, index: int, spec: Spec) -> None:
    """Items of a line of running text, appended to ``items``; a line of one value joins
    the row item of the one-value lines just before it (a row saved one cell per line)."""
    pieces = text_pieces(line.cells[0].text, spec)
    if len(pieces) == 1 and pieces[0][1] is not None and items:
        last = items[-1]
        if last.kind is ItemKind.ROW and last.plain and _joins(last, pieces[0][1]):
            items[-1] = Item(
                ItemKind.ROW,
                last.text,
                last.line,
                last.index,
                (*last.tokens, _loose(pieces[0][1], line.cells[0])),
                plain=True,
            )
            return
    label = ""
    tokens: list[TextCell] = []

    def close() -> None:
        nonlocal label, tokens
        if tokens:
            items.append(Item(ItemKind.ROW, label, line, index, tuple(tokens), plain=True))
        elif label:
            items.append(Item(ItemKind.LABEL, label, line, index, plain=True))
        label, tokens = "", []

    for text, value, vocab in pieces:
        if value is not None:
            tokens.append(_loose(value, line.cells[0]))
            continue
        close()
        if vocab is not None:
            items.append(Item(ItemKind.LABEL, text, line, index, vocab=vocab, plain=True))
        else:
            label = text
    close()


def _joins(last: Item, value: str) -> bool:
    """Whether a line holding one value continues the row item ``last`` (one cell per
    line): it does when that row was built from such lines, or had its label and one
    value on its line."""
    return len(last.tokens) >= 1 and all(" " not in t.text for t in last.tokens) and bool(value)
