"""Score an output folder against truth files (``NAME.truth.csv`` beside or below a folder).

A truth file lists every printed cell: ``table,row,col,value,raw`` (value empty for a blank).
A predicted cell is right when its key is in the truth and its value equals the truth's
(both blank counts as equal). Flagged cells with no value claim nothing: they count against
recall, not precision. Cells of a file with no truth file are not scored.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.records import CellKey
from pipeline.spec import load_spec


@dataclass(frozen=True)
class WrongCell:
    path: str
    key: CellKey
    expected: str
    got: str
    page: int | None
    label: str


@dataclass
class Score:
    truth: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.truth += other.truth
        self.predicted += other.predicted
        self.correct += other.correct


@dataclass
class Evaluation:
    overall: Score = field(default_factory=Score)
    by_group: dict[str, dict[str, Score]] = field(default_factory=lambda: defaultdict(dict))
    documents: dict[str, Score] = field(default_factory=dict)
    wrong: list[WrongCell] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    unscored: list[str] = field(default_factory=list)


def read_truth(path: Path) -> dict[CellKey, float | None]:
    with path.open(encoding="utf-8-sig") as handle:
        return {
            CellKey(row["table"], row["row"], row["col"]): float(row["value"])
            if row["value"].strip()
            else None
            for row in csv.DictReader(handle)
        }


def find_truth(truth_dirs: Iterable[Path]) -> dict[str, Path]:
    """Truth files by the file name they describe (``a.pdf.truth.csv`` → ``a.pdf``)."""
    found: dict[str, Path] = {}
    for folder in truth_dirs:
        for path in sorted(folder.rglob("*.truth.csv")):
            found[path.name.removesuffix(".truth.csv")] = path
    return found


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def _show(value: float | None) -> str:
    if value is None:
        return "(blank)"
    return str(int(value)) if value == int(value) else str(value)


def score_document(
    truth: dict[CellKey, float | None],
    predicted: dict[CellKey, tuple[float | None, str, int | None, str]],
) -> tuple[Score, list[tuple[CellKey, str, str, int | None, str]]]:
    score = Score(truth=len(truth))
    wrong = []
    for key, (value, flag, page, label) in predicted.items():
        if flag and value is None:
            if key in truth:
                wrong.append((key, _show(truth[key]), f"(flagged {flag})", page, label))
            continue
        score.predicted += 1
        if key in truth and _same(truth[key], value):
            score.correct += 1
        else:
            expected = _show(truth[key]) if key in truth else "(no such cell)"
            wrong.append((key, expected, _show(value), page, label))
    for key in truth.keys() - predicted.keys():
        wrong.append((key, _show(truth[key]), "(missing)", None, ""))
    return score, wrong


def evaluate(
    out_dir: Path,
    truth_dirs: Iterable[Path],
    groups: dict[str, dict[str, str]] | None = None,
    only: set[str] | None = None,
) -> Evaluation:
    """Score ``out_dir`` (an ``ogi extract`` output) against the truth files in ``truth_dirs``.

    ``groups`` maps a file name to extra labels to break the score down by (e.g. variation
    axes of a generated corpus); table, template and format are always used. ``only``
    limits the scoring to those file names.
    """
    from pipeline.output.dataset import is_missing, read_frame

    reports = read_frame(out_dir, "reports")
    cells = read_frame(out_dir, "cells")
    truths = find_truth(truth_dirs)
    by_report: dict[str, dict[CellKey, tuple[float | None, str, int | None, str]]] = defaultdict(
        dict
    )
    for row in cells.to_dict(orient="records"):
        value = None if is_missing(row["value"]) else float(row["value"])
        page = None if is_missing(row["page"]) else int(row["page"])
        flag = "" if is_missing(row["flag"]) else str(row["flag"])
        key = CellKey(str(row["table"]), str(row["row"]), str(row["col"]))
        by_report[str(row["report_id"])][key] = (value, flag, page, str(row["row_label"]))
    result = Evaluation()
    for report in reports.itertuples(index=False):
        name = Path(str(report.path)).name
        if only is not None and name not in only:
            continue
        result.statuses[str(report.path)] = str(report.status)
        if name not in truths:
            result.unscored.append(str(report.path))
            continue
        truth = read_truth(truths[name])
        predicted = by_report.get(str(report.report_id), {})
        score, wrong = score_document(truth, predicted)
        result.overall.add(score)
        result.documents[str(report.path)] = score
        result.wrong.extend(WrongCell(str(report.path), *w) for w in wrong)
        labels = {"template": str(report.template), "format": str(report.format)}
        labels.update((groups or {}).get(name, {}))
        for axis, group in labels.items():
            result.by_group[axis].setdefault(group, Score()).add(score)
        for table in (t.id for t in load_spec().tables):
            part_truth = {k: v for k, v in truth.items() if k.table == table}
            part_pred = {k: v for k, v in predicted.items() if k.table == table}
            if part_truth or part_pred:
                part, _ = score_document(part_truth, part_pred)
                result.by_group["table"].setdefault(table, Score()).add(part)
    return result


def read_groups(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """A manifest CSV (a ``file`` column and one column per axis, optionally
    ``expected_status``) → (axes by file name, expected status by file name)."""
    groups: dict[str, dict[str, str]] = {}
    expected: dict[str, str] = {}
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            name = Path(row.get("file") or row.get("name") or "").name
            if not name:
                continue
            if row.get("expected_status"):
                expected[name] = row["expected_status"]
            groups[name] = {
                k: v for k, v in row.items() if k not in {"file", "name", "expected_status"} and v
            }
    return groups, expected


def status_mismatches(
    evaluation: Evaluation, expected: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(path, expected, got) for every file whose status is not the expected one
    (``ok|partial`` in a manifest accepts either)."""
    out = []
    for path, status in evaluation.statuses.items():
        want = expected.get(Path(path).name)
        if want and status not in want.split("|"):
            out.append((path, want, status))
    return out
