"""Scanned pages and images, read by OCR: OpenCV finds the table grid, RapidOCR reads the text.

A page image is straightened (by the skew of its longest rules, or else of its lines of
text), its ruling lines are found by morphology, and the bands between them become grid rows
exactly as in a text-layer PDF (:mod:`pipeline.readers.layout`). RapidOCR (PaddleOCR's
Chinese models on onnxruntime, shipped inside its wheel: nothing is downloaded) finds and
reads the lines of text on the whole page. Then every number is read again on its own, from
a crop of its ink with the rules whited out: when the two readings differ, the crop's is
kept with a halved confidence (:func:`.engine._settle`); a confidence above ONE_READING means
both agreed. Dashes and minus signs are known by their shape, grain by its lack of contrast,
and a lone digit the detector passed over by its ink. The arithmetic relations review the
rest (:func:`pipeline.validate.checks.flag_misreads`).

Besides whole pages: :func:`read_picture` reads a picture inside a Word file or a web
page (a table pasted in as an image), and :func:`read_cells` reads given cells of a
rendered PDF page from their own ink, the second reading of text-layer cells that a failed
relation puts in doubt.

Coordinates are given to the rest of the pipeline in points (1/72 inch), as for PDFs.
The package owns opencv (cv2), numpy and rapidocr, all three imported in ``engine``. Its
modules, each using only those before it:

- ``engine``: the libraries, the recogniser's calls and what its readings mean;
- ``ink``: the page's ink: its ruling lines, and the ink of a cell and its crop;
- ``lines``: the text boxes completed, read again where they hold numbers, and made into
  grid rows and lines of words;
- ``page``: a page image straightened and read (:func:`read_page`), and cells of a rendered
  page read again (:func:`read_cells`);
- ``images``: pictures in documents and picture files (:func:`read_picture`,
  :func:`read_image`), long ones cut into pages.

Names with a leading underscore are private to the package: its modules share them, the
rest of the pipeline uses what is exported here.
"""

from pipeline.readers.ocr.images import read_image, read_picture
from pipeline.readers.ocr.page import read_cells, read_page

__all__ = ["read_cells", "read_image", "read_page", "read_picture"]
