"""Where a report comes from: province, city, county, administrative level and the
12-digit statistical division code, read from the agency's name, the title, the text and
the folder path, against the division tables shipped in ``pipeline/data/`` (see
DIVISIONS-SOURCE.md there): ``divisions.csv``, county level and above, about 2020, and
``townships.csv``, the townships (乡、镇、街道) of each county."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.records import Region

# Names in the table that stand for no place of their own.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
GOVERNMENT = re.compile(r"(人民政府|政府|街道办事处)$")
NATIONAL = re.compile(r"^(国务院|国家|中华人民共和国|中国)|部$")
GOVERNMENT_OF_ZONE = re.compile(r"(管委会|管理委员会|人民政府)$")
TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|街道办事处))")


@dataclass(frozen=True)
class Division:
    code: str
    name: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0" * 10:
            return "province"
        if self.code[4:] == "0" * 8:
            return "city"
        return "county"

    def parent(self, level: str) -> str:
        """The code of the province or city this division lies in."""
        keep = {"province": 2, "city": 4, "county": 6}[level]
        return self.code[:keep] + "0" * (12 - keep)


@cache
def divisions() -> tuple[dict[str, Division], dict[str, list[Division]]]:
    """(division by code, divisions by name and by a province's short name)."""
    text = resources.files("pipeline.data").joinpath("divisions.csv").read_text(encoding="utf-8")
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    for row in csv.DictReader(text.splitlines()):
        division = Division(row["adcode"], row["name"])
        by_code[division.code] = division
        if division.name in PLACEHOLDERS:
            continue
        by_name.setdefault(division.name, []).append(division)
        if division.level == "province":
            for suffix in PROVINCE_SUFFIXES:
                if division.name.endswith(suffix) and len(division.name) > len(suffix) + 1:
                    by_name.setdefault(division.name.removesuffix(suffix), []).append(division)
                    break
    return by_code, by_name


@cache
def townships() -> dict[tuple[str, str], str]:
    """12-digit code by (county code prefix of 6 digits, township name)."""
    text = resources.files("pipeline.data").joinpath("townships.csv").read_text(encoding="utf-8")
    return {
        (row["code"][:6], row["name"]): row["code"] for row in csv.DictReader(text.splitlines())
    }


def _township(county: Division, sources: Sequence[str]) -> tuple[str, str] | None:
    """(name, code) of a township of ``county`` named right after it in one of the sources
    ("米易县得石镇人民政府" → 得石镇). A 街道办事处 is found as its 街道."""
    table = townships()
    for source in sources:
        if county.name not in source:
            continue
        after = source.split(county.name, 1)[1]
        match = TOWNSHIP.match(after)
        if not match:
            continue
        name = match.group(1)
        for candidate in (name, name.removesuffix("办事处")):
            code = table.get((county.code[:6], candidate))
            if code:
                return candidate, code
    return None


def _mentions(text: str) -> list[tuple[int, Division]]:
    """Every division named in ``text`` (longest names first, no overlaps), by position."""
    _, by_name = divisions()
    found: list[tuple[int, Division]] = []
    taken: set[int] = set()
    for name in sorted(by_name, key=len, reverse=True):
        if len(name) < 2:
            continue
        start = text.find(name)
        while start >= 0:
            span = set(range(start, start + len(name)))
            if not span & taken:
                taken |= span
                found.extend((start, d) for d in by_name[name])
            start = text.find(name, start + 1)
    return sorted(found, key=lambda item: item[0])


def _resolve(mentions: Sequence[tuple[int, Division]]) -> Division | None:
    """The most specific division whose parents agree with the others named."""
    if not mentions:
        return None
    named = [d for _, d in mentions]

    def support(candidate: Division) -> int:
        """How many of the other names are a province or city this division lies in."""
        return sum(1 for o in named if o.level != "county" and candidate.parent(o.level) == o.code)

    depth = {"province": 0, "city": 1, "county": 2}
    best = max(named, key=lambda d: (support(d), depth[d.level]))
    # The same name in two places with the same support: refuse to choose.
    ties = [d for d in named if d.name == best.name and d.code != best.code]
    if ties and all(support(t) == support(best) for t in ties):
        return None
    return best


@cache
def zones() -> dict[str, tuple[str, str]]:
    """Zone name → (province, level) for the zones of ``zones.csv``."""
    text = resources.files("pipeline.data").joinpath("zones.csv").read_text(encoding="utf-8")
    return {
        row["name"]: (row["province"], row["level"]) for row in csv.DictReader(text.splitlines())
    }


def _zone(sources: Sequence[str], agency: str | None) -> Region | None:
    """The zone the first source naming one names (平潭综合实验区管委会)."""
    for source in sources:
        for name, (province, level) in zones().items():
            if name in source:
                government = bool(agency and GOVERNMENT_OF_ZONE.search(agency))
                return Region(
                    province=province,
                    city=name if level == "city" else None,
                    level=level if government else f"{level} department",
                )
    return None


def find_region(
    agency: str | None, title: str | None, path: str, text: Sequence[str] = ()
) -> Region:
    """The region of a report from its agency, title, path and opening lines."""
    sources = [s for s in (agency, title, path.replace("/", " "), " ".join(text[:5])) if s]
    zone = _zone(sources[:2], agency)
    if zone is not None:
        return zone
    division = None
    for source in sources:
        division = _resolve(_mentions(source))
        if division is not None:
            break
    if division is None:
        return Region(level=_level(agency, None))
    by_code, _ = divisions()
    province = by_code.get(division.parent("province"))
    city = by_code.get(division.parent("city")) if division.level != "province" else None
    county = division if division.level == "county" else None
    township = _township(county, sources) if county else None
    return Region(
        province=province.name if province else None,
        city=city.name if city and city.name not in PLACEHOLDERS else None,
        county=county.name if county else None,
        township=township[0] if township else None,
        level=_level(agency, division),
        division_code=township[1] if township else division.code,
    )


def _level(agency: str | None, division: Division | None) -> str | None:
    """province, city, county or township for a people's government; "<level> department"
    for a body under one."""
    if not agency:
        return None
    if division is None and NATIONAL.search(agency):
        return "national department"
    place = division.level if division else None
    after = agency
    if division is not None and division.name in agency:
        after = agency.split(division.name, 1)[1]
    if TOWNSHIP.match(after) or (division is None and TOWNSHIP.search(agency)):
        place = "township"
    if place is None:
        return None
    if GOVERNMENT.search(agency):
        return place
    return f"{place} department"
