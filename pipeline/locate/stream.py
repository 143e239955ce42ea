"""A document's lines → one ordered stream of items: label texts and rows of values.

Locating never looks at how a producer broke the text into lines. Each line is cut into
pieces, and the pieces into items:

- a **label** item: text that is no value (a row label or a part of one, a heading, a
  caption, a header word, a note);
- a **row** item: the values of one printed row (numbers, digit runs, blank cells, dashes),
  with the label printed just before them on the same line or in the same grid row.

Where a line has a structure of its own (a ruled PDF row, a Word, web or Markdown table
row, tab- or ``|``-separated text, positioned PDF words), its cells are kept. A line of
running text (a crawled page's body is often one line) is cut by what it says: at numbers,
at enumerators (``（三）``, ``2.``), and around the spec's own vocabulary (headings,
table 二 captions, column labels), so that ``…第二十条第（一）项信息内容本年新制作数量…规章000``
gives the caption, the header words, the label 规章 and the run ``000``. Consecutive lines
of one value each (a row saved one cell per line) make one row.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pipeline.readers.layout import PAGE_NUMBER
from pipeline.records import Line, TextCell, Token
from pipeline.spec import Spec
from pipeline.text import is_number_token, squash, to_simplified

# A label with digits run into its end: the run may carry signs when cells were signed.
_TRAILING_RUN = re.compile(r"^(.*?[^\d\s,.+\-])([+\-]?\d[\d,.+\-]*)$")


class ItemKind(StrEnum):
    LABEL = "label"
    ROW = "row"


class VocabKind(StrEnum):
    HEADING = "heading"  # a table's title
    SECTION = "section"  # a caption of a table's sections (table 二): 第二十条第（五）项
    COLUMN = "column"  # a column label, or a word of a table's header


@dataclass(frozen=True)
class Vocab:
    """What a piece of text cut from running text names in the spec."""

    kind: VocabKind
    table: str
    key: str = ""  # the section or column key


@dataclass(frozen=True)
class Item:
    """One item of the stream. ``line`` is the printed line it comes from (for its page,
    its grid and, in a PDF, where its cells sit); ``index`` that line's position."""

    kind: ItemKind
    text: str  # a label item's text; a row item's own label (may be empty)
    line: Line
    index: int
    tokens: tuple[Token, ...] = ()  # a row item's values
    vocab: Vocab | None = None
    plain: bool = False  # cut from running text (no cells, no positions)

    @property
    def positioned(self) -> bool:
        return any(c.x0 is not None for c in self.line.cells)


# --- cells of lines with a structure ----------------------------------------------------


def _token(text: str, cell: TextCell) -> Token:
    """A token that fills the whole of ``cell``: it keeps the cell's place on the page."""
    return Token(text, cell.x0, cell.x1, cell.confidence, cell.top, cell.bottom)


def split_line(line: Line) -> tuple[str, tuple[Token, ...]]:
    """A line of cells → (its label text, the value tokens after the last label cell).

    A cell holding a label followed by numbers (``"规章 0 0 0"``, or digits run into the
    label) is split into the label and its numbers.
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
                    _token(number, cell) if whole else Token(number, confidence=cell.confidence),
                )
            )
    last_label = max((i for i, (kind, _) in enumerate(items) if kind == "label"), default=-1)
    label = " ".join(str(v) for k, v in items if k == "label")
    tokens = tuple(v for k, v in items[last_label + 1 :] if isinstance(v, Token))
    if not line.grid:
        tokens = tuple(t for t in tokens if t.text)
    return label, tokens


def sign_word(text: str) -> str:
    """A change written in words as a signed number (``减3`` → ``-3``), or ""."""
    match = _SIGN_WORD.fullmatch(unicodedata.normalize("NFKC", text.strip()))
    if not match:
        return ""
    return ("+" if match.group(1).startswith("增") else "-") + match.group(2)


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


# --- running text -----------------------------------------------------------------------

# A number: digits with thousands commas or none, decimals, a unit; a sign where one is
# printed right before it ("2648-18538" is 2648 and -18538: cells run together).
_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?(?:万元|元)?")
# A change written in words: 增3, 减3, 增加 3, 减少3.
_SIGN_WORD = re.compile(r"(增加|减少|增|减)\s*(\d+(?:\.\d+)?)")
# An enumerator right after digits ("00000002.其他…"): its number ran into the values.
_ENUMERATOR_AFTER = re.compile(r"[.、]\s?[\u4e00-\u9fff(]")
# Where a label of running text starts a new enumerated part: 一、 (三) 2. 3、
_ENUMERATOR_START = re.compile(
    r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)"
)
_SECTION = re.compile(r"第?二十条第?\([一二三四五六七八九十]+\)项?")
# A note printed after a number: 22（其中修订 16 件）.
_NOTE = re.compile(r"\s*\([^()]*\d[^()]*\)")
# A measure word after a number: a sentence's figure (13 件, 2 项), never a table's cell.
_COUNTED = re.compile(r"\s?(件|条|项|个|次|人|家|场|篇|期|余|多|起|宗|份|万|亿|%|％|年|月|日|号)")
_SIGNED_NUMBER = re.compile(r"[+\-−]?\d+")
_BLANK_WORDS = frozenset({"-", "—", "–", "——", "--", "/", "无", "\\"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _normalised(text: str) -> tuple[str, list[int]]:
    """NFKC and simplified characters, character by character, with each normalised
    character's index in ``text`` (so cut pieces keep their printed form)."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        form = to_simplified(unicodedata.normalize("NFKC", char))
        out.append(form)
        where.extend([index] * len(form))
    return "".join(out), where


@dataclass(frozen=True)
class _Piece:
    start: int  # in the normalised text
    end: int
    value: str | None = None  # the value token's text, for a value
    vocab: Vocab | None = None


@cache
def _vocabulary(spec: Spec) -> tuple[tuple[str, Vocab], ...]:
    """The spec's words that cut running text, longest first: headings, column labels and
    header words of four characters or more (shorter ones, 其他 or 总计, are also parts of
    row labels)."""
    words: dict[str, Vocab] = {}
    for table in spec.tables:
        for heading in table.headings:
            words.setdefault(squash(heading), Vocab(VocabKind.HEADING, table.id))
        for column in table.columns:
            for label in column.labels:
                words.setdefault(squash(label), Vocab(VocabKind.COLUMN, table.id, column.key))
            if column.block:
                words.setdefault(squash(column.block), Vocab(VocabKind.COLUMN, table.id))
        for label in table.header_labels:
            words.setdefault(squash(label), Vocab(VocabKind.COLUMN, table.id))
    # Table 四's one row has no label of its own: its "label" is its header.
    row_texts = [
        squash(lab) for t in spec.tables if len(t.rows) > 1 for r in t.rows for lab in r.labels
    ]
    kept = [
        (word, vocab)
        for word, vocab in words.items()
        if len(word) >= 4 and not any(word in row for row in row_texts)
    ]
    return tuple(sorted(kept, key=lambda item: -len(item[0])))


def _vocabulary_spans(text: str, spec: Spec) -> list[tuple[int, int, Vocab]]:
    """Where the spec's words occur in ``text`` (normalised), ignoring whitespace inside
    them ("本年度办 理结果"), without overlaps."""
    visible = [i for i, c in enumerate(text) if not c.isspace()]
    compact = "".join(text[i] for i in visible)
    taken = [False] * len(compact)
    spans: list[tuple[int, int, Vocab]] = []
    captioned = spec.table_opened_by("caption").id
    for match in _SECTION.finditer(compact):
        caption = Vocab(VocabKind.SECTION, captioned, match.group())
        spans.append((match.start(), match.end(), caption))
        for i in range(match.start(), match.end()):
            taken[i] = True
    for word, vocab in _vocabulary(spec):
        start = compact.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                spans.append((start, end, vocab))
                for i in range(start, end):
                    taken[i] = True
            start = compact.find(word, end)
    return sorted((visible[a], visible[b - 1] + 1, v) for a, b, v in spans)


def _number_pieces(text: str, start: int, end: int) -> list[_Piece]:
    """The values in ``text[start:end]`` (no vocabulary inside), with label text between."""
    pieces: list[_Piece] = []
    position = start
    for match in _values_in(text, start, end):
        a, b, value = match
        if a > position:
            pieces.append(_Piece(position, a))
        pieces.append(_Piece(a, b, value=value))
        position = b
    if position < end:
        pieces.append(_Piece(position, end))
    return pieces


def _values_in(text: str, start: int, end: int) -> Iterable[tuple[int, int, str]]:
    """(start, end, token text) of each value: numbers, changes in words, blank marks."""
    found: list[tuple[int, int, str]] = []
    segment = text[start:end]
    for match in _SIGN_WORD.finditer(segment):
        sign = "+" if match.group(1).startswith("增") else "-"
        found.append((start + match.start(), start + match.end(), sign + match.group(2)))
    for match in _NUMBER.finditer(segment):
        number = _number_at(text, start + match.start(), start + match.end(), end)
        if number is not None and not any(number[0] < y and x < number[1] for x, y, _ in found):
            found.append(number)
    found.sort()
    out: list[tuple[int, int, str]] = []
    position = start
    for a, b, value in found:
        out.extend(_blank_marks(text, position, a))
        out.append((a, b, value))
        position = b
    out.extend(_blank_marks(text, position, end))
    return out


def _number_at(text: str, a: int, b: int, end: int) -> tuple[int, int, str] | None:
    """The value printed at ``text[a:b]`` (a match of _NUMBER), with the note after it;
    None when it is an enumerator ("1.属于国家秘密")."""
    number = text[a:b].replace("−", "-")
    if _ENUMERATOR_AFTER.match(text, b) and "." not in number:
        # "00000002.其他…": the last digit numbers the next label
        if len(number.lstrip("+-")) == 1:
            return None
        number, b = number[:-1], b - 1
    elif number[0] in "+-" and a > 0 and (_CJK.match(text, a - 1) or text[a - 1] == "/"):
        number, a = number[1:], a + 1  # a dash inside a label, not a sign
    note = _NOTE.match(text, b)
    if note and note.end() <= end:
        number, b = number + note.group().strip(), note.end()
    elif _COUNTED.match(text, b):
        return None  # "行政规范性文件 13 件": a figure of a sentence, not a cell
    return a, b, number


def _blank_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Dashes and 无 standing alone between spaces: cells printed blank."""
    out = []
    for match in re.finditer(r"\S+", text[start:end]):
        if match.group() in _BLANK_WORDS:
            out.append((start + match.start(), start + match.end(), match.group()))
    return out


def _enumerated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A label's text cut where a new enumerated part starts."""
    cuts = [start]
    for match in _ENUMERATOR_START.finditer(text, start, end):
        if match.start() > start:
            cuts.append(match.start())
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def text_pieces(text: str, spec: Spec) -> list[tuple[str, str | None, Vocab | None]]:
    """A line of running text → (printed text, value or None, vocabulary) pieces in order.

    >>> from pipeline.spec import load_spec
    >>> pieces = text_pieces("（三）不予公开1.属于国家秘密00000002.其他", load_spec())
    >>> [(text, value) for text, value, _ in pieces]
    [('（三）不予公开', None), ('1.属于国家秘密', None), ('0000000', '0000000'), ('2.其他', None)]
    """
    normal, where = _normalised(text)
    pieces: list[_Piece] = []
    position = 0
    for a, b, vocab in _vocabulary_spans(normal, spec):
        pieces.extend(_number_pieces(normal, position, a))
        pieces.append(_Piece(a, b, vocab=vocab))
        position = b
    pieces.extend(_number_pieces(normal, position, len(normal)))
    out: list[tuple[str, str | None, Vocab | None]] = []
    for piece in pieces:
        if piece.value is not None or piece.vocab is not None:
            printed = _printed(text, where, piece.start, piece.end)
            # a value keeps its printed form (a note's brackets, full-width digits), but a
            # change in words becomes its signed number
            value = piece.value
            if value is not None and not _SIGN_WORD.match(normal, piece.start):
                value = printed
            out.append((printed, value, piece.vocab))
            continue
        for a, b in _enumerated(normal, piece.start, piece.end):
            printed = _printed(text, where, a, b)
            if _WORDY.search(printed):  # punctuation alone separates cells
                out.append((printed, None, None))
    return out


def _printed(text: str, where: Sequence[int], start: int, end: int) -> str:
    if start >= end:
        return ""
    return text[where[start] : where[end - 1] + 1].strip()


# --- items ------------------------------------------------------------------------------


def _is_running_text(line: Line) -> bool:
    return not line.grid and len(line.cells) == 1 and line.cells[0].x0 is None


def _single_value(line: Line, spec: Spec) -> bool:
    if not _is_running_text(line):
        return False
    pieces = text_pieces(line.cells[0].text, spec)
    return len(pieces) == 1 and pieces[0][1] is not None


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
    confidence = line.cells[0].confidence
    if len(pieces) == 1 and pieces[0][1] is not None and items:
        last = items[-1]
        if last.kind is ItemKind.ROW and last.plain and _joins(last, pieces[0][1]):
            items[-1] = Item(
                ItemKind.ROW,
                last.text,
                last.line,
                last.index,
                (*last.tokens, Token(pieces[0][1], confidence=confidence)),
                plain=True,
            )
            return
    label = ""
    tokens: list[Token] = []

    def close() -> None:
        nonlocal label, tokens
        if tokens:
            items.append(Item(ItemKind.ROW, label, line, index, tuple(tokens), plain=True))
        elif label:
            items.append(Item(ItemKind.LABEL, label, line, index, plain=True))
        label, tokens = "", []

    for text, value, vocab in pieces:
        if value is not None:
            tokens.append(Token(value, confidence=confidence))
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
