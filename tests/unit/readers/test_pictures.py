"""Pictures inside a Word file or a web page, given to OCR, with an account of the ones
that could not be read."""

from __future__ import annotations

from pipeline.readers.pictures import Pictures
from pipeline.records import Line, ReadError, Status, TextCell

# How a document was read: a Method where records has that enum, else its string.
try:
    from pipeline.records import Method  # type: ignore[attr-defined]

    DOCX, HTML = Method.DOCX, Method.HTML
except ImportError:
    DOCX, HTML = "docx", "html"

TABLE = [Line((TextCell("规章"), TextCell("3")))]


def _reader(data: bytes) -> list[Line]:
    """Reads b"table" as a table and anything else as a logo (no lines)."""
    return list(TABLE) if data == b"table" else []


def _broken(data: bytes) -> list[Line]:
    raise ReadError(Status.FAILED, "OCR needs OpenCV")


def test_pictures_read_give_their_lines_and_are_counted() -> None:
    pictures = Pictures(_reader, "in the document")
    assert pictures.lines(b"table") == TABLE
    assert pictures.lines(b"logo") == []  # read, but no table in it
    assert pictures.lines(b"table") == TABLE
    assert pictures.read == 2
    assert pictures.unread == []
    assert pictures.method(DOCX) == "docx+ocr"
    assert pictures.notes() == ("2 pictures in the document read by OCR",)


def test_nothing_read_says_nothing() -> None:
    pictures = Pictures(_reader, "on the page")
    pictures.lines(b"logo")
    assert pictures.method(HTML) == "html"
    assert pictures.notes() == ()


def test_a_picture_not_at_hand_is_named_with_why() -> None:
    pictures = Pictures(_reader, "on the page")
    assert pictures.lines(None, "not saved with the page") == []
    assert pictures.unread == ["not saved with the page"]
    assert pictures.notes() == (
        "1 pictures on the page were not read (not saved with the page); "
        "the tables may be among them",
    )


def test_without_ocr_no_picture_is_read() -> None:
    pictures = Pictures(None, "in the document")
    assert pictures.lines(b"table") == []
    assert pictures.unread == ["OCR is not available"]
    assert pictures.method(DOCX) == "docx"


def test_when_ocr_fails_the_reason_is_kept_and_the_last_one_told() -> None:
    pictures = Pictures(_broken, "in the document")
    assert pictures.lines(b"table") == []
    pictures.lines(None, "linked, not embedded")
    assert pictures.unread == ["OCR could not run: OCR needs OpenCV", "linked, not embedded"]
    assert pictures.notes() == (
        "2 pictures in the document were not read (linked, not embedded); "
        "the tables may be among them",
    )


def test_read_and_unread_pictures_are_both_told() -> None:
    pictures = Pictures(_reader, "in the document")
    pictures.lines(b"table")
    pictures.lines(None, "missing")
    assert pictures.notes() == (
        "1 pictures in the document read by OCR",
        "1 pictures in the document were not read (missing); the tables may be among them",
    )
