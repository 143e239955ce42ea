"""Web pages saved as .html/.htm or .mht/.mhtml: paragraphs and table rows in page order.

Each ``<tr>`` becomes a grid line of its cells as printed (spans are not expanded: values
are aligned from the right later, as for text copied from a page). A table nested in a
cell, as layout tables do, is read as rows of its own. The encoding comes from a BOM, the
meta charset, or a trial of UTF-8 then GB18030.

A picture (``<img>``) that came with the page (a file beside it, a part of the .mht
archive, or a ``data:`` URI) is given to ``read_picture`` (OCR) and its lines take its
place: a table pasted into the page as an image. Pictures on the web are not fetched.
"""

from __future__ import annotations

import base64
import binascii
import email
import re
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.readers.pictures import Pictures
from pipeline.readers.plain import bom_encoding, decode, text_lines
from pipeline.records import Document, Line, Method, PictureReader, ReadError, Status, TextCell

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
    "header", "footer", "title", "blockquote", "pre", "center", "ul", "ol", "hr",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head"}
_SPACE = re.compile(r"\s+")


def decode_html(data: bytes) -> str:
    """Bytes of a page → text, honouring a BOM or the declared charset."""
    if bom_encoding(data):
        return decode(data)
    match = _CHARSET.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii").lower()
        name = "gb18030" if name in {"gb2312", "gbk", "x-gbk", "gb_2312-80"} else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.skip = 0
        # One entry per open table: the cells of its current row, and the open cell's text.
        self.tables: list[tuple[list[TextCell], list[str] | None]] = []
        # Each picture's place among the lines, and its address.
        self.pictures: list[tuple[int, str]] = []
        # The text of an open <pre>: its line breaks and tabs are the page's own.
        self.pre: list[str] | None = None

    def _flush_text(self) -> None:
        for part in "".join(self.text).split("\n"):
            text = _SPACE.sub(" ", part).strip()
            if text:
                self.lines.append(Line((TextCell(text),)))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "pre" and not self.tables and self.pre is None:
            self._flush_text()
            self.pre = []
        elif tag == "table":
            if self.tables and self.tables[-1][1] is not None:
                # A table inside a cell: what the cell held so far is text of its own.
                cells, held = self.tables[-1]
                self.text = held or []
                self._flush_text()
                self.tables[-1] = (cells, [])
            else:
                self._flush_text()
            self.tables.append(([], None))
        elif tag == "tr" and self.tables:
            self.tables[-1] = ([], None)
        elif tag in ("td", "th") and self.tables:
            self.tables[-1] = (self.tables[-1][0], [])
        elif tag == "img" and not self.skip:
            source = dict(attrs).get("src") or ""
            if source:
                if not self.tables:
                    self._flush_text()
                self.pictures.append((len(self.lines), source))
        elif tag in _BLOCKS:
            self._target().append("\n")

    def _target(self) -> list[str]:
        if self.tables and self.tables[-1][1] is not None:
            held = self.tables[-1][1]
            assert held is not None
            return held
        return self.text

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "pre" and self.pre is not None:
            # Preformatted text is read as a text file is: tab or pipe rows, one per line.
            self.lines.extend(text_lines("".join(self.pre)))
            self.pre = None
        elif tag in ("td", "th") and self.tables:
            cells, held = self.tables[-1]
            if held is not None:
                cells.append(TextCell(_SPACE.sub(" ", "".join(held)).strip()))
            self.tables[-1] = (cells, None)
        elif tag == "tr" and self.tables:
            cells, _ = self.tables[-1]
            if any(c.text for c in cells):
                self.lines.append(Line(tuple(cells), grid=True))
            self.tables[-1] = ([], None)
        elif tag == "table" and self.tables:
            self.tables.pop()
        elif tag in _BLOCKS and not self.tables:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        # Line breaks in the page source are not line breaks on the page.
        self._target().append(data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        self._flush_text()


def html_lines(text: str) -> tuple[Line, ...]:
    return tuple(_collect(text).lines)


def _collect(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


def _is_mht(path: Path, data: bytes) -> bool:
    return path.suffix.lower() in {".mht", ".mhtml"} or data[:200].lstrip().lower().startswith(
        (b"mime-version", b"from:", b"content-type: multipart")
    )


def _mht_parts(data: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The HTML page of a .mht archive, and its other parts by their address."""
    message = email.message_from_bytes(data, policy=policy.default)
    page: bytes | None = None
    parts: dict[str, bytes] = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if part.get_content_type() == "text/html" and page is None:
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:4096].lower():
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            page = payload
        else:
            for header in ("Content-Location", "Content-ID"):
                if part.get(header):
                    parts[str(part.get(header)).strip("<>")] = payload
    if page is None:
        raise ReadError(Status.FAILED, "the .mht archive holds no HTML page")
    return page, parts


def page_text(path: Path) -> str:
    """The HTML of a web page saved as .html/.htm, or of the page inside a .mht archive."""
    data = path.read_bytes()
    return decode_html(_mht_parts(data)[0] if _is_mht(path, data) else data)


def _picture(source: str, beside: Path, archived: dict[str, bytes]) -> bytes | None:
    """The bytes of a picture that came with the page; None for one on the web."""
    if source.startswith("data:"):
        header, _, body = source.partition(",")
        try:
            return base64.b64decode(body) if header.endswith(";base64") else None
        except (binascii.Error, ValueError):
            return None
    if source in archived:
        return archived[source]
    if source.removeprefix("cid:") in archived:
        return archived[source.removeprefix("cid:")]
    address = urlsplit(source)
    if address.scheme or address.netloc:
        return None
    # Only a picture inside the page's own folder: never /etc/…, ../…, or a link out.
    folder = beside.resolve()
    local = (folder / unquote(address.path).lstrip("/\\")).resolve()
    if not local.is_relative_to(folder):
        return None
    try:
        return local.read_bytes() if local.is_file() else None
    except OSError:
        return None


def read_html(path: Path, read_picture: PictureReader | None = None) -> Document:
    """Read a web page; the pictures that came with it are read by ``read_picture``."""
    data = path.read_bytes()
    archived: dict[str, bytes] = {}
    if _is_mht(path, data):
        data, archived = _mht_parts(data)
    collector = _collect(decode_html(data))
    lines = list(collector.lines)
    pictures = Pictures(read_picture, "on the page")
    for place, source in reversed(collector.pictures):
        picture = _picture(source, path.parent, archived)
        lines[place:place] = pictures.lines(picture, "not saved with the page")
    return Document(
        format="html",
        lines=tuple(lines),
        method=pictures.method(Method.HTML),
        notes=pictures.notes(),
    )
