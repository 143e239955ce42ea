from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.readers import browser
from pipeline.readers.browser import chromium, print_pdf, strip_active
from pipeline.records import ReadError, Status


def test_scripts_frames_and_objects_are_taken_out_with_their_content() -> None:
    page = (
        "<p>a</p><script type='text/javascript'>alert('<td>1</td>')</script>"
        "<IFRAME src='x'>fallback</IFRAME><object data='y'></object><embed src='z'>"
        "<svg><script>x()</script></svg><p>b</p>"
    )
    assert strip_active(page) == "<p>a</p><p>b</p>"


def test_links_base_meta_and_forms_are_taken_out() -> None:
    page = (
        "<link rel=stylesheet href='http://x/a.css'><base href='http://x/'>"
        "<meta http-equiv='refresh' content='0;url=http://x'>"
        "<form action='http://x'><input name=q></form><p>正文</p>"
    )
    assert strip_active(page) == "<p>正文</p>"


def test_event_handlers_are_taken_out() -> None:
    page = "<td onclick=\"go()\" onMouseOver='x()' onload=y()>5</td>"
    assert strip_active(page) == "<td>5</td>"


def test_every_address_is_taken_out() -> None:
    page = (
        '<img src="http://x/a.png" alt="t"><a href=\'http://x\'>link</a>'
        '<td background=http://x/b.png>1</td><video poster="p.png"></video>'
    )
    assert strip_active(page) == '<img alt="t"><a>link</a><td>1</td>'


def test_css_imports_and_outside_urls_are_taken_out_but_data_stays() -> None:
    page = (
        "<style>@import url(http://x/a.css); td { background: url('http://x/b.png') }"
        " th { background: url(data:image/png;base64,AAAA) }</style>"
    )
    assert strip_active(page) == (
        "<style> td { background: none } th { background: url(data:image/png;base64,AAAA) }</style>"
    )


def test_tables_and_text_stay() -> None:
    page = (
        '<table border="1" style="width:100%"><tr><td colspan="2">（七）总计</td>'
        "<td>12</td></tr></table><p>政府信息公开</p>"
    )
    assert strip_active(page) == page


def test_chromium_is_found_on_the_path() -> None:
    expected = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium() == expected


def test_printing_without_chromium_is_a_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "chromium", lambda: None)
    with pytest.raises(ReadError) as caught:
        print_pdf("<p>x</p>", tmp_path)
    assert caught.value.status is Status.FAILED
    assert caught.value.message == "printing a web page needs Chromium"
    assert list(tmp_path.iterdir()) == []
