"""Running extraction over many files with one :class:`~pipeline.run.options.ExtractOptions`:
the files as tasks (``tasks``), the cache (``cache``), the one runner (``runner``) in front
of the local executor of forked workers (``local``, with ``limits``) or the Dask executor
(``cluster``), and the entry points with the output folder's lock (``api``)."""
