"""PDFium: opening a PDF, and a page's text, size, characters, paths, pictures and pixels
as plain Python values."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from pipeline.readers.pdf.pdfium import RENDER_DPI, Drawing, Pdf, drawn, fonts, open_pdf
from pipeline.records import ReadError, Status
from tests.unit.readers.pdf.drawn import (
    HEIGHT,
    SIZE,
    WIDTH,
    backwards,
    page,
    picture,
    rule,
    text,
    write_pdf,
)


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdfium")
    return write_pdf(
        folder / "two.pdf",
        [
            page(text(72.0, 100.0, "规章 12"), rule(72.0, 150.0, 300.0, 150.0)),
            page(text(72.0, 100.0, "行政许可"), picture(100.0, 200.0, 300.0, 150.0)),
        ],
    )


def test_a_pdf_has_its_pages(two_pages: Path) -> None:
    with closing(Pdf(str(two_pages))) as pdf:
        assert len(pdf) == 2
        with pdf.page(0) as first:
            assert first.text() == "规章 12"
            assert first.size() == pytest.approx((WIDTH, HEIGHT), abs=0.01)
            assert first.height() == pytest.approx(HEIGHT, abs=0.01)


def test_characters_are_placed_from_the_pages_top_by_the_files_metrics(two_pages: Path) -> None:
    with closing(Pdf(str(two_pages))) as pdf, pdf.page(0) as first:
        chars = first.chars(first.height())
    assert "".join(c.text for c in chars) == "规章12"  # no spaces
    gui, zhang = chars[0], chars[1]
    assert (gui.x0, gui.x1, zhang.x0) == pytest.approx((72.0, 72.0 + SIZE, 72.0 + SIZE))
    assert gui.baseline == pytest.approx(100.0 + SIZE, abs=0.01)
    assert gui.top < gui.baseline <= gui.bottom
    assert gui.size == pytest.approx(gui.bottom - gui.top)


def test_fake_bold_second_copies_are_dropped(tmp_path: Path) -> None:
    # the text drawn twice, the copy 0.3 points along and a little larger (PDFium itself
    # drops a copy of the same size)
    first, copy = text(72.0, 100.0, "总计 35"), text(72.3, 100.0, "总计 35", size=10.2)
    path = write_pdf(tmp_path / "bold.pdf", [page(first, copy)])
    with closing(Pdf(str(path))) as pdf, pdf.page(0) as drawn_page:
        chars = drawn_page.chars(drawn_page.height())
    assert "".join(c.text for c in chars) == "总计35"


def test_the_same_character_further_along_the_line_is_kept(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "zeros.pdf", [page(text(72.0, 100.0, "0 0 0"))])
    with closing(Pdf(str(path))) as pdf, pdf.page(0) as first:
        assert [c.text for c in first.chars(first.height())] == ["0", "0", "0"]


def test_paths_and_pictures_are_given_by_their_bounds(two_pages: Path) -> None:
    with closing(Pdf(str(two_pages))) as pdf:
        with pdf.page(0) as first:
            [(left, bottom, right, top)] = list(first.path_bounds())
            assert (left, right) == pytest.approx((71.75, 300.25), abs=0.5)
            assert (bottom + top) / 2 == pytest.approx(HEIGHT - 150.0, abs=0.5)
            assert not first.has_images()
            assert list(first.image_bounds()) == []
        with pdf.page(1) as second:
            assert list(second.path_bounds()) == []
            assert second.has_images()
            [bounds] = list(second.image_bounds())
            assert bounds == pytest.approx((100.0, HEIGHT - 350.0, 400.0, HEIGHT - 200.0), abs=0.01)


def test_a_file_that_is_no_pdf_is_said_to_be_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnothing else")
    with pytest.raises(ReadError) as raised:
        open_pdf(str(path))
    assert raised.value.status is Status.FAILED
    assert raised.value.message.startswith("not a readable PDF (damaged or truncated)")


def test_an_encrypted_pdf_is_said_to_need_a_password(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [text(72.0, 100.0, "规章")], encrypt="secret")
    with pytest.raises(ReadError) as raised:
        open_pdf(str(path))
    assert raised.value.message == "the PDF is encrypted and needs a password to open"


def test_pages_are_drawn_as_grey_pixels_at_the_rendering_resolution(two_pages: Path) -> None:
    expected = (round(HEIGHT * RENDER_DPI / 72), round(WIDTH * RENDER_DPI / 72))
    with drawn(str(two_pages)) as draw:
        gray = draw(1)
    assert gray.shape == pytest.approx(expected, abs=1)
    assert str(gray.dtype) == "uint8"
    assert gray.max() == 255  # white paper
    scale = RENDER_DPI / 72
    assert gray[int(275 * scale), int(250 * scale)] == 128  # inside the grey picture
    drawing = Drawing(str(two_pages))
    try:
        assert (drawing.render(1) == gray).all()
    finally:
        drawing.close()


def test_the_font_mapper_is_installed_once() -> None:
    assert fonts() is fonts()
    assert fonts().stand_in
    with fonts().rendering():
        assert not fonts().stand_in
    assert fonts().stand_in


def test_a_text_layer_listed_back_to_front_is_told_from_one_in_reading_order(
    tmp_path: Path,
) -> None:
    path = write_pdf(
        tmp_path / "order.pdf",
        [
            page(text(72.0, 100.0, "政府信息公开 2022年")),
            page(backwards(72.0, 100.0, "政府信息公开 2022年")),
        ],
    )
    with closing(Pdf(str(path))) as pdf:
        with pdf.page(0) as ordered:
            assert ordered.backward_share() == 0.0
            assert ordered.text() == "政府信息公开 2022年"
        with pdf.page(1) as reversed_run:
            assert reversed_run.backward_share() == 1.0
            assert reversed_run.text() == "年2202 开公息信府政"  # the layer's own order
            chars = reversed_run.chars(reversed_run.height())
            by_place = sorted(chars, key=lambda c: c.x0)
            assert "".join(c.text for c in by_place) == "政府信息公开2022年"


def test_radicals_that_share_a_characters_glyph_are_read_as_the_character(
    tmp_path: Path,
) -> None:
    # a ToUnicode map that names the Kangxi radical ⼈ and the supplement's ⺠ for 人民
    path = write_pdf(tmp_path / "radicals.pdf", [page(text(72.0, 100.0, "⼈⺠政府"))])
    with closing(Pdf(str(path))) as pdf, pdf.page(0) as first:
        assert first.text() == "人民政府"
        assert [c.text for c in first.chars(first.height())] == ["人", "民", "政", "府"]
