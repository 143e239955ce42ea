"""The dataset on disk: results to frames, atomic Parquet and CSV writes, the
partitioned cells (``dataset``), and datapackage.json with its codebook (``package``)."""
