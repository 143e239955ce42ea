"""Second readings: boxes of a PDF's pages drawn with the machine's fonts and read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.readers.pdf import boxes
from pipeline.readers.pdf.boxes import read_boxes
from pipeline.readers.pdf.pdfium import RENDER_DPI
from pipeline.records import ReadError, Status
from tests.unit.readers.pdf.drawn import HEIGHT, WIDTH, picture, text, write_pdf

SCALE = RENDER_DPI / 72


class _Reader:
    """Reads each box as its page's number and the box, and remembers its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[int, int], list[tuple[int, int, int, int]], float]] = []

    def __call__(self, gray: Any, found: list[tuple[int, int, int, int]], dpi: float) -> list[str]:
        self.calls.append((gray.shape, list(found), dpi))
        grey = bool((gray == 128).any())  # page 2 shows a grey picture
        return [f"{'p2' if grey else 'p1'}:{box[0]}" for box in found]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("boxes")
    return write_pdf(
        folder / "two.pdf", [text(72.0, 100.0, "12"), picture(72.0, 100.0, 100.0, 100.0)]
    )


def test_each_box_gets_its_reading_in_the_order_asked(pdf: Path) -> None:
    reader = _Reader()
    requests = [(2, (10.0, 20.0, 30.0, 40.0)), (1, (72.0, 100.0, 90.0, 112.0)),
                (2, (50.0, 60.0, 70.0, 80.0))]  # fmt: skip
    assert read_boxes(pdf, requests, reader) == [
        f"p2:{int(10 * SCALE)}",
        f"p1:{int(72 * SCALE)}",
        f"p2:{int(50 * SCALE)}",
    ]
    # one call a page, the pages in order, with the boxes in pixels
    assert [len(found) for _, found, _ in reader.calls] == [1, 2]
    _, found, dpi = reader.calls[0]
    assert dpi == RENDER_DPI
    assert found == [(int(72 * SCALE), int(100 * SCALE), int(90 * SCALE) + 1, int(112 * SCALE) + 1)]


def test_boxes_are_kept_inside_the_page(pdf: Path) -> None:
    reader = _Reader()
    read_boxes(pdf, [(1, (-5.0, -5.0, WIDTH + 50, HEIGHT + 50))], reader)
    shape, found, _ = reader.calls[0]
    height, width = shape
    assert found == [(0, 0, width, height)]


def test_no_boxes_read_nothing(pdf: Path) -> None:
    reader = _Reader()
    assert read_boxes(pdf, [], reader) == []
    assert reader.calls == []


def test_a_page_drawn_with_the_stand_in_font_is_not_read(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the machine has no font for the page: it would show boxes, not what it prints
    class _Fonts:
        seen = 0

        @property
        def used(self) -> int:
            self.seen += 1
            return self.seen

    stand_ins = _Fonts()
    monkeypatch.setattr(boxes, "fonts", lambda: stand_ins)
    reader = _Reader()
    with pytest.raises(ReadError) as raised:
        read_boxes(pdf, [(1, (72.0, 100.0, 90.0, 112.0))], reader)
    assert raised.value.status is Status.FAILED
    assert "fonts are not on this machine" in raised.value.message
    assert reader.calls == []
