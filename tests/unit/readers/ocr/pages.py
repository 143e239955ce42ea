"""Synthetic page images for the OCR tests: white paper, black rules, digits drawn by
OpenCV's own font (no OCR is needed to know what they are)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

DPI = 150.0


def paper(height: int = 300, width: int = 600) -> Any:
    return np.full((height, width), 255, dtype=np.uint8)


def digit(gray: Any, text: str, x: int, baseline: int, shade: int = 0) -> None:
    """``text`` drawn about 12 pixels tall (a 6-point digit at 150 dpi) from (x, baseline)."""
    cv2.putText(gray, text, (x, baseline), cv2.FONT_HERSHEY_SIMPLEX, 0.5, shade, 2)


def dash(gray: Any, x: int, y: int, length: int = 10) -> None:
    gray[y : y + 2, x : x + length] = 0


def grid(gray: Any, xs: list[int], ys: list[int]) -> None:
    """Rules two pixels thick at every x from ys[0] to ys[-1] and every y from xs[0] to
    xs[-1]."""
    for y in ys:
        gray[y : y + 2, xs[0] : xs[-1] + 2] = 0
    for x in xs:
        gray[ys[0] : ys[-1] + 2, x : x + 2] = 0


def ink_of(gray: Any) -> tuple[Any, Any]:
    """(text_only, clean): the page's ink without its rules, and the page with its rules
    whited out, as ``read_page`` makes them."""
    from pipeline.readers.ocr.ink import _binary, _rules

    binary = _binary(gray)
    _, _, rules = _rules(binary, DPI)
    clean = gray.copy()
    clean[rules > 0] = 255
    return cv2.subtract(binary, rules), clean
