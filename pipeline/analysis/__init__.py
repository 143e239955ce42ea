"""What users do with a dataset once it is written: compare a body's years
(``compare``), an HTML page to audit them (``audit``), and cell precision and recall
against truth files (``evaluate``)."""
