"""Pictures: a picture inside a document, picture files, and long pictures cut into
pages. Each piece's reading is stood in for (``read_page``)."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from pipeline.readers.ocr import images
from pipeline.readers.ocr.images import A4_RATIO, _image_dpi, _slices, read_image, read_picture
from pipeline.records import Line, ReadError, Status, TextCell


class _Pages:
    """Reads each page as one line naming its number, size and resolution."""

    def __init__(self) -> None:
        self.read: list[tuple[tuple[int, int], int | None, float]] = []

    def __call__(self, gray: Any, number: int | None, dpi: float) -> list[Line]:
        self.read.append((gray.shape, number, dpi))
        return [Line((TextCell(f"page {number}"),), page=number)]


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> _Pages:
    found = _Pages()
    monkeypatch.setattr(images, "read_page", found)
    return found


def _png(gray: Any) -> bytes:
    data = io.BytesIO()
    Image.fromarray(gray).save(data, format="PNG")
    return data.getvalue()


def _long(pages: int, width: int = 800, ruled: bool = False) -> Any:
    """Pages stacked with a blank band between them, or a rule across where they meet."""
    page = int(width * A4_RATIO)
    gray = np.full((page * pages, width), 255, dtype=np.uint8)
    for index in range(pages):
        gray[index * page + 50 : (index + 1) * page - 50, 50:-50] = 0 if not ruled else 255
        if ruled:
            # a table running over the joins: ink on every line, rules every 40 pixels
            gray[index * page : (index + 1) * page, 50:60] = 0
            gray[index * page : (index + 1) * page : 40, :] = 0
    return gray


def test_a_page_is_taken_to_be_a4_wide() -> None:
    assert _image_dpi(1654) == pytest.approx(200.0, abs=0.1)
    assert _image_dpi(100) == 72.0


def test_a_picture_about_a_page_tall_is_not_cut() -> None:
    gray = _long(1)
    [whole] = _slices(gray)
    assert whole is gray


def test_a_long_picture_is_cut_at_the_blank_bands_between_its_pages() -> None:
    gray = _long(3)
    pieces = _slices(gray)
    page = int(800 * A4_RATIO)
    assert len(pieces) == 3
    assert sum(p.shape[0] for p in pieces) == gray.shape[0]
    assert all(abs(p.shape[0] - page) <= 50 for p in pieces)
    assert all((p[:, 0] == 255).all() for p in pieces)  # no cut through the ink


def test_a_long_table_without_blank_bands_is_cut_along_a_rule_both_pieces_keep() -> None:
    gray = _long(3, ruled=True)
    pieces = _slices(gray)
    assert len(pieces) >= 2
    for upper, lower in itertools.pairwise(pieces):
        assert (upper[-6:] == 0).all(axis=1).any() and (lower[:6] == 0).all(axis=1).any()


def test_a_picture_in_a_document_is_read_as_a_page(pages: _Pages) -> None:
    gray = np.full((700, 1654), 255, dtype=np.uint8)
    found = read_picture(_png(gray))
    assert [line.text for line in found] == ["page None"]
    assert pages.read == [((700, 1654), None, pytest.approx(200.0, abs=0.1))]


def test_pictures_too_small_for_a_table_are_not_read(pages: _Pages) -> None:
    logo = np.zeros((120, 300), dtype=np.uint8)
    assert read_picture(_png(logo)) == []
    assert read_picture(b"not a picture") == []
    assert pages.read == []


def test_a_picture_file_is_read_page_by_page(pages: _Pages, tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(_png(_long(2)))
    document = read_image(path)
    assert (document.format, document.method, document.pages) == ("image", "ocr", 2)
    assert [line.text for line in document.lines] == ["page 1", "page 2"]


def test_the_pages_of_a_tiff_are_each_read(pages: _Pages, tmp_path: Path) -> None:
    path = tmp_path / "scan.tif"
    frames = [Image.fromarray(np.full((1100, 800), shade, dtype=np.uint8)) for shade in (250, 240)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    document = read_image(path)
    assert document.pages == 2
    assert [shape for shape, _, _ in pages.read] == [(1100, 800), (1100, 800)]


def test_a_picture_file_that_cannot_be_decoded_fails(pages: _Pages, tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    with pytest.raises(ReadError) as raised:
        read_image(path)
    assert (raised.value.status, raised.value.message) == (
        Status.FAILED,
        "an image that cannot be decoded (damaged?)",
    )


def test_a_picture_in_which_nothing_was_read_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(images, "read_page", lambda gray, number, dpi: [])
    path = tmp_path / "blank.png"
    path.write_bytes(_png(np.full((1100, 800), 255, dtype=np.uint8)))
    with pytest.raises(ReadError, match="an image in which OCR found no text"):
        read_image(path)
