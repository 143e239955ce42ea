"""The stress corpus: reports with known answers whose quirks are sampled independently
along the axes of the benchmark, written with a truth file each and a manifest.

``generate(folder, n, seed)`` is deterministic for a seed and cached: a folder already
holding the same corpus (same n, seed and generator version) is left as it is.
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from pipeline.locate.pages import holds_tables
from pipeline.readers.browser import chromium
from pipeline.readers.office import libreoffice
from synth.browser_pdf import weasyprint_ready, wkhtmltopdf, write_browser_pdf, write_engine_pdf
from synth.build import make_report
from synth.layout import print_report
from synth.model import Printing, Report
from synth.pdfdraw import PdfStyle, random_geometry, write_pdf
from synth.render import (
    cell_per_line_text,
    crawled_page,
    crawled_text,
    html_page,
    lone_pipe_text,
    markdown,
    pipe_text,
    tab_text,
    write_docx,
    write_truth,
)
from synth.scan import ScanStyle, paste_tables_as_pictures, scan_pages, write_scan

VERSION = "10"

PRODUCERS = {
    "docx": 3,
    "lo_pdf": 3,
    "rl_pdf_rules": 3,
    "rl_pdf_hrules": 3,
    "rl_pdf_none": 3,
    "chrome_pdf": 3,
    "cairo_pdf": 2,  # a reportlab PDF printed again by cairo (pdftocairo), as Firefox prints
    "weasy_pdf": 2,  # the web page printed by WeasyPrint
    "wk_pdf": 2,  # the web page printed by wkhtmltopdf
    "txt_tab": 1,
    "txt_crawled": 1,
    "txt_cell_lines": 1,
    "txt_pipes": 1,
    "txt_lone_pipes": 1,
    "txt_crawled_page": 1,
    "md": 1,
    "html": 1,
    "html_gbk": 1,
}
# The formats corpus: scans (read by OCR) and old Word formats (read through LibreOffice).
FORMAT_PRODUCERS = {
    "scan_pdf": 3,
    "scan_png": 1,
    "scan_jpg": 1,
    "scan_tif": 1,
    "scan_tables": 1,  # a text PDF whose tables were pasted in as pictures
    "doc": 1,
    "wps": 1,
}
SCAN_PRODUCERS = {"scan_pdf", "scan_png", "scan_jpg", "scan_tif", "scan_tables"}
SCAN_RULES = ("all", "horizontal", "none")
TEMPLATES = ("fmt2021", "fmt2019", "fmt2021_t2lag")
SCALES = ("city", "township")
NUMBER_STYLES = (
    "plain",
    "thousands",
    "fullwidth",
    "blank_zero",
    "dash_zero",
    "blank_detail_total",
    "sign_words",
)
LABELS = (
    "official",
    "variants",
    "ascii_enumerators",
    "comma_enumerators",
    "notes_in_labels",
    "extra_t2_row",
    "subtotal_column",
    "broken_headers",
)
PAGES = ("repeat_header", "no_repeat_header", "landscape_t4", "top_aligned")
TEXT_LAYERS = ("plain", "fake_bold", "letter_spaced")
NEGATIVES = ("non_report", "empty", "truncated_pdf", "encrypted_pdf", "pre2019")
NEGATIVE_SHARE = 0.06
INCONSISTENT_SHARE = 0.08

# Text producers lose what a blank cell or a separator was: no reader could recover those
# numbers, so these combinations are not generated (the flags they would raise are tested
# on their own in tests/).
LOSSY = {
    "txt_crawled": {"blank_zero", "dash_zero", "blank_detail_total", "thousands"},
    "txt_cell_lines": {"blank_zero", "blank_detail_total"},
    "txt_lone_pipes": {"blank_zero", "blank_detail_total"},
    "txt_crawled_page": {"blank_zero", "dash_zero", "blank_detail_total", "thousands"},
}
PDF_PRODUCERS = {
    "lo_pdf", "rl_pdf_rules", "rl_pdf_hrules", "rl_pdf_none", "chrome_pdf", "cairo_pdf",
    "weasy_pdf", "wk_pdf",
}  # fmt: skip
# Web pages printed by a browser or an HTML engine: CSS gives them any rules.
BROWSER_PRODUCERS = {"chrome_pdf", "weasy_pdf", "wk_pdf"}
# Producers whose rules are drawn from SCAN_RULES (cairo prints a reportlab PDF with any).
ANY_RULES = {*BROWSER_PRODUCERS, "cairo_pdf"}
# How reportlab's pages draw their text: a run per line, several runs, or characters
# drawn one by one backwards (reading order is then only in the positions).
DRAWINGS = ("one", "split", "reversed")
AGENCIES = (
    "淮安市人民政府",
    "米易县得石镇人民政府",
    "长治市信访局",
    "杨凌示范区审计局",
    "西安市阎良区机关事务服务中心",
    "武汉市生态环境局",
    "上海市徐汇区人民政府",
    "广安市岳池县白庙镇人民政府",
    "福州市晋安区教育局",
    "岳阳市南湖新区管理委员会",
)
EXPECTED = {
    "empty": "failed",
    "truncated_pdf": "failed",
    "encrypted_pdf": "failed",
    "non_report": "not_a_report",
    "pre2019": "not_a_report",
}


@dataclass(frozen=True)
class Spec:
    """One report of the corpus: its name and the value of every axis."""

    name: str
    producer: str
    template: str
    scale: str
    number_style: str
    labels: str
    pages: str
    text_layer: str
    rules: str
    inconsistent: bool
    negative: str
    expected_status: str
    drawing: str = "n/a"

    def axes(self) -> dict[str, str]:
        return {
            "producer": self.producer,
            "template": self.template,
            "scale": self.scale,
            "number_style": self.number_style,
            "labels": self.labels,
            "pages": self.pages,
            "text_layer": self.text_layer,
            "rules": self.rules,
            "inconsistent": "yes" if self.inconsistent else "no",
            "negative": self.negative,
            "drawing": self.drawing,
        }


def sample_spec(index: int, rng: random.Random, mix: dict[str, int] | None = None) -> Spec:
    producers, weights = zip(*(mix or PRODUCERS).items(), strict=True)
    producer = rng.choices(producers, weights)[0]
    negative = rng.choice(NEGATIVES) if rng.random() < NEGATIVE_SHARE else "none"
    style = rng.choice([s for s in NUMBER_STYLES if s not in LOSSY.get(producer, set())])
    pdf = producer in PDF_PRODUCERS
    rules = {"rl_pdf_rules": "all", "rl_pdf_hrules": "horizontal", "rl_pdf_none": "none"}
    return Spec(
        name=f"r{index:04d}_{producer}",
        producer=producer,
        template=rng.choice(TEMPLATES),
        scale=rng.choice(SCALES),
        number_style=style,
        labels=rng.choice(LABELS),
        pages=rng.choice(PAGES) if pdf or producer in ("docx", "doc", "wps") else "n/a",
        text_layer=rng.choice(TEXT_LAYERS) if producer.startswith("rl_pdf") else "n/a",
        rules=rng.choice(SCAN_RULES)
        if producer in SCAN_PRODUCERS or producer in ANY_RULES
        else rules.get(producer, "n/a"),
        inconsistent=rng.random() < INCONSISTENT_SHARE,
        negative=negative,
        # A report whose cells are partly flagged is "partial": both mean it was read.
        expected_status=EXPECTED.get(negative, "ok|partial"),
        drawing=rng.choice(DRAWINGS) if producer.startswith(("rl_pdf", "cairo")) else "n/a",
    )


def _printing(spec: Spec) -> Printing:
    options: dict[str, object] = {}
    if spec.number_style != "plain":
        options[spec.number_style] = True
    label_options = {
        "variants": {"label_variants": True},
        "ascii_enumerators": {"ascii_enumerators": True},
        "comma_enumerators": {"comma_enumerators": True},
        "notes_in_labels": {"notes_in_labels": True},
        "extra_t2_row": {"extra_t2_row": True},
        "subtotal_column": {"subtotal_column": True},
        "broken_headers": {"broken_headers": True},
    }
    options.update(label_options.get(spec.labels, {}))
    if spec.template == "fmt2021_t2lag":
        options["t2_template"] = "fmt2019"
    return Printing(**options)  # type: ignore[arg-type]


def build_report(spec: Spec, seed: int) -> Report:
    rng = random.Random(seed)
    template = "fmt2021" if spec.template == "fmt2021_t2lag" else spec.template
    if spec.negative == "pre2019":
        template = "pre2019"
    year = rng.randint(2019, 2024) if template != "fmt2019" else rng.choice([2019, 2020])
    if template == "pre2019":
        year = rng.randint(2010, 2018)
    report = make_report(
        spec.name, rng.choice(AGENCIES), year, template, spec.scale, seed, _printing(spec)
    )
    if spec.inconsistent and template != "pre2019":
        values = dict(report.values)
        key = ("t3", "r3_7", "total") if rng.random() < 0.5 else ("t4", "r1", "review_total")
        values[key] = float(values[key]) + rng.randint(1, 9)
        values[key] = int(values[key])
        report = replace(report, values=values)
    return report


def _write_negative(spec: Spec, folder: Path, seed: int) -> Path:
    if spec.negative == "empty":
        path = folder / f"{spec.name}.pdf"
        path.write_bytes(b"")
    elif spec.negative == "non_report":
        path = folder / f"{spec.name}.docx"
        document = docx.Document()
        document.add_paragraph("关于举办2023年度职工运动会的通知")
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate(
            [["项目", "人数", "预算"], ["跳远", "12", "300"], ["拔河", "40", "800"]]
        ):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.save(str(path))
    elif spec.negative in ("truncated_pdf", "encrypted_pdf"):
        report = build_report(replace(spec, negative="none"), seed)
        path = folder / f"{spec.name}.pdf"
        if spec.negative == "encrypted_pdf":
            page = canvas.Canvas(
                str(path), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o")
            )
            page.drawString(72, 720, report.title)
            page.showPage()
            page.save()
        else:
            write_pdf(print_report(report), path, PdfStyle())
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 3])
    else:  # pre2019
        report = build_report(spec, seed)
        path = folder / f"{spec.name}.txt"
        path.write_text(tab_text(print_report(report)), encoding="utf-8")
    (folder / f"{path.name}.truth.csv").write_text("table,row,col,value,raw\n", encoding="utf-8")
    return path


def _pdf_style(spec: Spec, seed: int | None = None) -> PdfStyle:
    """The reportlab style the spec's axes ask for; with a seed, its geometry drawn at
    random as well (widths, heights, sizes, margins, tracking, footer)."""
    style = PdfStyle(
        rules=spec.rules,
        fake_bold=spec.text_layer == "fake_bold",
        letter_spaced_headers=spec.text_layer == "letter_spaced",
        repeat_header=spec.pages != "no_repeat_header",
        landscape_t4=spec.pages == "landscape_t4",
        valign="top" if spec.pages == "top_aligned" else "middle",
    )
    if seed is None:
        return style
    drawn = random_geometry(style, random.Random(seed), head="政府信息公开工作年度报告")
    return replace(drawn, runs=spec.drawing if spec.drawing in DRAWINGS else "one")


def _scan_style(seed: int) -> ScanStyle:
    rng = random.Random(seed)
    return ScanStyle(
        dpi=150, max_skew=1.5, noise=rng.uniform(4, 14), blur=rng.choice([0.0, 0.0, 0.6])
    )


def write_one(spec: Spec, folder: Path, seed: int, pending_docx: list[Path]) -> None:
    """Write one report and its truth file (Word files for LibreOffice are queued: converted
    to PDF for lo_pdf, to .doc for doc and wps)."""
    if spec.negative != "none":
        _write_negative(spec, folder, seed)
        return
    printed = print_report(build_report(spec, seed))
    producer = spec.producer
    docx_options = {
        "repeat_header": spec.pages != "no_repeat_header",
        "landscape_t4": spec.pages == "landscape_t4",
    }
    if producer == "docx":
        path = folder / f"{spec.name}.docx"
        write_docx(printed, path, **docx_options)  # type: ignore[arg-type]
    elif producer in ("lo_pdf", "doc", "wps"):
        path = folder / f"{spec.name}.{'pdf' if producer == 'lo_pdf' else producer}"
        source = folder / f".{spec.name}.docx"
        write_docx(printed, source, **docx_options)  # type: ignore[arg-type]
        pending_docx.append(source)
    elif producer in SCAN_PRODUCERS:
        suffix = "pdf" if producer == "scan_tables" else producer.removeprefix("scan_")
        path = folder / f"{spec.name}.{suffix}"
        style = _scan_style(seed)
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "page.pdf"
            write_pdf(printed, source, _pdf_style(spec))
            if producer == "scan_tables":
                paste_tables_as_pictures(source, path, style, random.Random(seed), holds_tables)
            else:
                write_scan(scan_pages(source, style, random.Random(seed)), path, style.dpi)
    elif producer.startswith("rl_pdf"):
        path = folder / f"{spec.name}.pdf"
        write_pdf(printed, path, _pdf_style(spec, seed))
    elif producer == "chrome_pdf":
        path = folder / f"{spec.name}.pdf"
        write_browser_pdf(printed, path, spec.rules, seed)
    elif producer in ("weasy_pdf", "wk_pdf"):
        path = folder / f"{spec.name}.pdf"
        engine = "weasyprint" if producer == "weasy_pdf" else "wkhtmltopdf"
        write_engine_pdf(printed, path, spec.rules, seed, engine)
    elif producer == "cairo_pdf":
        path = folder / f"{spec.name}.pdf"
        with tempfile.TemporaryDirectory(prefix="synth-cairo-") as work:
            source = Path(work) / "page.pdf"
            write_pdf(printed, source, _pdf_style(spec, seed))
            reprint_with_cairo(source, path)
    elif producer == "md":
        path = folder / f"{spec.name}.md"
        path.write_text(markdown(printed, broken=True), encoding="utf-8")
    elif producer.startswith("html"):
        path = folder / f"{spec.name}.html"
        path.write_bytes(html_page(printed, "gbk" if producer == "html_gbk" else "utf-8"))
    else:
        path = folder / f"{spec.name}.txt"
        report = build_report(spec, seed)
        render = {
            "txt_tab": tab_text,
            "txt_crawled": crawled_text,
            "txt_cell_lines": cell_per_line_text,
            "txt_pipes": lambda p: pipe_text(p, seed),
            "txt_lone_pipes": lone_pipe_text,
            "txt_crawled_page": lambda p: crawled_page(p, report.title, report.published, seed),
        }[producer]
        path.write_text(render(printed), encoding="utf-8")
    write_truth(printed, folder / f"{path.name}.truth.csv")


def pdftocairo() -> str | None:
    return shutil.which("pdftocairo")


def reprint_with_cairo(source: Path, path: Path) -> None:
    """``source`` printed again to ``path`` by cairo (poppler's pdftocairo): its fonts
    embedded as cairo subsets them, each run of text written as cairo writes it (some back
    to front, placed by kerning), its rules as cairo's paths."""
    binary = pdftocairo()
    if binary is None:
        raise RuntimeError("the cairo_pdf producer needs pdftocairo: apt-get install poppler-utils")
    import subprocess

    subprocess.run([binary, "-pdf", str(source), str(path)], check=True, capture_output=True,
                   timeout=120)  # fmt: skip


def _convert_all(sources: list[Path], folder: Path, targets: dict[str, str]) -> None:
    """Convert queued Word files in LibreOffice runs: to PDF, or to .doc (a .wps is a .doc
    under WPS Office's suffix, which LibreOffice cannot write)."""
    binary = libreoffice()
    if not sources:
        return
    if binary is None:
        raise RuntimeError(
            "the lo_pdf, doc and wps producers need LibreOffice: "
            "apt-get install libreoffice-writer-nogui"
        )
    import subprocess

    with tempfile.TemporaryDirectory() as work:
        for kind in ("pdf", "doc"):
            batch = [
                s
                for s in sources
                if targets[s.stem.lstrip(".")] in ({"pdf"} if kind == "pdf" else {"doc", "wps"})
            ]
            for start in range(0, len(batch), 40):
                chunk = batch[start : start + 40]
                subprocess.run(
                    [binary, f"-env:UserInstallation=file://{work}/profile", "--headless",
                     "--convert-to", kind, "--outdir", work, *map(str, chunk)],
                    check=True, capture_output=True, timeout=600,
                )  # fmt: skip
        for source in sources:
            name = source.stem.lstrip(".")
            target = targets[name]
            produced = Path(work) / f"{source.stem}.{'pdf' if target == 'pdf' else 'doc'}"
            shutil.move(str(produced), folder / f"{name}.{target}")
            source.unlink()


MANIFEST = "manifest.csv"


def generate(
    folder: Path, n: int = 300, seed: int = 0, mix: dict[str, int] | None = None
) -> list[Spec]:
    """Write (or reuse) a corpus of ``n`` reports in ``folder``; returns their specs.
    ``mix`` weighs the producers (PRODUCERS by default; FORMAT_PRODUCERS for scans and old
    Word formats)."""
    mix = mix or PRODUCERS
    stamp = f"{VERSION}:{n}:{seed}:{','.join(sorted(mix))}"
    rng = random.Random(seed)
    specs = [sample_spec(i, rng, mix) for i in range(n)]
    missing = {
        "chrome_pdf": chromium() is None,
        "cairo_pdf": pdftocairo() is None,
        "weasy_pdf": not weasyprint_ready(),
        "wk_pdf": wkhtmltopdf() is None,
    }
    specs = [
        replace(s, producer="rl_pdf_rules", rules="all", drawing="one",
                name=s.name.replace(s.producer, "rl_pdf_rules"))
        if missing.get(s.producer)
        else s
        for s in specs
    ]  # fmt: skip
    if libreoffice() is None:
        specs = [
            replace(s, producer="docx", name=s.name.replace(s.producer, "docx"))
            if s.producer in ("lo_pdf", "doc", "wps")
            else s
            for s in specs
        ]
    # the producers this machine has are part of what the corpus is
    stamp += ":" + ",".join(sorted({s.producer for s in specs}))
    stamp_file = folder / ".stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp and (folder / MANIFEST).exists():
        return specs
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pending: list[Path] = []
    for index, spec in enumerate(specs):
        write_one(spec, folder, seed * 1_000_003 + index, pending)
    targets = {s.name: "pdf" if s.producer == "lo_pdf" else s.producer for s in specs}
    _convert_all(pending, folder, targets)
    with (folder / MANIFEST).open("w", encoding="utf-8", newline="") as handle:
        fields = ["name", "file", *specs[0].axes(), "expected_status"]
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for spec in specs:
            file = next(
                p.name for p in folder.glob(f"{spec.name}.*") if not p.name.endswith(".truth.csv")
            )
            writer.writerow(
                {
                    "name": spec.name,
                    "file": file,
                    **spec.axes(),
                    "expected_status": spec.expected_status,
                }
            )
    stamp_file.write_text(stamp)
    return specs


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Axes by file name, for ``ogi evaluate --groups``."""
    with (folder / MANIFEST).open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}
