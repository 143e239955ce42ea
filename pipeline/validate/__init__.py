"""The arithmetic of the spec tested on the cells: relations tested, blanks derived,
misreadings flagged (``checks``), the cell each failure points at (``blame``), and the
figures the narrative states with the soft checks against the tables (``facts``)."""
