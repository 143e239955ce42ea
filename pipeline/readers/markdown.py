"""Markdown as PDF-to-Markdown converters write it: pipe tables, often broken."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers.plain import decode, text_lines
from pipeline.records import Document, Line, TextCell

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TAG = re.compile(r"<br\s*/?>|</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__)(.*?)\1")


def _clean(cell: str) -> str:
    cell = _TAG.sub(" ", cell).replace("&nbsp;", " ")
    return _EMPHASIS.sub(r"\2", cell).strip()


def markdown_lines(text: str) -> tuple[Line, ...]:
    lines: list[Line] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped or _SEPARATOR.match(stripped):
            continue
        if stripped.startswith("|") or stripped.count("|") >= 2:
            body = stripped.removeprefix("|").removesuffix("|")
            cells = tuple(TextCell(_clean(part)) for part in body.split("|"))
            lines.append(Line(cells, grid=True))
        else:
            heading = stripped.lstrip("#>").strip()
            lines.extend(text_lines(_clean(heading)))
    return tuple(lines)


def read_markdown(path: Path) -> Document:
    return Document(format="md", lines=markdown_lines(decode(path.read_bytes())))
