"""Word (.docx) with python-docx: paragraphs and tables in body order.

Merged cells are read from the XML so each printed cell appears once: a horizontal merge
(gridSpan) is one cell, a vertical merge continuation (vMerge) is an empty cell. A cell
that holds tables (a layout table) is read as the paragraphs and tables it contains.
A picture in a paragraph (a table pasted in as an image) is given to ``pictures`` (OCR)
and its lines take the picture's place.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from pipeline.readers.pictures import Pictures
from pipeline.records import Document, Line, Method, PictureReader, ReadError, Status, TextCell

# A .docx is a zip; refuse ones that would inflate past this (zip bombs).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# The attributes that point at a picture: DrawingML's blip, and VML's imagedata (old .doc).
_PICTURE_LINKS = (
    (qn("a:blip"), qn("r:embed")),
    ("{urn:schemas-microsoft-com:vml}imagedata", qn("r:id")),
)


def _text(element: Any) -> str:
    """All text of the paragraphs directly inside ``element``, one line per paragraph."""
    parts = []
    for paragraph in element.iterchildren(qn("w:p")):
        parts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(p for p in parts if p.strip())


# What the body readers need besides the XML: the pictures of a paragraph, as lines.
ParagraphPictures = Callable[[Any], Iterator[Line]]


def _no_pictures(paragraph: Any) -> Iterator[Line]:
    return iter(())


def _table_lines(table: Any, pictures: ParagraphPictures = _no_pictures) -> Iterator[Line]:
    for tr in table.iterchildren(qn("w:tr")):
        tcs = list(tr.iterchildren(qn("w:tc")))
        if any(tc.find(qn("w:tbl")) is not None for tc in tcs):
            # A layout row: its cells hold paragraphs and tables, read in order.
            for tc in tcs:
                yield from _body_lines(tc, pictures)
            continue
        cells = tuple(TextCell(_text(tc).strip()) for tc in tcs)
        if any(c.text for c in cells):
            yield Line(cells, grid=True)


def _body_lines(body: Any, pictures: ParagraphPictures = _no_pictures) -> Iterator[Line]:
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                yield Line((TextCell(text),))
            yield from pictures(child)
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child, pictures)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_lines(content, pictures)


def check_zip(path: Path, what: str = ".docx") -> None:
    """Refuse a zip bomb before anything inflates it (python-docx here, LibreOffice for
    an .odt): every member's deflated data is inflated once, counting what actually comes
    out (never the sizes the archive declares, which a bomb forges), and stopped as soon
    as that passes MAX_UNCOMPRESSED_BYTES."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            with path.open("rb") as raw:
                size = raw.seek(0, 2)
                inflated = 0
                for info in members:
                    inflated += _inflated(raw, info, size, MAX_UNCOMPRESSED_BYTES - inflated)
                    if inflated > MAX_UNCOMPRESSED_BYTES:
                        raise ReadError(
                            Status.FAILED,
                            f"the {what} inflates to over {MAX_UNCOMPRESSED_BYTES // 2**20} MiB: "
                            "refused as a likely zip bomb",
                        )
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as error:
        raise ReadError(Status.FAILED, f"not a readable {what} (bad zip: {error})") from error


def _inflated(raw: BinaryIO, info: zipfile.ZipInfo, size: int, room: int) -> int:
    """How many bytes one member inflates to, at most ``room`` + 1: its data read from
    its local header on, to the end of the file if need be (its declared sizes are not
    trusted)."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("a member's header is missing")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        return min(info.file_size, size)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size
    inflater = zlib.decompressobj(-15)
    out = 0
    while not inflater.eof and out <= room:
        block = raw.read(1 << 16)
        if not block:
            break
        try:
            out += len(inflater.decompress(block, room + 1 - out))
            while inflater.unconsumed_tail and out <= room:
                out += len(inflater.decompress(inflater.unconsumed_tail, room + 1 - out))
        except zlib.error as error:
            raise zipfile.BadZipFile(f"damaged data: {error}") from error
    return out


def read_docx(path: Path, read_picture: PictureReader | None = None) -> Document:
    """Read a .docx; its pictures are read by ``read_picture`` where there is one."""
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ReadError(Status.FAILED, f"not a readable .docx: {error}") from error
    parts = document.part.related_parts
    account = Pictures(read_picture, "in the document")

    def pictures(paragraph: Any) -> Iterator[Line]:
        for tag, link in _PICTURE_LINKS:
            for element in paragraph.iter(tag):
                blob = getattr(parts.get(element.get(link, "")), "blob", None)
                if isinstance(blob, bytes):
                    yield from account.lines(blob)

    lines = tuple(_body_lines(document.element.body, pictures))
    return Document(
        format="docx", lines=lines, method=account.method(Method.DOCX), notes=account.notes()
    )
