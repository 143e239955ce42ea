"""Synthetic annual reports with known answers: a model of one report's numbers and text,
and renderers that print it as text, Markdown, Word and PDF with the quirks real reports
have. Used to build ``samples/`` and the stress corpus; not part of the pipeline."""
