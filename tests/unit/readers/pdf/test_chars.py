"""Characters: their record, their kinds, and a run of them read back as text."""

from __future__ import annotations

from pipeline.readers.pdf.chars import DIGIT_GAP, Char, cjk, text_of

SIZE = 10.0


def _run(text: str, x0: float, baseline: float = 100.0, step: float = SIZE) -> list[Char]:
    """Characters ``step`` points apart, each ``SIZE`` wide (a full-width font)."""
    return [
        Char(x0 + step * i, x0 + step * i + SIZE, baseline - SIZE, baseline, ch, baseline, SIZE)
        for i, ch in enumerate(text)
    ]


def test_a_char_has_its_centre() -> None:
    char = Char(10.0, 20.0, 90.0, 100.0, "规", 99.0, 10.0)
    assert (char.cx, char.cy) == (15.0, 95.0)


def test_chinese_characters_are_told_from_others() -> None:
    assert cjk("规") and cjk("一") and cjk("\u9fff")
    assert not any(cjk(c) for c in "1a、（）１")


def test_no_characters_give_no_text() -> None:
    assert text_of([]) == ""


def test_characters_are_read_left_to_right_whatever_their_order() -> None:
    chars = _run("规章", 50.0)
    assert text_of(list(reversed(chars))) == "规章"


def test_lines_are_parted_by_their_baselines_top_down() -> None:
    chars = _run("行政", 50.0, baseline=130.0) + _run("规章", 50.0, baseline=100.0)
    assert text_of(chars) == "规章\n行政"


def test_a_baseline_within_half_a_size_is_the_same_line() -> None:
    chars = _run("规", 50.0, baseline=100.0) + _run("章", 60.0, baseline=104.0)
    assert text_of(chars) == "规章"


def test_a_gap_wider_than_two_fifths_of_a_size_parts_words() -> None:
    assert text_of(_run("规", 50.0) + _run("章", 65.0)) == "规 章"  # a 5-point gap
    assert text_of(_run("规", 50.0) + _run("章", 63.0)) == "规章"  # a 3-point gap


def test_digits_part_at_a_narrower_gap_than_words() -> None:
    # 3 points: no gap between two words, but two numbers (DIGIT_GAP is a quarter size)
    assert DIGIT_GAP * SIZE < 3.0
    assert text_of(_run("1", 50.0) + _run("2", 63.0)) == "1 2"
    assert text_of(_run("1", 50.0) + _run("2", 61.0)) == "12"


def test_a_digit_after_a_sign_is_judged_as_a_digit() -> None:
    assert text_of(_run("-", 50.0) + _run("3", 63.0)) == "- 3"
    assert text_of(_run("a", 50.0) + _run("3", 63.0)) == "a3"
