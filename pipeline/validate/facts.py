"""Figures stated in a report's narrative (report-format.md §7), read with patterns.

Only the figures that the tables also hold are read here; they serve as a second reading
of those cells (e.g. to choose among the splits of a run of digits).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.records import CellKey, CellValue, CheckResult, Fact, Stated
from pipeline.text import squash

# key, pattern (on squashed text), the table cells whose sum the figure states (if any),
# and the soft check that compares the two.
PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[CellKey, ...], str], ...] = (
    (
        "n.proactive_items_total",
        re.compile(r"主动公开(?:政府|政务)?信息(?:共计|共)?(\d+)(?:余)?(条)"),
        (),
        "",
    ),
    (
        "n.applications_received",
        re.compile(r"(?:收到|受理|接到|新收)(?:政府信息公开)?申请(?:共计|共)?(\d+)(件|个|条)"),
        (CellKey("t3", "r1", "total"),),
        "x.narrative_applications",
    ),
    (
        "n.review_cases",
        re.compile(r"行政复议(?:案件)?(?:共计|共)?(\d+)(件|起|宗)"),
        (CellKey("t4", "r1", "review_total"),),
        "x.narrative_t4",
    ),
    (
        "n.litigation_cases",
        re.compile(r"行政诉讼(?:案件)?(?:共计|共)?(\d+)(件|起|宗)"),
        (CellKey("t4", "r1", "suit_direct_total"), CellKey("t4", "r1", "suit_after_review_total")),
        "x.narrative_t4",
    ),
    (
        "n.info_processing_fee_yuan",
        re.compile(r"(?:收取|收缴)(?:政府信息公开)?信息处理费(?:共计|共)?(\d+(?:\.\d+)?)(元)"),
        (),
        "",
    ),
)
# A narrative's figure may count one more cell than the check's target: "收到申请75件"
# often counts the applications carried over from the year before (t3.r2) too.
ALSO: dict[str, tuple[CellKey, ...]] = {"n.applications_received": (CellKey("t3", "r2", "total"),)}
# Sentences that state a figure of zero in words.
ZERO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "n.info_processing_fee_yuan",
        re.compile(r"(?:未|没有|无)[^。]{0,30}收取[^。]{0,6}信息处理费"),
    ),
)


def read_facts(lines: Sequence[str]) -> list[Fact]:
    """Every figure of :data:`PATTERNS` found in the narrative, with its sentence."""
    facts: list[Fact] = []
    for line in lines:
        squashed = squash(line)
        if len(squashed) < 8:
            continue
        for sentence in re.split(r"[。；;]", squashed):
            for key, pattern, _, _ in PATTERNS:
                for match in pattern.finditer(sentence):
                    facts.append(Fact(key, float(match.group(1)), match.group(2), sentence))
            for key, pattern in ZERO_PATTERNS:
                if pattern.search(sentence):
                    facts.append(Fact(key, 0.0, "元", sentence))
    return facts


def stated_sums(facts: Sequence[Fact]) -> Stated:
    """What the narrative says the sum of some cells is; a figure stated twice with two
    values says nothing."""
    figures: dict[tuple[CellKey, ...], set[float]] = {}
    cells = {key: target for key, _, target, _ in PATTERNS}
    for fact in facts:
        if cells.get(fact.key):
            figures.setdefault(cells[fact.key], set()).add(fact.value)
    return {target: values.pop() for target, values in figures.items() if len(values) == 1}


def soft_checks(facts: Sequence[Fact], cells: Sequence[CellValue]) -> list[CheckResult]:
    """The narrative's figures against the tables (report-format.md §5 x.narrative_*).
    Soft: a report's text and tables do disagree (V20); these say so, nothing more."""
    found = {c.key: c for c in cells}
    checks = {key: (target, check) for key, _, target, check in PATTERNS if check}
    out: list[CheckResult] = []
    seen: set[tuple[str, float]] = set()
    for fact in facts:
        if fact.key not in checks or (fact.key, fact.value) in seen:
            continue
        seen.add((fact.key, fact.value))
        target, check = checks[fact.key]
        if any(t not in found or found[t].flag for t in target):
            continue
        printed = sum(found[t].value or 0.0 for t in target)
        readings = [
            printed,
            *(printed + (found[e].value or 0.0) for e in ALSO.get(fact.key, ()) if e in found),
        ]
        agrees = [p for p in readings if abs(p - fact.value) < 1e-6]
        out.append(
            CheckResult(
                check=check,
                scope=fact.key,
                expected=fact.value,
                actual=agrees[0] if agrees else printed,
                ok=bool(agrees),
            )
        )
    return out
