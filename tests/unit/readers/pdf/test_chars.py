"""Characters: their record, their kinds, and a run of them read back as text."""

from __future__ import annotations

from pipeline.readers.pdf.chars import DIGIT_GAP, Char, cjk, overdrawn, text_of

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


def _listed(places: list[tuple[str, float]], width: float = 5.0) -> list[Char]:
    """Digits listed by the text layer in the order given, each at its place."""
    return [
        Char(x, x + width, 90.0, 100.0, ch, 100.0, SIZE, index)
        for index, (ch, x) in enumerate(places)
    ]


def test_digits_drawn_over_one_another_out_of_the_listed_order_are_in_doubt() -> None:
    # listed 3 4 2 6 9 3; drawn 2.2 apart, 5 wide: the 9 sits left of the 6
    digits = _listed([("3", 0.0), ("4", 2.2), ("2", 4.4), ("6", 8.8), ("9", 6.6), ("3", 11.0)])
    assert text_of(digits) == "342963"  # as drawn
    assert overdrawn(digits)


def test_digits_over_one_another_in_the_listed_order_are_sure() -> None:
    digits = _listed([(ch, 2.2 * i) for i, ch in enumerate("342693")])
    assert not overdrawn(digits)


def test_digits_listed_back_to_front_are_sure() -> None:
    digits = _listed([(ch, 2.2 * (5 - i)) for i, ch in enumerate("396243")])
    assert text_of(digits) == "342693" and not overdrawn(digits)


def test_digits_drawn_in_separate_pieces_each_at_its_place_are_sure() -> None:
    # "693" written before "342", every digit beside the next
    digits = _listed([("6", 15.0), ("9", 20.0), ("3", 25.0), ("3", 0.0), ("4", 5.0), ("2", 10.0)])
    assert text_of(digits) == "342693" and not overdrawn(digits)


def test_characters_of_unknown_order_are_never_in_doubt() -> None:
    digits = _run("3429", 0.0, step=2.0)  # over one another, no order known
    assert not overdrawn(digits)
