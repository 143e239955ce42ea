"""The OCR engine and the libraries it runs on, and what its readings mean.

OpenCV and numpy are imported by :func:`_imports`, RapidOCR (PaddleOCR's Chinese models on
onnxruntime) by :func:`_engine`, once per process: no other module of the package imports
them. Here the engine finds and reads the lines of text on a page (:func:`_boxes`) and reads
crops again, each distinct crop once (:func:`_reread`); and here are the rules for its
readings: the lookalikes of digits mended (:func:`_as_number`), a minus sign put back
(:func:`_signed`) and a number's two readings settled into one with a confidence
(:func:`_settle`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.records import ONE_READING, Box, ReadError, Status

# Text is found on the page scaled to at most this many pixels a side (memory grows with
# the square); it is read from the page at full size.
DETECT_SIDE = 1280
# What OCR often reads for digits in a cell of numbers.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1"}
)
_NUMBERISH = re.compile(r"^[\s\d.,，。．+\-－—–/OoDlI|〇]*\d[\s\d.,，。．+\-－—–/OoDlI|〇]*$")
_LOOKALIKES_ONLY = re.compile(r"^[OoDIl|〇]{1,3}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A short reading with no Chinese in it, in a cell with ink: a number misread ("D" for 0).
_JUNK = re.compile(r"^[^\u4e00-\u9fff\s]{1,3}$")
# What OCR makes of a dash printed in a cell.
_DASHES = {"-", "一", "—", "–", "－", "_", "~", "一一", "——"}
# When the two readings of a cell differ, the confidence kept is scaled down by this.
DISAGREEMENT = 0.5


@dataclass(frozen=True, slots=True)
class Found(Box):
    """A line of text OCR found on the page, its box in pixels."""

    text: str
    score: float
    alone: bool = False  # found as ink and read from its own crop: already read that way


def _imports() -> tuple[Any, Any]:
    """OpenCV and numpy, or a ReadError that says what to install. The other modules call
    it as ``engine._imports()``, so that it is looked up here at every call (a test stands
    in for a missing OpenCV by replacing it here)."""
    try:
        import cv2
        import numpy
    except ImportError as error:  # libGL missing, or the package not installed
        raise ReadError(
            Status.FAILED,
            f"OCR needs OpenCV, which failed to load ({error}); on Debian or Ubuntu run "
            "`apt-get install libgl1 libglib2.0-0`, then `pip install rapidocr-onnxruntime`",
        ) from error
    return cv2, numpy


@cache
def _engine() -> Any:
    """One RapidOCR engine per process, on one thread (batch runs use a process per core)."""
    _imports()
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise ReadError(
            Status.FAILED,
            f"OCR needs rapidocr-onnxruntime, which failed to load ({error}): "
            "`pip install rapidocr-onnxruntime`",
        ) from error
    threads = {
        f"{part}_{key}": 1
        for part in ("det", "cls", "rec")
        for key in ("intra_op_num_threads", "inter_op_num_threads")
    }
    return RapidOCR(
        use_cls=False,
        print_verbose=False,
        det_limit_type="max",
        det_limit_side_len=DETECT_SIDE,
        **threads,
    )


def _boxes(gray: Any) -> list[Found]:
    """The lines of text the engine finds and reads on a page image (8-bit grey)."""
    cv2, _ = _imports()
    result, _ = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append(Found(min(xs), max(xs), min(ys), max(ys), str(text), float(score)))
    return boxes


# Crops already read in this process, by their pixels: the same number drawn in the same
# font at the same place within a pixel gives the same crop (a table's zeros, a producer's
# digits across reports). The recogniser is deterministic, so a crop is read once.
_READ: OrderedDict[tuple[tuple[int, ...], bytes], tuple[str, float]] = OrderedDict()
READ_MEMORY = 2048


def _reread(crops: list[Any]) -> list[tuple[str, float]]:
    """The recogniser's reading of each crop, each distinct crop read once."""
    keys = [(tuple(crop.shape), crop.tobytes()) for crop in crops]
    read: dict[tuple[tuple[int, ...], bytes], tuple[str, float]] = {}
    fresh: dict[tuple[tuple[int, ...], bytes], Any] = {}
    for key, crop in zip(keys, crops, strict=True):
        if key in _READ:
            _READ.move_to_end(key)
            read[key] = _READ[key]
        else:
            fresh.setdefault(key, crop)
    if fresh:
        # one crop at a time: in a batch the recogniser pads every crop to the widest, so a
        # crop's reading would depend on its neighbours; alone, it is smaller and faster
        recognise = _engine().text_rec
        results = [recognise([crop])[0][0] for crop in fresh.values()]
        for key, (text, score) in zip(fresh, results, strict=True):
            read[key] = _READ[key] = (str(text), float(score))
        while len(_READ) > READ_MEMORY:
            _READ.popitem(last=False)
    return [read[key] for key in keys]


def _settle(
    box_text: str, box_score: float, crop_text: str, crop_score: float
) -> tuple[str, float | None]:
    """A number read twice, from the page's text box and from its own crop → its text and
    a confidence. The crop is the better reading (a text box can take in a piece of a rule:
    "|0" read as "10"). The confidence is above ONE_READING only when both readings agree.

    >>> _settle("10", 0.98, "0", 0.97)
    ('0', 0.485)
    >>> _settle("25", 0.9, "25", 0.99)
    ('25', 0.99)
    >>> _settle("", 0.0, "7", 0.99)
    ('7', 0.9)
    """
    crop_is_number = bool(crop_text) and _NUMBERISH.match(crop_text) is not None
    if not box_text:
        return (crop_text, min(crop_score, ONE_READING)) if crop_text else ("", None)
    if crop_is_number and _as_number(box_text) == _as_number(crop_text):
        return box_text, max(box_score, crop_score)
    if crop_is_number:
        return crop_text, crop_score * DISAGREEMENT
    return box_text, min(box_score, ONE_READING) * DISAGREEMENT


def _as_number(text: str) -> str:
    """A cell of digits with OCR's usual lookalikes mended: "1O" → "10", "—2" → "-2"."""
    text = re.sub(r"\s+", "", text).translate(_DIGIT_LOOKALIKES)
    return re.sub(r"^[—–－]+(?=\d)", "-", text)


def _signed(text: str, minus: bool) -> str:
    """A reading with the minus sign the ink showed and the recogniser dropped."""
    return "-" + text if minus and text and text[0].isdigit() else text
