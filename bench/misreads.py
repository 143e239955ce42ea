"""How often a failed relation names the right cell: one misread injected at a time.

A misread is simulated on a report whose relations all hold: one cell of table 三 or 四 is
given another number (its value and its text), as if our first reading had gone wrong,
while the page still shows the true number. The relations are then tested as
:func:`pipeline.chain.extract_file` tests them: where some fail, the cells they cover are
read a second way where the format allows (a PDF cell's picture, by OCR) and tested again.
The injection is right when exactly the injected cell is named, wrong when another cell is.

A printed inconsistency is simulated too: the same change, but on the page as well (both
readings show it). It should be named with the verdict ``printed``, never ``check``.

    python -m bench.misreads samples bench/corpus --limit 60
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import readers
from pipeline.chain import extract_file
from pipeline.records import CellKey, CellValue, ReportResult, Stated
from pipeline.reread import read_again
from pipeline.validate.checks import check_cells
from pipeline.validate.facts import stated_sums

TABLES = ("t3", "t4")
CHANGES = (-2, -1, 1, 2, 7, 30)


@dataclass
class Tally:
    """Outcomes of injections, by (kind of file, table)."""

    outcomes: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def add(self, kind: str, table: str, outcome: str) -> None:
        self.outcomes[kind, table, outcome] += 1

    def share(self, outcome: str, kind: str | None = None, table: str | None = None) -> float:
        def keep(key: tuple[str, str, str]) -> bool:
            return (kind is None or key[0] == kind) and (table is None or key[1] == table)

        total = sum(n for key, n in self.outcomes.items() if keep(key))
        hits = sum(n for key, n in self.outcomes.items() if keep(key) and key[2] == outcome)
        return hits / total if total else 0.0

    def count(self, kind: str | None = None, table: str | None = None) -> int:
        return sum(
            n
            for (k, t, _), n in self.outcomes.items()
            if (kind is None or k == kind) and (table is None or t == table)
        )


def second_readings(path: Path, result: ReportResult) -> dict[CellKey, str]:
    """The second reading of every cell that can be read again: what
    :func:`pipeline.chain.extract_file` would get for any cell a relation doubts."""
    keys = {c.key for c in result.cells}
    cells = read_again(path, result.format, list(result.cells), keys, stated_sums(result.facts))
    return {c.key: c.reread for c in cells if c.reread is not None}


def named(
    cells: Sequence[CellValue], template: str, second: dict[CellKey, str], stated: Stated
) -> tuple[set[str], set[str]]:
    """(cells named by the failed relations, the verdicts of those relations), read again
    as extract does."""
    checks = check_cells(cells, template, stated=stated)
    doubted = {key for c in checks if c.failed for key in c.cells}
    if doubted and second:
        cells = [
            replace(c, reread=second[c.key]) if c.key in doubted and c.key in second else c
            for c in cells
        ]
        checks = check_cells(cells, template, stated=stated)
    failed = [c for c in checks if c.failed]
    return {c.suspect for c in failed} - {""}, {c.verdict for c in failed}


def inject(
    result: ReportResult,
    second: dict[CellKey, str],
    tally: Tally,
    rng: random.Random,
    tries: int,
    kind: str,
) -> None:
    """``tries`` misreads and as many printed inconsistencies, one at a time."""
    stated = stated_sums(result.facts)
    if any(not c.ok for c in check_cells(result.cells, result.template, stated=stated)):
        return  # the report prints inconsistencies of its own
    candidates = [
        c for c in result.cells if c.table in TABLES and c.value is not None and not c.flag
    ]
    if not candidates:
        return
    for _ in range(tries):
        cell = rng.choice(candidates)
        new = (cell.value or 0) + rng.choice(CHANGES)
        if new < 0:
            continue
        changed = replace(cell, value=new, raw=str(int(new)))
        cells = [changed if c is cell else c for c in result.cells]
        suspects, verdicts = named(cells, result.template, second, stated)
        outcome = "right" if suspects == {cell.key.dotted()} else "wrong" if suspects else "none"
        tally.add(kind, cell.table, outcome)
        if outcome == "right" and second:
            called = "check" if verdicts == {"check"} else "printed"
            tally.add(kind, cell.table, f"misread_called_{called}")
        # The same number printed on the page: a real inconsistency of the report.
        printed = {**second, cell.key: str(int(new))} if cell.key in second else second
        _, verdicts = named(cells, result.template, printed, stated)
        called = "printed" if verdicts == {"printed"} else "check"
        tally.add(kind, cell.table, f"printed_called_{called}")


def kind_of(result: ReportResult, second: dict[CellKey, str]) -> str:
    return f"{result.format}, read twice" if second else result.format


def measure(files: Sequence[Path], tries: int, seed: int) -> Tally:
    tally = Tally()
    rng = random.Random(seed)
    for path in files:
        result = extract_file(path)
        if result.template not in ("fmt2019", "fmt2021") or result.method.by_ocr:
            continue
        second = second_readings(path, result)
        inject(result, second, tally, rng, tries, kind_of(result, second))
    return tally


def lines(tally: Tally) -> list[str]:
    """A Markdown table: for each kind of file and table, how often the right cell is named."""
    out = [
        "| files | table | injections | right cell named | wrong cell named | none named |",
        "|---|---|---:|---:|---:|---:|",
    ]
    kinds = sorted({k for k, _, _ in tally.outcomes})
    for kind in kinds:
        for table in TABLES:
            if not tally.count(kind, table):
                continue
            total = sum(tally.outcomes[kind, table, o] for o in ("right", "wrong", "none"))
            out.append(
                f"| {kind} | {table} | {total} | "
                + " | ".join(
                    f"{tally.outcomes[kind, table, o] / total:.1%}"
                    for o in ("right", "wrong", "none")
                )
                + " |"
            )
    total = sum(tally.outcomes[k] for k in tally.outcomes if k[2] in ("right", "wrong", "none"))
    right = sum(n for k, n in tally.outcomes.items() if k[2] == "right")
    wrong = sum(n for k, n in tally.outcomes.items() if k[2] == "wrong")
    out.append(f"| all | t3+t4 | {total} | {right / total:.1%} | {wrong / total:.1%} | |")
    return out


def section(folders: Sequence[Path], limit: int, tries: int = 30, seed: int = 5) -> list[str]:
    """The benchmark's section on naming the misread cell."""
    if not limit:
        return ["Not measured (`--misreads 0`)."]
    files = documents([f for f in folders if f.is_dir()], limit)
    tally = measure(files, tries, seed)
    outcomes = tally.outcomes
    misread_check = sum(n for k, n in outcomes.items() if k[2] == "misread_called_check")
    read_twice_right = sum(
        n for k, n in outcomes.items() if k[0].endswith("read twice") and k[2] == "right"
    )
    printed = sum(n for k, n in outcomes.items() if k[2] == "printed_called_printed")
    printed_all = printed + sum(n for k, n in outcomes.items() if k[2] == "printed_called_check")
    return [
        f"`bench/misreads.py` on {len(files)} files ({', '.join(_shown(f) for f in folders)}; at "
        f"most {limit} of each suffix per folder), on the reports whose relations all hold: "
        f"{tries} times per report, one cell of table 三 or 四 is given another number as if "
        "misread, while the page still shows the true one. Right: the relations name exactly "
        "that cell; wrong: they name another. Cells in doubt are read a second time (*read "
        "twice*): a PDF's from their rendered picture by OCR, a Word file's or web page's "
        "from the file printed to PDF. Text files have no second reading: there only a "
        "figure stated in the narrative can break a tie.",
        "",
        *lines(tally),
        "",
        f"- Misreads named in files read twice with verdict `check` (the readings differ): "
        f"{misread_check} of {read_twice_right}.",
        f"- The same change printed on the page too (a real inconsistency of the report): "
        f"verdict `printed` on {printed} of {printed_all}.",
    ]


def _shown(folder: Path) -> str:
    root = Path(__file__).resolve().parents[1]
    return str(folder.relative_to(root)) if folder.is_relative_to(root) else str(folder)


def documents(folders: Sequence[Path], limit: int) -> list[Path]:
    """The reports of each folder, at most ``limit`` of each kind of file per folder."""
    out: list[Path] = []
    for folder in folders:
        seen: Counter[str] = Counter()
        for path in sorted(p for p in folder.rglob("*") if p.suffix in readers.SUFFIXES):
            if path.name.endswith(".truth.csv") or seen[path.suffix] >= limit:
                continue
            seen[path.suffix] += 1
            out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--limit", type=int, default=60, help="files of one suffix per folder")
    parser.add_argument("--tries", type=int, default=30, help="injections per report")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    tally = measure(documents(args.folders, args.limit), args.tries, args.seed)
    print("\n".join(lines(tally)))
    for name in ("misread_called_check", "printed_called_printed", "printed_called_check"):
        print(name, sum(n for k, n in tally.outcomes.items() if k[2] == name))


if __name__ == "__main__":
    main()
