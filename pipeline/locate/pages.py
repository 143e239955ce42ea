"""Which pages hold the tables: a reader reads a page's layout only when its text prints
enough of the spec's labels."""

from __future__ import annotations

from functools import cache

from pipeline.spec import load_spec
from pipeline.text import label_key, squash

# A page holds the tables when it prints at least this many distinct spec labels.
MIN_LABELS_ON_TABLE_PAGE = 3


@cache
def _spec_labels() -> tuple[str, ...]:
    spec = load_spec()
    labels = {label_key(lab) for t in spec.tables for r in t.rows for lab in r.labels}
    labels |= {label_key(lab) for t in spec.tables for c in t.columns for lab in c.labels}
    return tuple(sorted(lab for lab in labels if len(lab) >= 4))


def holds_tables(page_text: str) -> bool:
    """Whether a page's text looks like it holds part of the official tables."""
    squashed = squash(page_text)
    hits = 0
    for label in _spec_labels():
        if label in squashed:
            hits += 1
            if hits >= MIN_LABELS_ON_TABLE_PAGE:
                return True
    return False
