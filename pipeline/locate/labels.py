"""How well a printed text names a row, a column or a table of the spec (rapidfuzz).

Every comparison is made on normalised forms (:func:`pipeline.text.label_key`): full and
half width, simplified characters, no whitespace, no leading enumerator. A printed
enumerator of another level than the row's costs points, so "（六）其他" is not "3.其他".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from pipeline.spec import RowSpec, Spec, TableSpec
from pipeline.text import label_key, ordinal_kind, ordinal_segments, squash, without_notes

MIN_ROW_SCORE = 70.0
# Outside any table a row is taken only on a near-certain label.
MIN_ROW_SCORE_OUTSIDE = 92.0
# A row printed with every cell blank is taken only on a near-certain label of its own.
MIN_BLANK_ROW_SCORE = 90.0
MIN_HEADING_SCORE = 85.0
# A heading shorter than this matches only exactly.
SHORT_HEADING = 9
MIN_COLUMN_SCORE = 85.0
# A header read by OCR may have one character of four misread ("共他结果" for 其他结果).
MIN_COLUMN_SCORE_OCR = 75.0
# A label cut short by a page break or a narrow cell ("1.信访举报") that begins a spec label.
PREFIX_SCORE = 88.0
# Points off a label whose printed enumerator is of another level than the row's
# ("（六）其他" is a group label, not the row "3.其他"), or of the same level but another number.
ORDINAL_KIND_PENALTY = 20.0
ORDINAL_NUMBER_PENALTY = 10.0


@dataclass(frozen=True)
class _Label:
    row: RowSpec
    key: str
    bare: str
    ordinal: tuple[str, int | None]


@cache
def _row_labels(table: TableSpec) -> tuple[_Label, ...]:
    out = []
    for row in table.rows:
        for text in row.labels:
            key = label_key(text)
            out.append(_Label(row, key, without_notes(key), ordinal_kind(row.ordinal)))
    return tuple(out)


@cache
def _row_order(table: TableSpec) -> dict[str, int]:
    return {row.key: i for i, row in enumerate(table.rows)}


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


def score_label(text: str, table: TableSpec) -> list[tuple[float, RowSpec]]:
    """Every row of ``table`` scored (0–100) against a printed label, best first."""
    return list(_score_label(text, table))


def row_scores(text: str, table: TableSpec) -> dict[str, float]:
    """Row key → how well ``text`` names it (0–100); empty for a text with no label."""
    return _row_scores(text, table)


@lru_cache(maxsize=65536)
def _row_scores(text: str, table: TableSpec) -> dict[str, float]:
    return {row.key: score for score, row in _score_label(text, table)}


@cache
def _label_rows(table: TableSpec) -> tuple[tuple[RowSpec, int, int], ...]:
    """(row, first, last + 1): the span of each row's labels in :func:`_row_labels`."""
    spans: list[tuple[RowSpec, int, int]] = []
    for index, label in enumerate(_row_labels(table)):
        if spans and spans[-1][0] is label.row:
            spans[-1] = (label.row, spans[-1][1], index + 1)
        else:
            spans.append((label.row, index, index + 1))
    return tuple(spans)


@lru_cache(maxsize=1024)
def _penalties(ordinal: tuple[str, int | None], table: TableSpec) -> tuple[float, ...]:
    """Points off each label of ``table`` for a printed enumerator of kind ``ordinal``."""
    return tuple(_ordinal_penalty(ordinal, label.ordinal) for label in _row_labels(table))


@lru_cache(maxsize=65536)
def _score_label(text: str, table: TableSpec) -> tuple[tuple[float, RowSpec], ...]:
    segments = ordinal_segments(text)
    if not segments:
        return ()
    probes = [segments[-1][1]]
    if len(segments) > 1:
        probes.append("".join(label for _, label in segments))
    candidates = _row_labels(table)
    keys = [c.key for c in candidates]
    # One C call per form: ratio of every probe against every label of the table.
    full = process.cdist(probes, keys, scorer=fuzz.ratio).tolist()
    bare = process.cdist(
        [without_notes(p) for p in probes], [c.bare for c in candidates], scorer=fuzz.ratio
    ).tolist()
    # each label's best over the probes, as the full text, without notes, or as a prefix
    scores = [f if f >= b else b for f, b in zip(full[0], bare[0], strict=True)]
    for f_row, b_row in zip(full[1:], bare[1:], strict=True):
        best_of = [f if f >= b else b for f, b in zip(f_row, b_row, strict=True)]
        scores = [s if s >= f else f for s, f in zip(scores, best_of, strict=True)]
    for probe in probes:
        if len(probe) >= 4:
            scores = [
                PREFIX_SCORE if s < PREFIX_SCORE and key.startswith(probe) else s
                for s, key in zip(scores, keys, strict=True)
            ]
    penalties = _penalties(ordinal_kind(segments[-1][0]), table)
    scores = [s - p for s, p in zip(scores, penalties, strict=True)]
    best = [(max(scores[first:last]), row) for row, first, last in _label_rows(table)]
    order = _row_order(table)
    return tuple(
        sorted(
            ((score, row) for score, row in best if score > -1.0),
            key=lambda item: (-item[0], order[item[1].key]),
        )
    )


def heading_table(text: str, spec: Spec) -> str | None:
    """The table whose heading ``text`` is (a short text, perhaps enumerated), or None."""
    squashed = squash(text)
    body = label_key(squashed)
    if not body or len(body) > 40:
        return None
    for table in spec.tables:
        for heading in table.headings:
            target = label_key(heading)
            if len(target) < SHORT_HEADING:
                # a short alias (主动公开情况) only as it is: 主动公开工作情况 is a section of
                # the narrative
                if body == target:
                    return table.id
                continue
            if fuzz.ratio(body, target) >= MIN_HEADING_SCORE:
                return table.id
            if target in body and len(body) <= len(target) + 12:
                return table.id
    return None


@cache
def _column_labels(table: TableSpec) -> tuple[tuple[str, str, str], ...]:
    """(label key, label key without notes, column key) for every column label."""
    return tuple(
        (label_key(lab), without_notes(label_key(lab)), col.key)
        for col in table.columns
        for lab in col.labels
    )


@lru_cache(maxsize=16384)
def column_of(text: str, table: TableSpec, ocr: bool = False) -> str:
    """The column a header text names, or "". A text read by OCR of four characters or
    more may differ from a label of its length by one character in four (a misread
    keeps the length; a piece of a broken word does not)."""
    text = label_key(text)
    if not text:
        return ""
    best_score, best_key = 0.0, ""
    bare = without_notes(text)
    for label, label_bare, column in _column_labels(table):
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


def columns_in_text(text: str, table: TableSpec) -> tuple[str, ...]:
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


def section_of(text: str, table: TableSpec) -> str | None:
    """The table 二 section a caption names (第二十条第（五）项 → art20_5), or None."""
    squashed = squash(text)
    if "二十条" not in squashed or len(squashed) > 20:
        return None
    scored = [(fuzz.ratio(squashed, squash(s.label)), s.key) for s in table.sections]
    score, key = max(scored)
    return key if score >= 80 else None
