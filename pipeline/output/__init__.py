"""The dataset on disk: results to frames, Parquet and CSV, the partitioned cells
(``dataset``); the columns of each table (``columns``, from spec/dataset.yaml); atomic
writes (``files``); and datapackage.json with its codebook (``package``)."""
