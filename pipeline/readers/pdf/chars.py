"""Characters: the record a page's characters come in (from PDFium, placed by the file's
own font metrics), what kind a character is (a digit, a sign, a Chinese one), and a run of
positioned characters read back as text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.records import Box

# Digits further apart than this many font sizes belong to two numbers (characters are
# placed by their advance, so the digits of one number touch, tracking aside).
DIGIT_GAP = 0.25


@dataclass(frozen=True, slots=True)
class Char(Box):
    """A character and its box in points, the page's top at y = 0."""

    text: str
    baseline: float
    size: float


def _numeric(char: str) -> bool:
    return char.isdigit() or char in ".,，．"


# Plus and minus signs, ASCII and full-width, before a number.
SIGNS = "-－+＋−"


def cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def text_of(chars: Sequence[Char]) -> str:
    """Characters → text, line by line (by baseline), with a space at wide gaps."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if lines and abs(char.baseline - lines[-1][0].baseline) <= 0.5 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = line[0].text
        for previous, char in itertools.pairwise(line):
            # Digits are not split at a narrow gap (full-width ones drawn narrower than
            # their advance, tracking), but a gap of a whole character parts two numbers.
            gap = char.x0 - previous.x1
            numeric = char.text.isdigit() and (_numeric(previous.text) or previous.text in SIGNS)
            wide = gap > (DIGIT_GAP if numeric else 0.4) * char.size
            text += (" " if wide else "") + char.text
        out.append(text)
    return "\n".join(out)
