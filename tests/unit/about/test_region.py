from __future__ import annotations

import pytest

from pipeline.about.region import find_region


@pytest.mark.parametrize(
    ("agency", "province", "city", "county", "level", "code"),
    [
        ("米易县得石镇人民政府", "四川省", "攀枝花市", "米易县", "township", "510421102000"),
        ("淮安市人民政府", "江苏省", "淮安市", None, "city", "320800000000"),
        ("长治市信访局", "山西省", "长治市", None, "city department", "140400000000"),
        ("上海市徐汇区人民政府", "上海市", None, "徐汇区", "county", "310104000000"),
        ("北京市朝阳区人民政府", "北京市", None, "朝阳区", "county", "110105000000"),
        ("江苏省人民政府", "江苏省", None, None, "province", "320000000000"),
        (
            "米易县人民政府办公室",
            "四川省",
            "攀枝花市",
            "米易县",
            "county department",
            "510421000000",
        ),
        ("国家发展和改革委员会", None, None, None, "national department", None),
    ],
)
def test_regions(
    agency: str,
    province: str | None,
    city: str | None,
    county: str | None,
    level: str,
    code: str | None,
) -> None:
    region = find_region(agency, None, "")
    assert (region.province, region.city, region.county) == (province, city, county)
    assert region.level == level
    assert region.division_code == code


def test_a_name_shared_by_two_places_is_not_guessed() -> None:
    # 朝阳区 is in Beijing and in Changchun: without a parent named, no county is chosen.
    region = find_region("朝阳区人民政府", None, "")
    assert region.county is None


def test_the_folder_path_helps_where_the_agency_does_not_name_a_place() -> None:
    region = find_region("审计局", "2023年政府信息公开工作年度报告", "江苏省/淮安市/审计局.pdf")
    assert (region.province, region.city) == ("江苏省", "淮安市")


@pytest.mark.parametrize(
    ("agency", "township", "level", "code"),
    [
        ("广安市岳池县白庙镇人民政府", "白庙镇", "township", "511621105000"),
        ("北京市东城区东华门街道办事处", "东华门街道", "township", "110101001000"),
        ("米易县得石镇财政所", "得石镇", "township department", "510421102000"),
        # a township the county does not have is not made up: the county's code stays
        ("米易县白庙镇人民政府", None, "township", "510421000000"),
    ],
)
def test_townships_get_their_own_code(
    agency: str, township: str | None, level: str, code: str
) -> None:
    region = find_region(agency, None, "")
    assert (region.township, region.level, region.division_code) == (township, level, code)
