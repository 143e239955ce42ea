"""Matched rows to cells: the format each table prints, values placed in their
columns (by position, by the header, by the arithmetic), numbers parsed and flagged
(``cells``), and runs of digits split by the tables' relations (``digits``)."""
