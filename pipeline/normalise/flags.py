"""The flags a cell may carry out of ``normalise``: why its value is null or not as
printed. The flags ``validate`` adds are its own."""

from __future__ import annotations

FLAG_MISALIGNED = "misaligned"
FLAG_AMBIGUOUS_RUN = "ambiguous_digit_run"
FLAG_NOT_A_NUMBER = "not_a_number"
FLAG_NOT_INTEGER = "not_an_integer"
FLAG_NEGATIVE = "negative"
FLAG_UNIT = "unit_converted"
FLAG_TEMPLATE = "not_in_template"
# A run of digits split the one way that agrees with a figure of the report's text.
FLAG_NARRATIVE = "split_by_narrative"
# A row of values printed without a label we could match, placed by the order of the rows,
# where more than one place was open for it.
FLAG_ROW_UNCERTAIN = "row_uncertain"
