"""The ``ogi`` command: a thin typer layer over :mod:`pipeline.run.api`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.about.overrides import read_meta
from pipeline.analysis.evaluate import evaluate as score_output
from pipeline.analysis.evaluate import read_groups, status_mismatches
from pipeline.cli.progress import ProgressReport, parse_shard, summary_table
from pipeline.cli.views import clean, render_evaluation, render_report, safe_markup
from pipeline.run.api import InputError, OutputError, find_inputs, run_to_folder
from pipeline.run.options import ExtractOptions

app = typer.Typer(
    help="Turn 政府信息公开工作年度报告 (PDF, Word, text, Markdown) into tidy tables.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the dataset.")] = Path(
        "output"
    ),
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: every core).")
    ] = max(1, os.cpu_count() or 1),
    timeout: Annotated[float, typer.Option(help="Seconds a file may take.")] = 120.0,
    memory_mb: Annotated[int, typer.Option(help="Memory ceiling of a worker, in MB.")] = 4096,
    force: Annotated[bool, typer.Option(help="Extract again what the cache holds.")] = False,
    log: Annotated[Path | None, typer.Option(help="Write one JSON line per file here.")] = None,
    shard: Annotated[
        str, typer.Option(help="I/N: take only the I-th of N parts of the files (job arrays).")
    ] = "1/1",
    every: Annotated[int, typer.Option(help="Without a terminal, a line every N files.")] = 100,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Run on Dask: a scheduler address, or `local` for a local cluster."),
    ] = None,
    meta: Annotated[
        Path | None,
        typer.Option(
            help="CSV of what a scraper knows per file (file, agency, year, url, region)."
        ),
    ] = None,
    second_reading: Annotated[
        bool,
        typer.Option(
            help="Read the cells of a failed relation a second way (a PDF's picture by OCR; "
            "a Word file or web page printed to PDF) to tell a misreading from a printed "
            "inconsistency. --no-second-reading is faster where numbers do not add up."
        ),
    ] = True,
) -> None:
    """Extract tables 二、三、四 of every report into OUT (reports, cells, checks, panel;
    each as Parquet and CSV). Files run in parallel; results are cached in
    OUT/.ogi-cache, so a rerun (or a run after an interruption) only reads new files.

    Example: ogi extract reports/ --out output/ --jobs 4 --log output/run.jsonl
    """
    try:
        found = find_inputs(inputs)
        part = parse_shard(shard)
        given = read_meta(meta) if meta else None
    except (InputError, ValueError) as error:
        errors.print(f"[red]{safe_markup(error)}[/red]")
        raise typer.Exit(2) from error
    options = ExtractOptions(second_reading, jobs, timeout, memory_mb, force)
    started = time.perf_counter()
    with _writing(out), ProgressReport(len(found), every, log) as report:
        summary = run_to_folder(inputs, out, options, part, report.update, scheduler, given)
    console.print(summary_table(summary, time.perf_counter() - started))
    console.print(f"→ {safe_markup(out)}/")


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="One report file.", exists=True, dir_okay=False)],
) -> None:
    """Print one report's three tables laid out like the official ones; poorly matched
    labels in yellow, flagged cells in red, failed checks listed.

    Example: ogi show samples/seed_2023.txt
    """
    from pipeline.chain import extract_file

    console.print(render_report(extract_file(file, file.name)))


@app.command()
def evaluate(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `ogi extract`.")],
    truth: Annotated[
        list[Path], typer.Option("--truth", "-t", help="Folder(s) with NAME.truth.csv files.")
    ],
    groups: Annotated[
        Path | None,
        typer.Option(help="CSV with a `file` column and one column per variation axis."),
    ] = None,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when cell F1 is below this.")
    ] = None,
    wrong: Annotated[int, typer.Option(help="Wrong cells listed per document.")] = 5,
) -> None:
    """Score an output folder against truth files: cell precision, recall and F1 overall and
    by table, template, format (and each axis of --groups), then every document that is
    not exact with its wrong cells.

    Example: ogi evaluate output/ --truth samples/ --min-f1 0.99
    """
    axes, expected = read_groups(groups) if groups else ({}, {})
    try:
        result = score_output(out_dir, truth, axes)
    except FileNotFoundError as error:
        errors.print(f"[red]{safe_markup(error)}[/red]")
        raise typer.Exit(2) from error
    console.print(render_evaluation(result, status_mismatches(result, expected), wrong))
    if min_f1 is not None and result.overall.f1 < min_f1:
        errors.print(f"[red]cell F1 {result.overall.f1:.4f} is below {min_f1}[/red]")
        raise typer.Exit(1)


@app.command()
def compare(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `ogi extract`.")],
) -> None:
    """Compare each agency's years: carry-over (table 三 row 二 of a year equals row 四 of
    the year before, per column), the table 二 roll-forward (in force = last year's + issued
    - repealed) and large jumps; written to OUT_DIR/compare.parquet and .csv.

    Example: ogi compare output/
    """
    from pipeline.analysis.compare import compare as compare_years

    with _needs_output(out_dir):
        frame = compare_years(out_dir)
    failed = frame[~frame["ok"]] if len(frame) else frame
    pairs = frame[["agency", "year"]].drop_duplicates() if len(frame) else frame
    console.print(
        f"{len(pairs)} agency-years with a year before; {len(frame)} checks, "
        f"{len(failed)} failed → {safe_markup(out_dir)}/compare.csv"
    )
    for row in failed.head(30).itertuples(index=False):
        console.print(
            f"  ✗ {clean(str(row.agency))} {row.previous_year}→{row.year} "
            f"{row.check} [{row.scope}]: "
            f"expected {row.expected:g}, printed {row.actual:g}",
            markup=False,
        )


@app.command()
def audit(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of `ogi extract`.")],
) -> None:
    """Write OUT_DIR/audit.html: per agency, its years side by side, charts of requests
    and their outcomes, and the failed checks marked on the cells (one file, offline).

    Example: ogi audit output/
    """
    from pipeline.analysis.audit import write_audit

    with _needs_output(out_dir):
        target = write_audit(out_dir)
    console.print(f"→ {safe_markup(target)}")


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Exit 1 with the reason when the output folder cannot be written."""
    try:
        yield
    except OutputError as error:
        errors.print(f"[red]{safe_markup(error)}[/red]")
        raise typer.Exit(1) from error
    except OSError as error:
        errors.print(f"[red]cannot write to {safe_markup(out)}: {safe_markup(error)}[/red]")
        raise typer.Exit(1) from error


@contextmanager
def _needs_output(out_dir: Path) -> Iterator[None]:
    """Exit 2 with a hint when OUT_DIR holds no dataset yet."""
    try:
        yield
    except FileNotFoundError as error:
        errors.print(
            f"[red]{safe_markup(error)}: run `ogi extract` into {safe_markup(out_dir)} first[/red]"
        )
        raise typer.Exit(2) from error


def main() -> None:
    app()
