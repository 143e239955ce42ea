"""Hostile and faulty files: nothing reaches the network or the file system beyond the
input, nothing is left running, and a dataset is always one run's, whole."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.chain import extract_file
from pipeline.cli.commands import app
from pipeline.readers.browser import chromium, print_pdf, strip_active
from pipeline.readers.html import read_html
from pipeline.readers.office import libreoffice, read_office
from pipeline.records import Line, Status, TextCell
from pipeline.run import api, local
from pipeline.run.api import OutputError, output_lock, run_to_folder
from pipeline.run.cache import Cache
from pipeline.run.limits import run_program
from pipeline.run.options import ExtractOptions
from tests.conftest import SAMPLES

ONCE = ExtractOptions(second_reading=False)

SEED = SAMPLES / "seed_2023.txt"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"SECRET-FROM-SERVER")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()


def test_active_content_is_stripped_before_printing() -> None:
    page = (
        "<link rel=stylesheet href='http://x/a.css'><script>fetch('http://x/f')</script>"
        "<iframe src='file:///etc/passwd'></iframe><object data='http://x/o'></object>"
        "<style>@import url(http://x/b.css); td{background:url(http://x/bg.png)}</style>"
        "<table onclick='go()'><tr><td background='http://x/t.png'>7</td></tr></table>"
        "<img src='data:image/png;base64,AAAA'><meta http-equiv=refresh content='0;http://x'>"
    )
    kept = strip_active(page)
    for gone in ("http://x", "file:", "script", "iframe", "object", "onclick", "refresh"):
        assert gone not in kept
    assert "<td>7</td>" in kept


@pytest.mark.skipif(chromium() is None, reason="needs Chromium")
def test_printing_a_page_fetches_nothing_and_reads_no_local_file(
    server: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, requests = server
    page = (
        f"<html><head><link rel=stylesheet href='{url}/a.css'>"
        f"<style>@import url({url}/b.css); body{{background:url({url}/bg.png)}}</style></head>"
        f"<body><script>fetch('{url}/fetch')</script><iframe src='{url}/frame'></iframe>"
        f"<iframe src='file:///etc/passwd'></iframe><img src='{url}/x.png'>"
        "<table><tr><td>规章</td><td>7</td></tr></table></body></html>"
    )
    target = print_pdf(page, tmp_path)
    time.sleep(0.5)
    assert requests == []
    import pypdfium2 as pdfium

    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(target))
    assert "7" in text
    assert "root:" not in text and "SECRET" not in text


def test_pictures_are_read_only_from_the_pages_own_folder(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "inside.png").write_bytes(b"INSIDE")
    (tmp_path / "outside.png").write_bytes(b"OUTSIDE")
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    page = folder / "page.html"
    page.write_text(
        "<html><body><p>某县2023年政府信息公开工作年度报告</p>"
        "<img src='inside.png'><img src='../outside.png'><img src='/etc/passwd'>"
        f"<img src='{tmp_path / 'outside.png'}'><img src='link.png'></body></html>",
        encoding="utf-8",
    )
    seen: list[bytes] = []

    def reader(data: bytes) -> list[Line]:
        seen.append(data)
        return [Line((TextCell("x"),))]

    read_html(page, reader)
    assert seen == [b"INSIDE"]


def _odt_with_a_linked_picture(path: Path, url: str) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
        ' office:version="1.2"><office:body><office:text><text:p>某县2023年政府信息公开工作年度报告'
        '<draw:frame svg:width="5cm" svg:height="5cm"><draw:image'
        f' xlink:href="{url}/picture.png" xlink:type="simple" xlink:show="embed"'
        ' xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


@pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice")
def test_libreoffice_fetches_no_linked_picture(
    server: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, requests = server
    source = tmp_path / "linked.odt"
    _odt_with_a_linked_picture(source, url)
    document = read_office(source, "odt")
    assert "年度报告" in document.text
    time.sleep(0.5)
    assert requests == []


def test_the_cache_is_data_that_cannot_run_code(tmp_path: Path) -> None:
    store = Cache(tmp_path, ONCE.cache_key())
    result = extract_file(SEED, "seed.txt", options=ONCE)
    store.put("ab" * 32, result)
    entries = list(tmp_path.rglob("*.json"))
    assert len(entries) == 1
    assert json.loads(entries[0].read_text(encoding="utf-8"))["path"] == "seed.txt"
    assert store.get("ab" * 32) == result
    # Whoever can write the cache folder plants a pickle that would run code: it is
    # read as JSON, found to be none, and ignored.
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    entries[0].write_bytes(pickle.dumps(Payload()))
    assert store.get("ab" * 32) is None
    assert not marker.exists()


def test_csv_copies_neutralise_formulas_and_parquet_keeps_the_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "+evil.txt")
    meta = tmp_path / "meta.csv"
    meta.write_text('file,agency\n+evil.txt,"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "--meta", str(meta)])
    assert done.exit_code == 0, done.output
    exact = pd.read_parquet(out / "reports.parquet")
    assert list(exact["agency"]) == ['=HYPERLINK("http://x")']
    assert list(exact["path"]) == ["+evil.txt"]
    shown = pd.read_csv(out / "reports.csv", encoding="utf-8-sig")
    assert list(shown["agency"]) == ['\'=HYPERLINK("http://x")']
    assert list(shown["path"]) == ["'+evil.txt"]
    assert "never runs it as a formula" in (out / "CODEBOOK.md").read_text(encoding="utf-8")


def test_terminal_output_carries_no_escape_sequence_from_a_document(tmp_path: Path) -> None:
    osc52 = "\x1b]52;c;" + base64.b64encode(b"rm -rf ~").decode() + "\x07"
    (tmp_path / "a[").mkdir()
    target = tmp_path / "a[" / "red]b.txt"  # the path holds Rich's closing tag [/red]
    target.write_text(osc52 + "\x1b]0;title\x07" + SEED.read_text(encoding="utf-8"), "utf-8")
    done = CliRunner().invoke(app, ["show", str(target)])
    assert done.exit_code == 0, done.output
    assert "\x1b]" not in done.output and "\x07" not in done.output
    assert "red]b.txt" in done.output
    # a path that closes a Rich tag it never opened, printed with markup
    out = tmp_path / "a[" / "red]out"
    done = CliRunner().invoke(app, ["extract", str(target), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "a[/red]out" in done.output.replace("\n", "")


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in ("reports", "cells", "checks")}


def test_a_failed_write_leaves_the_dataset_that_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SEED, first / "seed.txt")
    shutil.copy(SAMPLES / "bureau_2022_markdown.md", second / "other.md")
    out = tmp_path / "out"
    settings = ExtractOptions(jobs=1, second_reading=False)
    run_to_folder([first], out, settings)
    before = _frames(out)

    def full_disk(folder: Path) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.output.dataset.write_package", full_disk)
    with pytest.raises(OSError, match="No space"):
        run_to_folder([second], out, settings)
    after = _frames(out)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name])
    assert not [p for p in out.iterdir() if p.name.startswith(".ogi-staging")]
    monkeypatch.undo()
    # The rerun is no "nothing changed": it writes the new dataset, whole.
    run_to_folder([second], out, settings)
    reports = pd.read_parquet(out / "reports.parquet")
    cells = pd.read_parquet(out / "cells.parquet")
    assert list(reports["path"]) == ["other.md"]
    assert set(cells["report_id"]) == set(reports["report_id"])


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        done = CliRunner().invoke(app, ["extract", str(SEED), "--out", str(out)])
    assert done.exit_code == 1
    assert "another ogi run is writing" in done.output
    assert not (out / "reports.parquet").exists()


def test_an_unusable_output_folder_is_found_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    started = time.perf_counter()
    done = CliRunner().invoke(app, ["extract", str(SAMPLES), "--out", str(blocker / "out")])
    assert done.exit_code == 1
    assert "cannot write to" in done.output
    assert "Traceback" not in done.output
    assert time.perf_counter() - started < 10


def test_litter_of_a_killed_run_is_swept_and_folders_are_shared(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".ogi-staging-1234").mkdir(parents=True)
    (out / ".reports.parquet.abc123").write_bytes(b"half")
    run_to_folder([SEED], out, ExtractOptions(jobs=1, second_reading=False))
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and "ogi" not in p.name]
    assert not (out / ".ogi-staging-1234").exists()
    mode = (out / "cells_by_year_province").stat().st_mode & 0o777
    assert mode == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_timeouts_are_tried_again_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = local.extract_one

    def slow(path: Path, shown: str, options: ExtractOptions) -> object:
        time.sleep(5)
        return real(path, shown, options)

    monkeypatch.setattr(local, "extract_one", slow)  # workers are forked: they see it
    out = tmp_path / "out"
    run_to_folder([SEED], out, ExtractOptions(jobs=1, timeout=0.5, second_reading=False))
    assert list(pd.read_parquet(out / "reports.parquet")["status"]) == ["failed"]
    monkeypatch.setattr(local, "extract_one", real)
    run_to_folder([SEED], out, ExtractOptions(jobs=1, timeout=60, second_reading=False))
    assert list(pd.read_parquet(out / "reports.parquet")["status"]) == ["ok"]


def _group_alive(group: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                return True
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_program_past_its_time_is_ended_with_its_helpers(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    with pytest.raises(subprocess.TimeoutExpired):
        run_program(["sh", "-c", f"echo $$ > {marker}; sleep 60 & sleep 60"], timeout=1)
    group = int(marker.read_text())
    deadline = time.time() + 5
    while _group_alive(group) and time.time() < deadline:
        time.sleep(0.1)
    assert not _group_alive(group)


def test_several_reports_in_one_file_are_not_mixed(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "three.txt").write_text(text + "\n" + text + "\n" + text, encoding="utf-8")
    result = extract_file(tmp_path / "three.txt", options=ONCE)
    single = extract_file(SEED, options=ONCE)
    keys = [(c.table, c.row, c.col) for c in result.cells]
    assert len(keys) == len(set(keys)) == 200
    assert result.status is Status.PARTIAL
    assert "三 3 times" in result.message
    assert {(c.table, c.row, c.col, c.value) for c in result.cells} == {
        (c.table, c.row, c.col, c.value) for c in single.cells
    }


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    mark = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(mark[encoding] + text.encode(encoding))
    page = "<html><body>" + text.replace("\n", "<br>") + "</body></html>"
    (tmp_path / "bom.html").write_bytes(mark[encoding] + page.encode(encoding))
    for name in ("bom.txt", "bom.html"):
        result = extract_file(tmp_path / name, options=ONCE)
        assert result.status is Status.OK, (name, result.message)
        assert len(result.cells) == 200


def test_preformatted_text_keeps_its_lines(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("&", "&amp;").replace("<", "&lt;")
    (tmp_path / "pre.html").write_text(f"<html><body><pre>{text}</pre></body></html>", "utf-8")
    result = extract_file(tmp_path / "pre.html", options=ONCE)
    assert result.status is Status.OK
    assert len(result.cells) == 200


def test_long_runs_of_digits_cost_little(tmp_path: Path) -> None:
    rows = "".join(f"{n}.属于国家秘密{'9' * 60}" for n in range(1, 9))
    (tmp_path / "runs.txt").write_text(
        "三、收到和处理政府信息公开申请情况（三）不予公开" + rows * 3, encoding="utf-8"
    )
    started = time.perf_counter()
    result = extract_file(tmp_path / "runs.txt", options=ONCE)
    assert time.perf_counter() - started < 10
    assert all(c.value is None and c.flag for c in result.cells)


def test_every_input_gets_a_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "broken.pdf").symlink_to(folder / "nowhere.pdf")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out"
    run_to_folder([folder], out, ExtractOptions(jobs=1, timeout=20, second_reading=False))
    reports = pd.read_parquet(out / "reports.parquet").set_index("path")
    assert reports.loc["seed.txt", "status"] == "ok"
    assert "broken link" in reports.loc["broken.pdf", "message"]
    assert "link loop" in reports.loc["loop.txt", "message"]
    assert "named pipe" in reports.loc["pipe.txt", "message"]


def test_a_zip_bomb_with_forged_sizes_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 250_000_000)
    data = bytearray(bomb.read_bytes())
    central, local = data.find(b"PK\x01\x02"), data.find(b"PK\x03\x04")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    data[local + 22 : local + 26] = (1024).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    result = extract_file(bomb, options=ONCE)
    assert result.status is Status.FAILED
    assert "zip bomb" in result.message


def test_internal_errors_read_as_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("pipeline.chain.locate", broken)
    result = extract_file(SEED, options=ONCE)
    assert result.message.startswith("ran out of memory")
    assert OutputError.__mro__[1] is OSError
    assert api.LOCK_FILE == ".ogi-lock"


def test_an_unchanged_rerun_still_logs_every_file(tmp_path: Path) -> None:
    out, log = tmp_path / "out", tmp_path / "run.jsonl"
    arguments = ["extract", str(SEED), "--out", str(out), "--log", str(log)]
    assert CliRunner().invoke(app, arguments).exit_code == 0
    assert CliRunner().invoke(app, arguments).exit_code == 0
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(line["path"], line["cached"]) for line in lines] == [
        ("seed_2023.txt", False),
        ("seed_2023.txt", True),
    ]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_timed_out_worker_leaves_no_program_and_no_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "group"

    def hangs(path: Path, shown: str, options: ExtractOptions) -> object:
        # a reader's program that never ends (an endless script in Chromium, say), and
        # a temporary file of the worker's
        Path(tempfile.mkdtemp(prefix="profile-"))
        run_program(["sh", "-c", f"echo $$ > {marker}; sleep 300"], timeout=600)
        raise AssertionError("not reached")

    monkeypatch.setattr(local, "extract_one", hangs)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = tmp_path / "out"
    run_to_folder([SEED], out, ExtractOptions(jobs=1, timeout=3, second_reading=False))
    assert list(pd.read_parquet(out / "reports.parquet")["status"]) == ["failed"]
    group = int(marker.read_text())
    deadline = time.time() + 5
    while _group_alive(group) and time.time() < deadline:
        time.sleep(0.1)
    assert not _group_alive(group)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_killed_runs_temporary_folder_is_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f"{local.SCRATCH_PREFIX}{dead}-abc" / "worker-1"
    stale.mkdir(parents=True)
    live = tmp_path / f"{local.SCRATCH_PREFIX}{os.getpid()}-abc"
    live.mkdir()
    local.sweep_scratch()
    assert not stale.parent.exists()
    assert live.exists()
