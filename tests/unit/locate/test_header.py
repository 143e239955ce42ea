"""What a table's header says: which columns it prints, and where each one sits."""

from __future__ import annotations

from pipeline.locate.header import (
    Header,
    column_matches,
    is_header_line,
    names_any,
    names_outcomes,
)
from pipeline.records import Line, TextCell
from pipeline.spec import load_spec

SPEC = load_spec()
T2, T3, T4 = SPEC.table("t2"), SPEC.table("t3"), SPEC.table("t4")


def _texts(*texts: str) -> Line:
    return Line(tuple(TextCell(t) for t in texts))


def _placed(*cells: tuple[str, float, float]) -> Line:
    return Line(tuple(TextCell(t, x0, x1) for t, x0, x1 in cells), page=1)


def test_the_cells_of_a_header_line_name_columns_in_order() -> None:
    cells = [TextCell("自然人"), TextCell("申请人情况"), TextCell("商业企业"), TextCell("合计")]
    assert column_matches(cells, T3) == ["natural_person", "org_commercial", "total"]


def test_a_header_line_is_made_of_column_labels_and_header_notes() -> None:
    assert is_header_line(_texts("申请人情况", "自然人", "法人或其他组织"), T3)
    assert is_header_line(_texts("自然人", "商业企业", "科研机构"), T3)
    assert is_header_line(_texts("申请人情况"), T3)  # a note alone
    assert is_header_line(_texts("信息内容", "本年制发件数", "本年废止件数"), T2)


def test_other_lines_are_no_header() -> None:
    assert not is_header_line(_texts("规章", "1"), T3)
    assert not is_header_line(_texts("自然人"), T3)  # one column label alone
    assert not is_header_line(_texts(), T3)
    assert not is_header_line(_texts("", " "), T3)


def test_table_fours_header_is_mostly_its_words() -> None:
    assert names_outcomes("行政复议 结果维持 结果纠正 其他结果 尚未审结 总计", T4)
    assert names_outcomes("行政复议结果维持结果纠正", T4)  # run together
    assert not names_outcomes("结果维持 结果纠正", T4)  # two words are too few
    sentence = "本年度行政复议结果维持3件，结果纠正2件，另有其他结果若干件正在依法审理之中"
    assert not names_outcomes(sentence, T4)


def test_a_text_names_any_of_table_fours_words() -> None:
    assert names_any("行政复议情况", T4)
    assert names_any("结果维持", T4)
    assert not names_any("规章", T4)


def test_a_header_places_each_column_where_its_label_is_printed() -> None:
    header = Header(T3)
    header.read(
        _placed(("自然人", 100.0, 130.0), ("商业企业", 140.0, 180.0), ("科研机构", 190.0, 230.0))
    )
    assert header.columns == ("natural_person", "org_commercial", "org_research")
    assert header.spans == {
        "natural_person": (100.0, 130.0),
        "org_commercial": (140.0, 180.0),
        "org_research": (190.0, 230.0),
    }
    assert header.texts == ["自然人 商业企业 科研机构"]
    assert header.spans_for(("natural_person", "org_research")) == ((100.0, 130.0), (190.0, 230.0))
    assert header.spans_for(("natural_person", "total")) == ()  # not told for every one


def test_a_word_broken_over_two_lines_of_its_cell_is_joined() -> None:
    header = Header(T3)
    header.read(_placed(("自然人", 100.0, 130.0), ("法律", 200.0, 220.0)))
    assert header.pieces == [TextCell("法律", 200.0, 220.0)]  # waiting for the rest
    header.read(_placed(("服务机构", 200.0, 240.0)))
    assert header.spans["org_legal_service"] == (200.0, 240.0)
    assert header.pieces == []


def test_labels_run_together_in_one_cell_are_parted_by_their_share_of_its_width() -> None:
    header = Header(T3)
    header.read(_placed(("商业企业 科研机构", 100.0, 180.0)))
    assert header.spans == {"org_commercial": (100.0, 140.0), "org_research": (140.0, 180.0)}


def test_a_header_without_positions_names_its_columns_in_the_order_of_its_text() -> None:
    header = Header(T2)
    header.read_text("信息内容 现行有效件数 本年制发件数")
    assert header.columns == ("in_force", "issued")
    assert header.spans == {}
    assert header.spans_for(header.columns) == ()


def test_a_header_naming_the_optional_column_is_wide() -> None:
    header = Header(T3)
    header.read_text("商业企业 科研机构 小计 总计")
    assert header.wide
    narrow = Header(T3)
    narrow.read_text("商业企业 科研机构 总计")
    assert not narrow.wide


def test_table_fours_header_places_its_repeated_labels_in_blocks() -> None:
    header = Header(T4)
    header.read(
        _placed(("行政复议", 60.0, 90.0), ("结果维持", 100.0, 130.0), ("结果纠正", 140.0, 170.0))
    )
    assert header.outcome_spans == [(100.0, 130.0), (140.0, 170.0)]
    assert header.spans == {}
    assert header.spans_for(["review_upheld", "review_corrected"]) == (
        (100.0, 130.0),
        (140.0, 170.0),
    )
    assert header.spans_for(["review_upheld"]) == ()  # as many spans as columns, or none


def test_header_words_run_together_in_narrow_columns_are_parted() -> None:
    # A browser set three narrow columns' first lines with no space between them; their
    # words go on under each on the next line.
    def line(*cells: tuple[str, float, float]) -> Line:
        return Line(tuple(TextCell(t, x0, x1) for t, x0, x1 in cells), page=1)

    header = Header(load_spec().table("t3"))
    header.read(
        line(("商业", 403.0, 423.0), ("科研", 433.0, 453.0), ("社会公益法律服务其", 463.0, 555.0))
    )
    header.read(line(("企业", 403.0, 423.0), ("机构", 433.0, 453.0), ("组织", 463.0, 483.0),
                     ("机构", 505.0, 525.0), ("他", 546.0, 556.0)))  # fmt: skip
    order = sorted(header.spans, key=lambda key: header.spans[key][0])
    assert order == [
        "org_commercial",
        "org_research",
        "org_public_interest",
        "org_legal_service",
        "org_other",
    ]
