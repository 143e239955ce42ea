"""``make bench``: extract the stress corpus (and the real reports in ../shared where
present) with ogi and with two baselines, score all of them the same way, time them, and
write bench/RESULTS.md.

Usage: python -m bench.run [--n 300] [--seed 0] [--corpus bench/corpus] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import misreads, profile
from pipeline.analysis.evaluate import Evaluation, Score, evaluate, read_groups, status_mismatches
from pipeline.output.dataset import read_frame
from synth.corpus import FORMAT_PRODUCERS, MANIFEST, SCAN_PRODUCERS, generate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".html", ".htm"}
FORMAT_SUFFIXES = {".pdf", ".doc", ".wps", ".png", ".jpg", ".tif"}
DOCUMENT_PRODUCERS = {
    "docx",
    "lo_pdf",
    "rl_pdf_rules",
    "rl_pdf_hrules",
    "rl_pdf_none",
    "chrome_pdf",
    "cairo_pdf",
    "weasy_pdf",
    "wk_pdf",
}


@dataclass(frozen=True)
class Run:
    method: str
    files: int
    pages: int
    seconds: float
    peak_mb: float
    score: Score

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def reports_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0


def documents(folder: Path, suffixes: set[str] = DOCUMENT_SUFFIXES) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(".")
    )


def run_method(method: str, files: list[Path], out: Path) -> tuple[float, float]:
    """Run a method in a child process; (wall seconds, peak resident MB) of that child."""
    out.mkdir(parents=True, exist_ok=True)
    listing = out / "files.txt"
    listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.method", method, str(out), str(listing)], cwd=ROOT
    )
    status = child.wait()
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{method} exited with {status}")
    return seconds, float((out / "peak_mb.txt").read_text(encoding="utf-8"))


def measure(
    method: str, files: list[Path], out: Path, truth: Path, pages: dict[str, int]
) -> tuple[Run, Evaluation]:
    seconds, peak = run_method(method, files, out)
    evaluation = evaluate(out, [truth])
    page_total = sum(pages.get(p.name, 1) for p in files)
    return Run(method, len(files), page_total, seconds, peak, evaluation.overall), evaluation


def _row(run: Run) -> str:
    s = run.score
    return (
        f"| {run.method} | {run.files} | {run.pages} | {s.precision:.4f} | {s.recall:.4f} | "
        f"{s.f1:.4f} | {run.seconds:.1f} | {run.pages_per_second:.1f} | "
        f"{run.reports_per_second:.2f} | {run.peak_mb:.0f} |"
    )


HEADER = (
    "| method | reports | pages | precision | recall | F1 | seconds | pages/s | reports/s "
    "| peak MB |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--baselines", default="pdfplumber,camelot")
    parser.add_argument(
        "--scale", type=int, default=500, help="reports for the batch run (0: skip)"
    )
    parser.add_argument(
        "--formats", type=int, default=40, help="scans and .doc/.wps reports (0: skip)"
    )
    parser.add_argument(
        "--misreads", type=int, default=25, help="reports of each suffix to inject (0: skip)"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    generate(args.corpus, args.n, args.seed)
    print(f"corpus ready: {args.corpus} ({time.perf_counter() - started:.0f} s)")
    groups, expected = read_groups(args.corpus / MANIFEST)
    files = documents(args.corpus)

    # ogi on everything: accuracy by axis, statuses.
    everything, _ = measure("ogi", files, args.work / "ogi_all", args.corpus, {})
    reports = read_frame(args.work / "ogi_all", "reports")
    pages = {
        Path(p).name: int(n)
        for p, n in zip(reports["path"], reports["pages"].fillna(1), strict=True)
    }
    everything = Run(
        "ogi",
        everything.files,
        sum(pages.values()),
        everything.seconds,
        everything.peak_mb,
        everything.score,
    )
    by_axis = evaluate(args.work / "ogi_all", [args.corpus], groups)
    mismatches = status_mismatches(by_axis, expected)
    # The corpus of the issue: Word and PDF producers; text and web formats apart.
    documents_only = {f for f, axes in groups.items() if axes.get("producer") in DOCUMENT_PRODUCERS}
    stress = evaluate(args.work / "ogi_all", [args.corpus], groups, only=documents_only)
    formats = evaluate(
        args.work / "ogi_all", [args.corpus], groups, only=set(groups) - documents_only
    )

    # Text-layer PDFs: ogi against the baselines, same files, same scoring.
    pdfs = [
        p
        for p in files
        if p.suffix == ".pdf" and groups.get(p.name, {}).get("negative", "none") == "none"
    ]
    runs = [measure("ogi", pdfs, args.work / "ogi_pdf", args.corpus, pages)[0]]
    for name in [b for b in args.baselines.split(",") if b]:
        print(f"running baseline {name} on {len(pdfs)} PDFs")
        runs.append(measure(name, pdfs, args.work / f"{name}_pdf", args.corpus, pages)[0])

    profile_lines = profile.section(pdfs)
    real_lines = _real_reports(args.work)
    format_lines = _formats(args) if args.formats else ["Not measured (`--formats 0`)."]
    scale_lines = _scale(args) if args.scale else ["Not measured in this run (`--scale 0`)."]
    misread_lines = misreads.section(
        [ROOT / "samples", args.corpus, *[f for f in (SHARED / "corpus",) if f.is_dir()]],
        args.misreads,
    )
    write_results(
        args,
        everything,
        by_axis,
        stress,
        formats,
        mismatches,
        runs,
        real_lines,
        scale_lines,
        format_lines,
        misread_lines,
        profile_lines,
    )
    print(args.results.read_text(encoding="utf-8"))


def _formats(args: argparse.Namespace) -> list[str]:
    """The formats corpus: scans read by OCR, .doc and .wps read through LibreOffice; one
    process, so OCR runs on one core."""
    corpus = args.corpus.parent / "corpus_formats"
    generate(corpus, args.formats, args.seed + 2, FORMAT_PRODUCERS)
    groups, expected = read_groups(corpus / MANIFEST)
    files = documents(corpus, FORMAT_SUFFIXES)
    out = args.work / "ogi_formats"
    seconds, peak = run_method("ogi", files, out)
    evaluation = evaluate(out, [corpus], groups)
    reports = read_frame(out, "reports")
    scans = {f for f, axes in groups.items() if axes.get("producer") in SCAN_PRODUCERS}
    read = reports[reports["path"].isin(scans) & reports["status"].isin(["ok", "partial"])]
    per_page = read["seconds"] / read["pages"].astype(float)
    scan_score = evaluate(out, [corpus], groups, only=scans).overall
    lines = [
        f"{len(files)} reports from `synth/corpus.py` (`FORMAT_PRODUCERS`, seed {args.seed + 2}): "
        "scans made from generated PDFs at 150 dpi, turned up to 1.5° either way, with grain "
        "and sometimes blur, saved as an image-only PDF, a TIFF, or one long PNG or JPEG, or "
        "pasted as pictures of its table pages into the text PDF under a line of text; and "
        ".doc and .wps files written by LibreOffice (a .wps is a .doc under WPS Office's "
        "suffix). One process, so OCR runs on one core.",
        "",
        f"- Scans: cell precision {scan_score.precision:.4f}, recall {scan_score.recall:.4f}, "
        f"F1 {scan_score.f1:.4f} over {scan_score.truth} truth cells.",
        f"- OCR time: median {per_page.median():.1f} s a page, slowest {per_page.max():.1f} s a "
        f"page ({int(read['pages'].sum())} pages); the whole corpus took {seconds:.0f} s; "
        f"peak memory {peak:.0f} MB.",
        f"- Statuses: {len(status_mismatches(evaluation, expected))} of "
        f"{len(evaluation.statuses)} files got another status than expected.",
        "",
        *_axis_table(evaluation, skip=frozenset({"pages", "text_layer", "file", "name"})),
    ]
    return lines


def _real_reports(work: Path) -> list[str]:
    folders = [f for f in (SHARED / "seeds", SHARED / "corpus") if f.is_dir()]
    files = [p for f in folders for p in documents(f)]
    if not files:
        return ["No real reports were found in ../shared."]
    run, evaluation = measure("ogi", files, work / "ogi_real", folders[0], {})
    evaluation = evaluate(work / "ogi_real", folders)
    s = evaluation.overall
    lines = [
        f"{len(files)} files in {', '.join(str(f.relative_to(SHARED.parent)) for f in folders)}: "
        f"{len(evaluation.documents)} with truth files; cell precision {s.precision:.4f}, "
        f"recall {s.recall:.4f}, F1 {s.f1:.4f}; {run.seconds:.1f} s in all.",
        "",
        "| file | truth cells | right | predicted |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {p} | {d.truth} | {d.correct} | {d.predicted} |"
        for p, d in sorted(evaluation.documents.items())
    ]
    return lines


def _axis_table(evaluation: Evaluation, skip: frozenset[str] = frozenset()) -> list[str]:
    lines = [
        "| axis | value | cells | precision | recall | F1 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for axis, groups in evaluation.by_group.items():
        if axis in skip:
            continue
        for value, s in sorted(groups.items()):
            if not s.truth:
                continue
            lines.append(
                f"| {axis} | {value} | {s.truth} | {s.precision:.4f} | {s.recall:.4f} "
                f"| {s.f1:.4f} |"
            )
    return lines


def _weakest(evaluation: Evaluation) -> str:
    axes = [
        (s.f1, f"{axis}={value}")
        for axis, groups in evaluation.by_group.items()
        if axis not in {"file", "name"}
        for value, s in groups.items()
        if s.truth
    ]
    f1, name = min(axes)
    return f"{name} ({f1:.4f})"


def write_results(
    args: argparse.Namespace,
    everything: Run,
    by_axis: Evaluation,
    stress: Evaluation,
    formats: Evaluation,
    mismatches: list[tuple[str, str, str]],
    runs: list[Run],
    real: list[str],
    scale: list[str],
    scans: list[str],
    naming: list[str],
    stages: list[str],
) -> None:
    s = stress.overall
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {dt.date.today().isoformat()} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} "
        f"cores). Stress corpus: {args.n} reports from `synth/corpus.py`, seed {args.seed}; "
        "every axis is sampled independently. Cells are scored "
        "against the truth files: a cell is right when its key and value match; flagged cells "
        "with no value count against recall only. The machine is noisy: speeds vary by ±20 %.",
        "",
        "## Summary",
        "",
        f"- Word and PDF reports ({len(stress.documents)} documents, producers "
        f"{', '.join(sorted(DOCUMENT_PRODUCERS))}): cell precision {s.precision:.4f}, recall "
        f"{s.recall:.4f}, F1 {s.f1:.4f}; weakest axis value {_weakest(stress)}.",
        f"- Text and web formats ({len(formats.documents)} documents): F1 "
        f"{formats.overall.f1:.4f}; weakest {_weakest(formats)}.",
        f"- Text-layer PDFs: ogi {runs[0].pages_per_second:.1f} pages/s against "
        + ", ".join(f"{r.method} {r.pages_per_second:.1f}" for r in runs[1:])
        + f"; peak memory {runs[0].peak_mb:.0f} MB.",
        f"- Statuses: {len(mismatches)} of {len(by_axis.statuses)} files got another status "
        "than expected.",
        "",
        "## Text-layer PDFs: ogi against two baselines",
        "",
        "The same PDFs, scored the same way. Baselines: pdfplumber's `extract_tables()` on every "
        "page, and camelot's lattice flavor, each followed by an exact lookup of the official "
        "row labels.",
        "",
        HEADER,
        *[_row(r) for r in runs],
        "",
        "### Where the time goes",
        "",
        *stages,
        "",
        "## ogi on the whole corpus (every format)",
        "",
        HEADER,
        _row(everything),
        "",
        "### Word and PDF reports, by variation axis",
        "",
        *_axis_table(stress),
        "",
        "### Text and web formats, by variation axis",
        "",
        *_axis_table(formats, skip=frozenset({"pages", "text_layer"})),
        "",
        "### Negatives and statuses",
        "",
    ]
    negatives = _negative_files(args.corpus)
    got = {Path(p).name: st for p, st in by_axis.statuses.items()}
    lines.append(
        f"{len(negatives)} negative files (empty, truncated, encrypted, not a report, pre-2019): "
        + ", ".join(f"{name} → {got.get(name, '?')}" for name in sorted(negatives))
        + "."
    )
    lines.append(f"{len(mismatches)} files of the whole corpus got another status than expected.")
    for path, want, status in mismatches:
        lines.append(f"- {path}: expected {want}, got {status}")
    lines += ["", "## Scans and old Word formats", "", *scans]
    lines += ["", "## Naming the misread cell", "", *naming]
    lines += ["", "## Batch runs", "", *scale, "", "## Real reports", "", *real, ""]
    args.results.write_text("\n".join(lines), encoding="utf-8")


def _timed_extract(
    corpus: Path, out: Path, *options: str
) -> tuple[float, float, list[dict[str, object]]]:
    """Wall time of one `ogi extract` command, the run's own time as it reports it (after
    the interpreter started), and its --log lines."""
    log = out / "run.jsonl"
    log.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--log", str(log), *options],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    match = re.search(r"files in ([\d.]+) s", done.stdout)
    run = float(match.group(1)) if match else seconds
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    return seconds, run, lines


REPEATS = 3


def _median_run(
    corpus: Path, out: Path, *options: str
) -> tuple[float, float, list[dict[str, object]]]:
    """The median of REPEATS runs (the machine is noisy), by wall time."""
    runs = sorted(
        (_timed_extract(corpus, out, *options) for _ in range(REPEATS)), key=lambda r: r[0]
    )
    return runs[len(runs) // 2]


def _rerun_note(hits: int, listed: int) -> str:
    if not listed:
        return "the dataset was up to date: no file read again"
    return f"{hits} of {listed} from the cache"


def _scale(args: argparse.Namespace) -> list[str]:
    """--jobs 1 against --jobs 2 on a larger corpus, a rerun, and the workers' memory."""
    corpus = args.corpus.parent / f"corpus{args.scale}"
    generate(corpus, args.scale, args.seed + 1)
    out = args.work / "scale"
    one, one_run, _ = _median_run(corpus, out, "--jobs", "1", "--force")
    two, two_run, lines = _median_run(corpus, out, "--jobs", "2", "--force")
    again, again_run, cached = _median_run(corpus, out, "--jobs", "2")
    peak = max((float(line["worker_mb"]) for line in lines if line.get("worker_mb")), default=0.0)
    hits = sum(1 for line in cached if line["cached"])
    return [
        f"{args.scale} generated reports (seed {args.seed + 1}); each figure the median of "
        f"{REPEATS} runs of `ogi extract`. *wall*: the whole command, the interpreter's start "
        "included; *run*: the time the command reports for its run (from finding the files "
        "to the last file written).",
        "",
        "| run | wall s | speed-up | run s | speed-up |",
        "|---|---:|---:|---:|---:|",
        f"| --jobs 1 | {one:.2f} | 1.00× | {one_run:.2f} | 1.00× |",
        f"| --jobs 2 | {two:.2f} | {one / two:.2f}× | {two_run:.2f} | {one_run / two_run:.2f}× |",
        f"| rerun, unchanged folder ({_rerun_note(hits, len(cached))}) | {again:.2f} | "
        f"{two / again:.1f}× faster than --jobs 2 | {again_run:.2f} | "
        f"{two_run / max(again_run, 0.01):.0f}× |",
        "",
        f"Peak memory of a worker: {peak:.0f} MB.",
        "",
        *_ceiling(args),
    ]


CEILING_FILES = 60


def _ceiling(args: argparse.Namespace) -> list[str]:
    """What two cores give at most: the same PDFs read by one process alone, then by
    two independent processes side by side (no runner, no parent between them)."""
    negatives = _negative_files(args.corpus)
    pdfs = sorted(p for p in args.corpus.glob("*.pdf") if p.name not in negatives)
    pdfs = pdfs[:CEILING_FILES]
    work = args.work / "ceiling"
    listing = work / "files.txt"
    work.mkdir(parents=True, exist_ok=True)
    listing.write_text("\n".join(str(p) for p in pdfs), encoding="utf-8")
    command = [sys.executable, "-m", "bench.method", "ogi"]

    def alone() -> float:
        started = time.perf_counter()
        subprocess.run([*command, str(work / "a"), str(listing)], check=True, cwd=ROOT)
        return time.perf_counter() - started

    def side_by_side() -> float:
        started = time.perf_counter()
        children = [
            subprocess.Popen([*command, str(work / name), str(listing)], cwd=ROOT)
            for name in ("b", "c")
        ]
        for child in children:
            child.wait()
        return time.perf_counter() - started

    one = sorted(alone() for _ in range(REPEATS))[REPEATS // 2]
    two = sorted(side_by_side() for _ in range(REPEATS))[REPEATS // 2]
    return [
        f"The machine's own ceiling: {len(pdfs)} PDFs read by one process alone take "
        f"{one:.2f} s; two independent processes reading them side by side take {two:.2f} s, "
        f"so two processes get through {2 * one / two:.2f}× the work of one (a process runs "
        f"{(two / one - 1):.0%} slower beside another on these cores). `--jobs 2` can reach "
        "that at most.",
    ]


def _negative_files(corpus: Path) -> set[str]:
    groups, _ = read_groups(corpus / MANIFEST)
    return {f for f, axes in groups.items() if axes.get("negative", "none") != "none"}


if __name__ == "__main__":
    main()
