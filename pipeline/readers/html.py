"""Web pages saved as .html/.htm or .mht/.mhtml: paragraphs and table rows in page order.

Each ``<tr>`` becomes a grid line of its cells as printed (spans are not expanded: values
are aligned from the right later, as for text copied from a page). A table nested in a
cell, as layout tables do, is read as rows of its own. The encoding comes from a BOM, the
meta charset, or a trial of UTF-8 then GB18030.
"""

from __future__ import annotations

import email
import re
from email import policy
from html.parser import HTMLParser
from pathlib import Path

from pipeline.readers.plain import decode
from pipeline.records import Document, Line, ReadError, Status, TextCell

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
    "header", "footer", "title", "blockquote", "pre", "center", "ul", "ol", "hr",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head"}
_SPACE = re.compile(r"\s+")


def decode_html(data: bytes) -> str:
    """Bytes of a page → text, honouring a BOM or the declared charset."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
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

    def _flush_text(self) -> None:
        for part in "".join(self.text).split("\n"):
            text = _SPACE.sub(" ", part).strip()
            if text:
                self.lines.append(Line((TextCell(text),)))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
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
        # Line breaks in the page source are not line breaks on the page.
        self._target().append(data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        self._flush_text()


def html_lines(text: str) -> tuple[Line, ...]:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return tuple(collector.lines)


def _mht_html(data: bytes) -> bytes:
    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                if charset and b"charset" not in payload[:4096].lower():
                    payload = f'<meta charset="{charset}">'.encode("ascii") + payload
                return payload
    raise ReadError(Status.FAILED, "the .mht archive holds no HTML page")


def page_text(path: Path) -> str:
    """The HTML of a web page saved as .html/.htm, or of the page inside a .mht archive."""
    data = path.read_bytes()
    if path.suffix.lower() in {".mht", ".mhtml"} or data[:200].lstrip().lower().startswith(
        (b"mime-version", b"from:", b"content-type: multipart")
    ):
        data = _mht_html(data)
    return decode_html(data)


def read_html(path: Path) -> Document:
    return Document(format="html", lines=html_lines(page_text(path)), method="html")
