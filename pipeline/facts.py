"""Figures stated in a report's narrative (report-format.md §7), read with patterns.

Only the figures that the tables also hold are read here; they serve as a second reading
of those cells (e.g. to choose among the splits of a run of digits).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.text import squash


@dataclass(frozen=True)
class Fact:
    key: str
    value: float
    unit: str
    sentence: str


# key, pattern (on squashed text), the table cells whose sum the figure states.
PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "n.review_cases",
        re.compile(r"行政复议(?:案件)?(?:共)?(\d+)(件|起|宗)"),
        ("t4.r1.review_total",),
    ),
    (
        "n.litigation_cases",
        re.compile(r"行政诉讼(?:案件)?(?:共)?(\d+)(件|起|宗)"),
        ("t4.r1.suit_direct_total", "t4.r1.suit_after_review_total"),
    ),
    (
        "n.applications_received",
        re.compile(r"(?:收到|受理|接到|新收)(?:政府信息公开)?申请(?:共)?(\d+)(件|个|条)"),
        ("t3.r1.total",),
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
            for key, pattern, _ in PATTERNS:
                for match in pattern.finditer(sentence):
                    facts.append(Fact(key, float(match.group(1)), match.group(2), sentence))
    return facts


def cell_sums(facts: Sequence[Fact]) -> dict[tuple[str, ...], float]:
    """What the narrative says the sum of some cells is; a figure stated twice with two
    values says nothing."""
    sums: dict[tuple[str, ...], set[float]] = {}
    cells = {key: target for key, _, target in PATTERNS}
    for fact in facts:
        sums.setdefault(cells[fact.key], set()).add(fact.value)
    return {target: values.pop() for target, values in sums.items() if len(values) == 1}
