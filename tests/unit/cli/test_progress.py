"""The progress report of a run: the bar on a terminal, lines elsewhere, and the log."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pipeline.cli.progress import ProgressReport, parse_shard
from pipeline.run.runner import Progress
from tests.conftest import report_result


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _done(done: int, total: int) -> Progress:
    result = report_result(path=f"r{done}.pdf", format="pdf", pages=2, seconds=0.1)
    return Progress(done, total, 2 * done, result, cached=False)


def test_a_shard_counts_its_own_files_on_the_bar(tmp_path: Path) -> None:
    # The command knows 10 inputs; the shard it runs holds 3 of them.
    log = tmp_path / "run.jsonl"
    with ProgressReport(10, 1, log, _Terminal()) as report:
        report.update(_done(1, 3))
        assert report.bar is not None
        assert report.bar.tasks[0].total == 3
        assert report.bar.tasks[0].completed == 1
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["path"] for line in lines] == ["r1.pdf"]


def test_without_a_terminal_every_nth_file_and_the_last_are_printed() -> None:
    stream = io.StringIO()
    with ProgressReport(5, 2, None, stream) as report:
        for n in range(1, 6):
            report.update(_done(n, 5))
    printed = [line.split(",")[0] for line in stream.getvalue().splitlines()]
    assert printed == ["2/5 files", "4/5 files", "5/5 files"]


def test_a_shard_is_i_of_n() -> None:
    assert parse_shard("2/8") == (2, 8)
    for bad in ("0/8", "9/8", "2", "a/b"):
        try:
            parse_shard(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
