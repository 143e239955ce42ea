"""The OCR engine's calls and what its readings mean: numbers mended, signs put back, two
readings settled into one with a confidence."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
import pytest

from pipeline.readers.ocr import engine
from pipeline.readers.ocr.engine import (
    _NUMBERISH,
    DISAGREEMENT,
    Found,
    _as_number,
    _boxes,
    _imports,
    _reread,
    _settle,
    _signed,
)
from pipeline.records import ONE_READING


def test_the_libraries_are_opencv_and_numpy() -> None:
    cv2, numpy = _imports()
    assert numpy is np
    assert hasattr(cv2, "adaptiveThreshold")


def test_a_box_has_its_centre() -> None:
    box = Found(10.0, 30.0, 20.0, 60.0, "12", 0.9)
    assert (box.cx, box.cy) == (20.0, 40.0)
    assert not box.alone


@pytest.mark.parametrize("text", ["0", "12", "1,234", "-3", "１２", "3.5", "1O", "— 2", "12/3"])
def test_numberish_readings(text: str) -> None:
    assert _NUMBERISH.match(text)


@pytest.mark.parametrize("text", ["", "O", "-", "12件", "规章", "a1"])
def test_readings_that_are_no_number(text: str) -> None:
    assert not _NUMBERISH.match(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [("1O", "10"), ("〇", "0"), ("l2", "12"), ("|0", "10"), (" 1 2 ", "12"), ("—2", "-2"),
     ("－－5", "-5"), ("25", "25"), ("—", "—")],
)  # fmt: skip
def test_lookalikes_of_digits_are_mended(text: str, number: str) -> None:
    assert _as_number(text) == number


def test_a_minus_sign_the_ink_showed_is_put_back() -> None:
    assert _signed("3", minus=True) == "-3"
    assert _signed("3", minus=False) == "3"
    assert _signed("-3", minus=True) == "-3"  # read already
    assert _signed("", minus=True) == ""


def test_two_readings_that_agree_keep_the_better_confidence() -> None:
    assert _settle("25", 0.9, "25", 0.99) == ("25", 0.99)
    # they agree once the lookalikes are mended; the text box's reading is kept
    assert _settle("1O", 0.95, "10", 0.8) == ("1O", 0.95)


def test_when_the_readings_differ_the_crops_is_kept_with_half_its_confidence() -> None:
    text, confidence = _settle("10", 0.98, "0", 0.97)
    assert text == "0"
    assert confidence == pytest.approx(0.485)  # halved


def test_a_crop_that_reads_no_number_leaves_the_box_in_doubt() -> None:
    text, confidence = _settle("12", 0.99, "规", 0.99)
    assert text == "12"
    assert confidence == pytest.approx(ONE_READING * DISAGREEMENT)


def test_a_number_read_once_is_never_confident_beyond_one_reading() -> None:
    assert _settle("", 0.0, "7", 0.99) == ("7", ONE_READING)
    assert _settle("", 0.0, "7", 0.6) == ("7", 0.6)
    assert _settle("", 0.0, "", 0.0) == ("", None)


class _Engine:
    """Stands in for RapidOCR: finds one text box, and reads crops by their ink."""

    def __init__(self) -> None:
        self.read: list[int] = []

    def __call__(self, image: Any) -> tuple[list[Any], float]:
        self.image = image
        return [([[10, 20], [50, 18], [52, 40], [11, 42]], "规章", 0.97)], 0.1

    def text_rec(self, crops: list[Any]) -> tuple[list[tuple[str, float]], float]:
        self.read.append(len(crops))
        return [(str(int(crop.sum()) % 97), 0.9) for crop in crops], 0.0


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> _Engine:
    found = _Engine()
    monkeypatch.setattr(engine, "_engine", lambda: found)
    monkeypatch.setattr(engine, "_READ", OrderedDict())
    return found


def test_the_engines_text_boxes_are_given_by_their_extent(fake_engine: _Engine) -> None:
    gray = np.full((60, 80), 255, dtype=np.uint8)
    assert _boxes(gray) == [Found(10, 52, 18, 42, "规章", 0.97)]
    assert fake_engine.image.shape == (60, 80, 3)  # given in colour


def test_a_page_without_text_has_no_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_engine", lambda: lambda image: (None, 0.0))
    assert _boxes(np.full((10, 10), 255, dtype=np.uint8)) == []


def test_identical_crops_are_recognised_once(fake_engine: _Engine) -> None:
    zero = np.full((30, 20, 3), 255, dtype=np.uint8)
    zero[5:25, 5:15] = 0
    one = zero.copy()
    one[5:25, 5:8] = 255
    first = _reread([zero, one, zero.copy(), one])
    assert fake_engine.read == [1, 1]  # two distinct crops, each given alone
    assert first[0] == first[2] and first[1] == first[3] and first[0] != first[1]
    assert _reread([one, zero]) == [first[1], first[0]]
    assert fake_engine.read == [1, 1]  # both remembered from the first call


def test_the_oldest_crops_are_forgotten_first(
    fake_engine: _Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "READ_MEMORY", 2)
    crops = [np.full((4, 4, 3), value, dtype=np.uint8) for value in (1, 2, 3)]
    _reread(crops[:2])
    _reread(crops[:1])  # the first is now the most recently used
    _reread(crops[2:])
    assert len(engine._READ) == 2
    _reread(crops[:1])
    assert fake_engine.read == [1, 1, 1]  # the first is still remembered
    _reread(crops[1:2])
    assert fake_engine.read == [1, 1, 1, 1]  # the second was forgotten
