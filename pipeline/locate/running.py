"""A line of running text (a crawled page's body is often one line) cut by what it says:
at numbers, at enumerators (``（三）``, ``2.``), and around the spec's own vocabulary
(headings, table 二 captions, column labels), so that
``…第二十条第（一）项信息内容本年新制作数量…规章000`` gives the caption, the header words,
the label 规章 and the run ``000``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pipeline.spec import Spec
from pipeline.text import squash, to_simplified


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


def sign_word(text: str) -> str:
    """A change written in words as a signed number (``减3`` → ``-3``), or ""."""
    match = _SIGN_WORD.fullmatch(unicodedata.normalize("NFKC", text.strip()))
    if not match:
        return ""
    return ("+" if match.group(1).startswith("增") else "-") + match.group(2)
