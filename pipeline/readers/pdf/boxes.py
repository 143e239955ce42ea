"""Second readings: boxes of a PDF's pages (cells whose reading is in doubt) drawn with the
machine's fonts and read by OCR, a reading of the page's picture, not of its text layer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.readers.pdf.pdfium import RENDER_DPI, drawn, fonts
from pipeline.records import ReadError, Status

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points
# Reads boxes of one rendered page (pixels, boxes in pixels, dpi) into their texts: OCR.
CellReader = Callable[[Any, list[tuple[int, int, int, int]], float], list[str]]


def read_boxes(
    path: str | Path, requests: Sequence[tuple[int, Box]], reader: CellReader
) -> list[str]:
    """The text ``reader`` sees in each box (page, box) of the rendered pages: a reading of
    the page's picture, not of its text layer."""
    out = [""] * len(requests)
    scale = RENDER_DPI / 72
    before = fonts().used
    with drawn(str(path)) as draw:
        order = sorted(range(len(requests)), key=lambda i: requests[i][0])
        for number, group in itertools.groupby(order, key=lambda i: requests[i][0]):
            indices = list(group)
            gray = draw(number - 1)
            if fonts().used != before:
                # drawn in the stand-in font, the page shows boxes, not what it prints
                raise ReadError(Status.FAILED, "the page's fonts are not on this machine")
            height, width = gray.shape
            boxes = [
                (
                    max(0, int(x0 * scale)),
                    max(0, int(top * scale)),
                    min(width, int(x1 * scale) + 1),
                    min(height, int(bottom * scale) + 1),
                )
                for x0, top, x1, bottom in (requests[i][1] for i in indices)
            ]
            for index, text in zip(indices, reader(gray, boxes, RENDER_DPI), strict=True):
                out[index] = text
    return out
