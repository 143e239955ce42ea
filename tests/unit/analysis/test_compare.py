"""Years compared: carry-over, roll-forward and jumps across one agency's reports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli.commands import app
from pipeline.run.api import run_to_folder
from pipeline.run.options import ExtractOptions
from synth.build import make_report
from synth.layout import print_report
from synth.render import tab_text

AGENCY = "淮安市人民政府"
COLUMNS = ("natural_person", "org_commercial", "org_research", "org_public_interest",
           "org_legal_service", "org_other", "total")  # fmt: skip


def _write_years(folder: Path) -> None:
    first = make_report("y2022", AGENCY, 2022, "fmt2021", "city", seed=21)
    second = make_report("y2023", AGENCY, 2023, "fmt2021", "city", seed=22)
    values = dict(second.values)
    # 2023 carries in what 2022 carried out, except 自然人 (a printed inconsistency),
    # and its regulations in force roll forward from 2022's.
    for column in COLUMNS:
        values["t3", "r2", column] = first.values["t3", "r4", column]
    values["t3", "r2", "natural_person"] = int(first.values["t3", "r4", "natural_person"]) + 3
    values["t2", "art20_1_regulation", "in_force"] = (
        int(first.values["t2", "art20_1_regulation", "in_force"])
        + int(values["t2", "art20_1_regulation", "issued"])
        - int(values["t2", "art20_1_regulation", "repealed"])
    )
    second = replace(second, values=values)
    for report in (first, second):
        (folder / f"{report.name}.txt").write_text(tab_text(print_report(report)), encoding="utf-8")


def test_compare_checks_consecutive_years(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    _write_years(source)
    run_to_folder([source], out, ExtractOptions(jobs=1))
    result = CliRunner().invoke(app, ["compare", str(out)])
    assert result.exit_code == 0, result.output
    import pandas as pd

    frame = pd.read_parquet(out / "compare.parquet")
    carry = frame[frame["check"] == "x.year_carry"].set_index("scope")
    assert len(carry) == 7
    assert not carry.loc["natural_person", "ok"]
    assert carry.drop(index=["natural_person", "total"])["ok"].all()
    in_force = frame[(frame["check"] == "x.year_in_force")].set_index("scope")
    assert in_force.loc["art20_1_regulation", "ok"]
    assert set(frame["year"]) == {2023}
    assert "x.year_carry [natural_person]" in result.output
