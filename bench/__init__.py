"""The benchmark: extraction accuracy and speed against baselines (``make bench``)."""
