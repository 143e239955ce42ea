"""PDFium (pypdfium2, in C: fast), the one module of the PDF reader that calls it.

It opens a PDF, installs the font mapper that gives a Chinese font a PDF names but does not
embed a stand-in, and hands out what the rest of the reader works on as plain Python values:
a page's text and size, its characters with their boxes (fake bold's second copies
dropped), the bounds of its paths and images, and pages drawn as grey pixels for OCR.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.readers.pdf.chars import Char
from pipeline.records import ReadError, Status
from pipeline.text import IDEOGRAPHS, unify_ideographs

# (left, bottom, right, top) of a page object, in PDF points (y upwards).
Bounds = tuple[float, float, float, float]

# --- fonts a PDF names but does not embed --------------------------------------------------

# Font charsets PDFium asks for a Chinese, Japanese or Korean font.
_CJK_CHARSETS = frozenset({128, 129, 134, 136})
_FALLBACK = 0x0F0F  # our font's handle for PDFium (any value the system's handles are not)
_FALLBACK_NAME = b"OgiFallback"


class _Fonts:
    """PDFium's font mapper, in front of the machine's. A Chinese font that a PDF names
    but does not embed (宋体, STSong-Light) is given ``pipeline/data/fallback.ttf``, whose
    every glyph is a box with the em as its advance:

    - always when reading the text layer: characters are then placed by the file's own
      widths and the font's size, never by the glyph boxes of whatever font this machine
      substitutes, so the same PDF gives the same cells on every machine (and loading a
      20 MB system font for every document cost three quarters of the reading time);
    - when rendering a page (``rendering()``), only where the machine has no Chinese
      font. PDFium drops a text object whose glyphs have no outline, so the page would
      lose those characters. ``used`` counts these stand-ins: a page drawn with one does
      not look like the page, so it gets no second reading.

    The choice is made when a document loads its fonts, so it holds per document."""

    def __init__(self) -> None:
        self.data = resources.files("pipeline.data").joinpath("fallback.ttf").read_bytes()
        self.base = pdfium_c.FPDF_GetDefaultSystemFontInfo()
        self.used = 0
        self.stand_in = True
        info = pdfium_c.FPDF_SYSFONTINFO()
        info.version = 1
        kinds = dict(info._fields_)
        self.callbacks = {
            name: kinds[name](function)
            for name, function in (
                ("Release", self._release),
                ("EnumFonts", self._enum),
                ("MapFont", self._map),
                ("GetFont", self._get),
                ("GetFontData", self._data),
                ("GetFaceName", self._face),
                ("GetFontCharset", self._charset),
                ("DeleteFont", self._delete),
            )
        }
        for name, callback in self.callbacks.items():
            setattr(info, name, callback)
        self.info = info
        pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))

    def _release(self, this: Any) -> None:
        pass

    def _enum(self, this: Any, mapper: Any) -> None:
        self.base.contents.EnumFonts(self.base, mapper)
        for charset in _CJK_CHARSETS:
            pdfium_c.FPDF_AddInstalledFont(mapper, _FALLBACK_NAME, charset)

    def _map(self, this: Any, weight: int, italic: int, charset: int, pitch: int,
             face: bytes, exact: Any) -> int:  # fmt: skip
        if charset in _CJK_CHARSETS and self.stand_in:
            return _FALLBACK
        found = self.base.contents.MapFont(self.base, weight, italic, charset, pitch, face, exact)
        if charset in _CJK_CHARSETS and (
            not found or self.base.contents.GetFontCharset(self.base, found) not in _CJK_CHARSETS
        ):
            if found:
                self.base.contents.DeleteFont(self.base, found)
            self.used += 1
            return _FALLBACK
        return found or 0

    def _get(self, this: Any, face: bytes) -> int:
        if face == _FALLBACK_NAME:
            self.used += 0 if self.stand_in else 1
            return _FALLBACK
        return self.base.contents.GetFont(self.base, face) or 0

    def _data(self, this: Any, font: int, table: int, buffer: Any, size: int) -> int:
        if font != _FALLBACK:
            return int(self.base.contents.GetFontData(self.base, font, table, buffer, size))
        if table != 0:
            return 0
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.data, len(self.data))
        return len(self.data)

    def _face(self, this: Any, font: int, buffer: Any, size: int) -> int:
        if font != _FALLBACK:
            return int(self.base.contents.GetFaceName(self.base, font, buffer, size))
        name = _FALLBACK_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def _charset(self, this: Any, font: int) -> int:
        if font == _FALLBACK:
            return 134
        return int(self.base.contents.GetFontCharset(self.base, font))

    def _delete(self, this: Any, font: int) -> None:
        if font != _FALLBACK:
            self.base.contents.DeleteFont(self.base, font)

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """Documents opened inside are drawn with the machine's own fonts."""
        self.stand_in = False
        try:
            yield
        finally:
            self.stand_in = True


@functools.cache
def fonts() -> _Fonts:
    """The font mapper, installed once per process (before the first PDF is opened)."""
    return _Fonts()


def open_pdf(path: str) -> pdfium.PdfDocument:
    fonts()
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        text = str(error)
        if "password" in text.lower():
            raise ReadError(
                Status.FAILED, "the PDF is encrypted and needs a password to open"
            ) from error
        raise ReadError(
            Status.FAILED, f"not a readable PDF (damaged or truncated): {text}"
        ) from error


# A character drawn again within this share of its size of where it was drawn is the
# same character printed twice (fake bold: the text drawn twice with a small offset).
FAKE_BOLD_OFFSET = 0.15
# How deep paths are looked for inside form XObjects.
FORM_DEPTH = 3


# How many characters of a page tell whether its text layer lists them in reading order,
# and how near (points) two origins lie to be on one baseline.
ORDER_SAMPLE = 400
SAME_BASELINE = 1.0

# More than every Unicode code point: band * _CODES + code is one number per (band, code).
_CODES = 0x110000


def _drawn_near(
    seen: dict[int, list[tuple[float, float]]], key: int, x0: float, baseline: float, step: float
) -> bool:
    """Whether the character of ``key`` (band * _CODES + code) was drawn within ``step`` of
    (x0, baseline) before, in its band of baselines or the next one up or down."""
    for near in (key - _CODES, key, key + _CODES):
        places = seen.get(near)
        if places:
            for other_x, other_y in places:
                if abs(x0 - other_x) <= step and abs(baseline - other_y) <= step:
                    return True
    return False


class Page:
    """One page of a PDF open for its text layer, with its text page: what the reader asks
    of it comes out as plain Python values and records."""

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> None:
        self.page = page
        self.textpage = textpage

    def text(self) -> str:
        """The page's text, its lines parted by "\\n"."""
        text: str = self.textpage.get_text_bounded()
        return unify_ideographs(text.replace("\r\n", "\n").replace("\r", "\n"))

    def backward_share(self, sample: int = ORDER_SAMPLE) -> float:
        """Of the first ``sample`` characters of the text layer, the share of neighbours on
        one baseline where the next is drawn left of the one before: about 0 where the
        layer holds the text in reading order, high where a producer wrote each run's
        characters back to front (placed right, but listed in another order)."""
        handle = self.textpage.raw
        origin = pdfium_c.FPDFText_GetCharOrigin
        unicode_of = pdfium_c.FPDFText_GetUnicode
        x = ctypes.c_double()
        y = ctypes.c_double()
        forward = backward = 0
        last: tuple[float, float] | None = None
        for index in range(min(sample, pdfium_c.FPDFText_CountChars(handle))):
            code = unicode_of(handle, index)
            if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
                continue
            origin(handle, index, x, y)
            if last is not None and abs(y.value - last[1]) <= SAME_BASELINE:
                if x.value > last[0]:
                    forward += 1
                elif x.value < last[0]:
                    backward += 1
            last = (x.value, y.value)
        return backward / (forward + backward) if forward + backward else 0.0

    def height(self) -> float:
        height: float = self.page.get_height()
        return height

    def size(self) -> tuple[float, float]:
        """(width, height) in points."""
        width, height = self.page.get_size()
        return width, height

    def chars(self, height: float) -> list[Char]:
        """The page's characters, placed by the PDF's own metrics: the loose box of each (its
        origin and advance from the font's widths in the file, its height from the font's
        size, ascent and descent), never the glyph box of whatever font the machine
        substitutes for one the file does not embed; fake bold's second copies dropped.
        (The hottest loop of PDF reading: PDFium's functions are called directly.)"""
        chars: list[Char] = []
        handle = self.textpage.raw
        unicode_of = pdfium_c.FPDFText_GetUnicode
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        origin = pdfium_c.FPDFText_GetCharOrigin
        rect = pdfium_c.FS_RECTF()
        x = ctypes.c_double()
        y = ctypes.c_double()
        # where each character was drawn, by character and band of baselines: a character
        # drawn again within FAKE_BOLD_OFFSET of its size of a place is dropped
        seen: dict[int, list[tuple[float, float]]] = {}
        for index in range(pdfium_c.FPDFText_CountChars(handle)):
            code = unicode_of(handle, index)
            if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
                continue
            if not loose_box(handle, index, rect):
                continue
            origin(handle, index, x, y)
            top, bottom, x0 = rect.top, rect.bottom, rect.left
            size = (top - bottom) or pdfium_c.FPDFText_GetFontSize(handle, index) or 10.0
            baseline = height - y.value
            step = max(FAKE_BOLD_OFFSET * size, 0.5)
            # one key per character and band (codes are below _CODES)
            key = int(baseline // step) * _CODES + code
            if _drawn_near(seen, key, x0, baseline, step):
                continue
            seen.setdefault(key, []).append((x0, baseline))
            text = IDEOGRAPHS.get(code) or chr(code)
            chars.append(
                Char(x0, rect.right, height - top, height - bottom, text, baseline, size, index)
            )
        return chars

    def path_bounds(self) -> Iterator[Bounds]:
        """(left, bottom, right, top) of every path object of the page, in form XObjects
        too, through PDFium's own calls (no Python object for each of a page's many
        objects)."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        boxes = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
        stack = [(self.page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0)]
        while stack:
            parent, count, get, depth = stack.pop()
            for index in range(count(parent)):
                obj = get(parent, index)
                kind = pdfium_c.FPDFPageObj_GetType(obj)
                if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                    if pdfium_c.FPDFPageObj_GetBounds(obj, *boxes):
                        yield left.value, bottom.value, right.value, top.value
                elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth + 1 < FORM_DEPTH:
                    form = (obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
                    stack.append((*form, depth + 1))

    def has_images(self) -> bool:
        return any(
            True for _ in self.page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
        )

    def image_bounds(self) -> Iterator[Bounds]:
        """(left, bottom, right, top) of every image of the page (in form XObjects too)."""
        for obj in self.page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            yield left, bottom, right, top


class Pdf:
    """A PDF open for its text layer (a Chinese font it does not embed gets the stand-in)."""

    def __init__(self, path: str) -> None:
        self.document = open_pdf(path)

    def __len__(self) -> int:
        return len(self.document)

    @contextlib.contextmanager
    def page(self, index: int) -> Iterator[Page]:
        """Page ``index`` with its text page, both closed on leaving."""
        page = self.document[index]
        textpage = page.get_textpage()
        try:
            yield Page(page, textpage)
        finally:
            textpage.close()
            page.close()

    def close(self) -> None:
        self.document.close()


# Pages are rendered for OCR at this resolution.
RENDER_DPI = 200.0


def _render(document: pdfium.PdfDocument, index: int, dpi: float) -> Any:
    """Page ``index`` as 8-bit grey pixels (a numpy array). Call it inside
    ``fonts().rendering()`` on a document opened there: pages are drawn with the
    machine's fonts, not the stand-in."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
    finally:
        page.close()
    try:
        pixels = bitmap.to_numpy()
        return pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, 0].copy()
    finally:
        bitmap.close()


@contextlib.contextmanager
def drawn(path: str) -> Iterator[Callable[[int], Any]]:
    """Inside: page index → the page as 8-bit grey pixels at RENDER_DPI, of the PDF opened
    here to draw its pages with the machine's fonts (the stand-in where it has none:
    ``fonts().used`` counts those)."""
    with fonts().rendering():
        document = open_pdf(path)
        try:
            yield lambda index: _render(document, index, RENDER_DPI)
        finally:
            document.close()


class Drawing:
    """The same PDF opened a second time, on first use, to draw pages with the machine's
    fonts (the text-layer copy loads the stand-in font)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.document: pdfium.PdfDocument | None = None

    def render(self, index: int) -> Any:
        with fonts().rendering():
            if self.document is None:
                self.document = open_pdf(self.path)
            return _render(self.document, index, RENDER_DPI)

    def close(self) -> None:
        if self.document is not None:
            self.document.close()
