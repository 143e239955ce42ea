"""Pages as a whole: garbled text layers, pages shown as pictures, plain lines and the
running heads and feet printed on every page."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.readers.pdf.pages import garbled, pictured, plain_lines, without_running_heads
from pipeline.records import Line, TextCell


class _Page:
    """What ``pictured`` asks of a page: its size and its pictures."""

    def __init__(self, images: list[tuple[float, float, float, float]]) -> None:
        self.images = images

    def size(self) -> tuple[float, float]:
        return 600.0, 800.0

    def has_images(self) -> bool:
        return bool(self.images)

    def image_bounds(self) -> Iterator[tuple[float, float, float, float]]:
        yield from self.images


def test_plain_lines_are_one_cell_each_without_blanks_or_page_numbers() -> None:
    lines = list(plain_lines("  一、总体情况 \n\n- 3 -\n第 2 页\n本年度 12 件\n", 5))
    assert [line.text for line in lines] == ["一、总体情况", "本年度 12 件"]
    assert all(len(line.cells) == 1 and line.page == 5 for line in lines)
    assert all(line.cells[0].x0 is None and not line.grid for line in lines)


def test_a_text_layer_of_private_use_code_points_is_garbled() -> None:
    assert garbled("\ue001\ue002\ue003 " * 10 + "规章")
    assert garbled("(cid:12)(cid:13)" * 5)


def test_a_text_layer_mapped_to_rare_characters_is_garbled() -> None:
    # a wrong Unicode map: glyphs named as characters of CJK Extension A, digits as letters
    assert garbled("䝿䡣㨋生㰌环㒄㡄QOQO㩾䅍㪦钑㱻頚㬊㧮鏅㩾㪰㺲鳵䑌㽻嶨釱魧鋑䠫頠鵇国")
    # a name with one such character in a page of text is read
    assert not garbled("㛃某某同志主持召开二、主动公开政府信息情况 第二十条第（一）项 信息内容")


def test_a_readable_page_is_not_garbled() -> None:
    assert not garbled("二、主动公开政府信息情况 第二十条第（一）项 信息内容 规章")
    # a few odd characters in a page of text
    assert not garbled("二、主动公开政府信息情况 第二十条第（一）项 信息内容 \ue001\ue002")


def test_a_short_text_is_never_called_garbled() -> None:
    assert not garbled("\ue001" * 19)
    assert garbled("\ue001" * 20)


def test_a_page_with_no_text_is_a_picture_when_it_has_one() -> None:
    assert pictured(_Page([(0.0, 0.0, 600.0, 800.0)]), "", lambda text: False)  # type: ignore[arg-type]
    assert not pictured(_Page([]), " 3 ", lambda text: False)  # type: ignore[arg-type]


def test_a_heading_over_a_large_picture_is_a_table_pasted_as_a_picture() -> None:
    heading = "三、收到和处理政府信息公开申请情况（见下图）"
    large = _Page([(50.0, 100.0, 550.0, 700.0)])  # 62% of the page
    small = _Page([(50.0, 600.0, 150.0, 700.0)])  # a seal
    assert pictured(large, heading, lambda text: False)  # type: ignore[arg-type]
    assert not pictured(small, heading, lambda text: False)  # type: ignore[arg-type]
    # a text that holds the tables is read from its text, picture or not
    assert not pictured(large, heading, lambda text: True)  # type: ignore[arg-type]


def test_a_full_page_of_text_over_a_background_picture_is_text() -> None:
    body = "本机关认真贯彻落实政府信息公开条例。" * 15  # 270 characters
    assert not pictured(_Page([(0.0, 0.0, 600.0, 800.0)]), body, lambda text: False)  # type: ignore[arg-type]


def _line(text: str, page: int, top: float | None) -> Line:
    return Line((TextCell(text, 50.0, 300.0, top=top, bottom=None if top is None else top + 9),),
                page=page)  # fmt: skip


HEIGHTS = {1: 800.0, 2: 800.0}


def test_a_running_head_and_foot_are_left_out() -> None:
    lines = [
        _line("2024/3/1 10:15 某县人民政府", 1, 12.0),
        _line("二、主动公开政府信息情况", 1, 100.0),
        _line("https://www.example.gov.cn 1/2", 1, 785.0),
        _line("2024/3/1 10:15 某县人民政府", 2, 12.0),
        _line("三、收到和处理政府信息公开申请情况", 2, 100.0),
        _line("https://www.example.gov.cn 2/2", 2, 785.0),
    ]
    kept = without_running_heads(lines, HEIGHTS)
    assert [line.text for line in kept] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_a_line_in_the_head_of_one_page_only_is_kept() -> None:
    lines = [_line("某县人民政府2023年政府信息公开工作年度报告", 1, 12.0), _line("正文", 2, 100.0)]
    assert without_running_heads(lines, HEIGHTS) == lines


def test_a_repeated_line_in_the_body_of_pages_is_kept() -> None:
    # a table's header repeated on each page starts below the head band
    lines = [_line("信息内容 本年制发件数", 1, 80.0), _line("信息内容 本年制发件数", 2, 80.0)]
    assert without_running_heads(lines, HEIGHTS) == lines


def test_lines_of_pages_of_unknown_height_or_place_are_kept() -> None:
    lines = [_line("某县人民政府", 3, 12.0), _line("某县人民政府", 4, 12.0)]
    assert without_running_heads(lines, HEIGHTS) == lines
    unplaced = [_line("某县人民政府", 1, None), _line("某县人民政府", 2, None)]
    assert without_running_heads(unplaced, HEIGHTS) == unplaced
