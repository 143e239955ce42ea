"""PDF with a text layer, read with pypdfium2 (PDFium, in C: fast).

Every page's text is taken first, to tell which pages hold the tables. On those pages the
characters with their boxes and the ruling lines are read: where vertical rules cross a
band between two horizontal rules, that band is a grid row and each character goes to the
cell it sits in (a blank cell stays a blank cell); everything else is grouped into lines of
positioned words, split into cells at wide gaps.

pdfplumber (pdfminer) gives the same characters and lines, but parses a page in Python
about ten times slower; PDFium also drops the doubled characters of fake bold.

The modules, in the order a page goes through them:

- ``pdfium``: the only one that calls PDFium: opening, fonts, text, characters, paths,
  images, drawing pages;
- ``pages``: garbled and pictured pages, plain lines, running heads and feet;
- ``chars``: the character record, and characters read back as text;
- ``grid``: ruling lines and grid rows;
- ``vertical``: labels printed one character per line;
- ``words``: lines of words split into cells at gaps;
- ``wrapped``: numbers wrapped over lines put back together;
- ``reader``: ``read_pdf``, which chains them; ``boxes``: ``read_boxes``, second readings.
"""

from pipeline.readers.pdf.boxes import read_boxes
from pipeline.readers.pdf.pages import garbled
from pipeline.readers.pdf.pdfium import fonts
from pipeline.readers.pdf.reader import read_pdf

__all__ = ["fonts", "garbled", "read_boxes", "read_pdf"]
