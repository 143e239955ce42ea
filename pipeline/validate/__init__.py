"""The arithmetic of the spec tested on the cells: relations and the cell each
failure points at, blanks derived, misreadings flagged (``checks``), and the figures the
narrative states with the soft checks against the tables (``facts``)."""
