"""Running extraction over many files: finding the inputs and the output folder's
lock (``api``), worker processes, the cache, limits and timeouts (``batch``,
``limits``), and the Dask backend (``cluster``)."""
