"""Plain text: reports copied from a web page (tab-separated rows) or saved by crawlers."""

from __future__ import annotations

from pathlib import Path

from pipeline.records import Document, Line, ReadError, Status, TextCell

ENCODINGS = ("utf-8-sig", "gb18030", "big5")


# Byte-order marks, longest first: a file that starts with one says its encoding.
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, or None."""
    return next((name for mark, name in BOMS if data.startswith(mark)), None)


def decode(data: bytes) -> str:
    """Bytes → text: by a byte-order mark where there is one (UTF-8, UTF-16, UTF-32),
    else trying UTF-8 first, then the Chinese legacy encodings."""
    named = bom_encoding(data)
    if named is not None:
        try:
            return data[len(next(m for m, n in BOMS if n == named)) :].decode(named)
        except UnicodeDecodeError as error:
            raise ReadError(
                Status.FAILED, f"the text says it is {named} but is not: {error.reason}"
            ) from error
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(Status.FAILED, "the text is in no known encoding (tried UTF-8, GB18030, Big5)")


def text_lines(text: str) -> tuple[Line, ...]:
    """One :class:`Line` per non-empty line; tab-separated lines and lines of cells between
    pipes (``规章 | 0 | 0 | 0 |``, with or without the outer pipes) become grid rows."""
    raws = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    piped = [raw.strip() for raw in raws if raw.strip() and "\t" not in raw and _piped(raw)]
    # the text's rows open with a pipe, or a row that does opens with a blank cell
    outer = 2 * sum(row.startswith("|") for row in piped) > len(piped)
    lines: list[Line] = []
    for raw in raws:
        if not raw.strip():
            continue
        if "\t" in raw:
            cells = tuple(TextCell(part.strip()) for part in raw.split("\t"))
            lines.append(Line(cells, grid=True))
        elif _piped(raw):
            lines.append(Line(tuple(TextCell(part) for part in pipe_cells(raw, outer)), grid=True))
        else:
            lines.append(Line((TextCell(raw.strip()),)))
    return tuple(lines)


def _piped(line: str) -> bool:
    """A row of cells between pipes: two pipes or more, or one closing a row of two cells."""
    parts = [p.strip() for p in line.strip().split("|")]
    return len(parts) >= 3 or (len(parts) == 2 and all(parts))


def pipe_cells(line: str, outer: bool = True) -> list[str]:
    """The cells of a ``|`` row: the outer pipes open and close it (a closing pipe is no
    blank cell). Pipes beyond the closing one may be a converter's or blank cells: they
    stay blank cells, and the columns are found among them (``normalise``). In a text
    whose rows have no opening pipe (``outer`` False), a row that opens with one opens
    with a blank cell."""
    stripped = line.strip().removesuffix("|")
    if outer:
        stripped = stripped.removeprefix("|")
    return [p.strip() for p in stripped.split("|")]


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    return Document(format="txt", lines=text_lines(decode(data)))
