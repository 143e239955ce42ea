"""Pictures inside a Word file or a web page (tables pasted in as images), given to OCR,
with an account of the ones that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.records import Line, Method, PictureReader, ReadError


@dataclass
class Pictures:
    reader: PictureReader | None  # OCR, where it can run
    where: str  # "in the document", "on the page": for the notes
    read: int = 0
    unread: list[str] = field(default_factory=list)  # why, for each picture not read

    def lines(self, data: bytes | None, missing: str = "") -> list[Line]:
        """The lines of one picture (none for a picture too small to hold a table); ``data``
        None when the picture is not at hand, ``missing`` saying why."""
        if data is None:
            self.unread.append(missing)
            return []
        if self.reader is None:
            self.unread.append("OCR is not available")
            return []
        try:
            found = self.reader(data)
        except ReadError as error:
            self.unread.append(f"OCR could not run: {error.message}")
            return []
        self.read += bool(found)
        return found

    def method(self, base: Method) -> Method:
        """How the document was read: ``base``, with OCR where a picture was read."""
        return base.with_ocr(self.read > 0)

    def notes(self) -> tuple[str, ...]:
        out = []
        if self.read:
            out.append(f"{self.read} pictures {self.where} read by OCR")
        if self.unread:
            out.append(
                f"{len(self.unread)} pictures {self.where} were not read ({self.unread[-1]}); "
                "the tables may be among them"
            )
        return tuple(out)
