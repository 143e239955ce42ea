"""Matched rows to cells: the layout each table prints (``layouts``), values placed in
their columns by count, by position or by the arithmetic (``columns``), runs of digits
split by the tables' relations (``digits``) and settled across rows (``settle``), numbers
parsed and flagged (``cells``, with the flags of :class:`pipeline.records.Flag`)."""
