"""Pictures: a picture inside a document, and picture files of a report.

A picture too small to hold a table (a logo, a seal) is not read. A long picture (pages
stacked, a whole web page) is cut back into pieces about a page tall (:func:`_slices`), the
pages of a multi-page TIFF are decoded one at a time (:func:`_images`), and each piece is
read as a page at the resolution its width gives, taking it to be A4 wide.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.readers.ocr import engine
from pipeline.readers.ocr.page import read_page
from pipeline.records import Document, Line, Method, ReadError, Status

A4_WIDTH_INCHES = 8.27
A4_RATIO = 297 / 210
# A picture smaller than this (pixels wide, high) is a logo, a seal or an icon: no table.
MIN_PICTURE = (500, 150)


def read_picture(data: bytes) -> list[Line]:
    """A picture inside a document (a table pasted into Word or a web page as an image) →
    its lines; none for a picture too small to hold a table, or one that cannot be
    decoded."""
    cv2, np = engine._imports()
    gray = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if gray is None or gray.shape[1] < MIN_PICTURE[0] or gray.shape[0] < MIN_PICTURE[1]:
        return []
    return [
        line
        for piece in _slices(gray)
        for line in read_page(piece, None, _image_dpi(piece.shape[1]))
    ]


def _image_dpi(width: int) -> float:
    """The resolution of a page image, taking the page to be A4 wide."""
    return max(72.0, width / A4_WIDTH_INCHES)


def _slices(gray: Any) -> list[Any]:
    """A long image (pages stacked, a whole web page) cut into pieces about a page tall, at
    a blank band where there is one, else along a ruling line that both pieces keep."""
    _, np = engine._imports()
    height, width = gray.shape
    page = int(width * A4_RATIO)
    if height <= page * 1.5:
        return [gray]
    ink = (gray < 128).sum(axis=1)
    pieces, start = [], 0
    while height - start > page * 1.3:
        low, high = start + int(page * 0.7), min(height - 1, start + int(page * 1.3))
        window = ink[low:high]
        blank = np.flatnonzero(window <= width * 0.002)
        ruled = np.flatnonzero(window >= width * 0.5)
        target = start + page - low
        if blank.size:
            cut = low + int(blank[np.argmin(abs(blank - target))])
            pieces.append(gray[start:cut])
            start = cut
        elif ruled.size:
            cut = low + int(ruled[np.argmin(abs(ruled - target))])
            pieces.append(gray[start : cut + 3])
            start = max(0, cut - 3)
        else:
            cut = low + int(np.argmin(window))
            pieces.append(gray[start:cut])
            start = cut
    pieces.append(gray[start:])
    return pieces


def read_image(path: str | Path) -> Document:
    """A picture of a report (.png, .jpg, .tif, one page or several, or one long picture of
    all its pages) → its lines."""
    lines: list[Line] = []
    number = 0
    for image in _images(path):
        for gray in _slices(image):
            number += 1
            lines.extend(read_page(gray, number, _image_dpi(gray.shape[1])))
    if not lines:
        raise ReadError(Status.FAILED, "an image in which OCR found no text")
    return Document(format="image", lines=tuple(lines), pages=number, method=Method.OCR)


def _images(path: str | Path) -> Iterator[Any]:
    """The pages of a picture file, decoded one at a time (a TIFF of 500 pages is never
    held whole in memory)."""
    cv2, np = engine._imports()
    pages = 0
    with contextlib.suppress(cv2.error):
        pages = cv2.imcount(str(path), cv2.IMREAD_GRAYSCALE)
    if pages > 1:
        for index in range(pages):
            ok, images = cv2.imreadmulti(str(path), index, 1, flags=cv2.IMREAD_GRAYSCALE)
            if ok and images:
                yield images[0]
        return
    single = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if single is None:
        raise ReadError(Status.FAILED, "an image that cannot be decoded (damaged?)")
    yield single
