"""Which layout each table is printed in, and the report's format."""

from __future__ import annotations

from pipeline.normalise.layouts import Templates, decide_templates
from pipeline.records import RowMatch, TextCell


def _match(table: str, row: str, label: str, *values: str, **more: object) -> RowMatch:
    tokens = tuple(TextCell(v) for v in values)
    return RowMatch(table, row, label, 100.0, tokens, 1, True, **more)  # type: ignore[arg-type]


ZEROS = ["0"] * 7


def test_a_table_takes_the_reports_format_unless_told_apart() -> None:
    templates = Templates("fmt2021", (("t2", "fmt2019"),))
    assert templates.of("t2") == "fmt2019"
    assert templates.of("t3") == "fmt2021"
    assert templates.of("t4") == "fmt2021"


def test_other_handling_printed_with_values_is_the_2019_layout() -> None:
    templates = decide_templates([_match("t3", "r3_6", "（六）其他处理", *ZEROS)])
    assert templates == Templates("fmt2019", (("t2", "fmt2019"), ("t3", "fmt2019")))


def test_other_handling_printed_as_a_group_label_alone_tells_nothing() -> None:
    assert decide_templates([_match("t3", "r3_6", "（六）其他处理")]).report == "unknown"


def test_the_rows_under_other_handling_are_the_2021_layout() -> None:
    templates = decide_templates([_match("t3", "r3_6_1", "1.申请人无正当理由逾期不补正", *ZEROS)])
    assert templates == Templates("fmt2021", (("t2", "fmt2021"), ("t3", "fmt2021")))


def test_table_two_is_told_by_its_header_columns() -> None:
    header = ("issued", "repealed", "in_force")
    match = _match("t2", "art20_1_regulation", "规章", "1", "2", "3", section_columns=header)
    assert decide_templates([match]).of("t2") == "fmt2021"


def test_table_two_is_told_by_a_row_only_one_layout_prints() -> None:
    match = _match("t2", "art20_9_gov_procurement", "政府集中采购", "1", "2")
    assert decide_templates([match]).of("t2") == "fmt2019"


def test_table_two_is_told_by_how_many_values_its_rows_print() -> None:
    loose = RowMatch("t2", "art20_5_admin_licensing", "行政许可", 100.0,
                     (TextCell("40"), TextCell("-3"), TextCell("17")), 1, False)  # fmt: skip
    assert decide_templates([loose]).of("t2") == "fmt2019"


def test_table_two_is_told_by_a_word_its_labels_leave_out() -> None:
    older = _match("t2", "art20_1_normative_doc", "规范性文件")
    assert decide_templates([older]).of("t2") == "fmt2019"
    newer = _match("t2", "art20_1_normative_doc", "行政规范性文件")
    assert decide_templates([newer]).report == "unknown"  # the word is in both


def test_a_table_with_a_layout_told_lends_it_to_the_other_and_the_newest_wins() -> None:
    t2_2019 = _match("t2", "art20_9_gov_procurement", "政府集中采购", "1", "2")
    t3_2021 = _match("t3", "r3_6_1", "1.申请人无正当理由逾期不补正", *ZEROS)
    # a 2021 report whose table 二 lags in the 2019 layout
    assert decide_templates([t2_2019, t3_2021]) == Templates(
        "fmt2021", (("t2", "fmt2019"), ("t3", "fmt2021"))
    )


def test_no_rows_tell_no_format() -> None:
    assert decide_templates([]) == Templates("unknown", (("t2", "unknown"), ("t3", "unknown")))
