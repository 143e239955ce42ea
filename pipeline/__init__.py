"""ogi: the statistical tables of China's government information disclosure annual reports
(政府信息公开工作年度报告) as tidy data.

Notebook use::

    from pipeline import extract
    frames = extract("reports/")      # a file, a folder, or a list of them
    frames.cells                      # one row per printed cell, with provenance
"""

from typing import Any

from pipeline.run.api import extract, extract_results, extract_to, find_inputs

__all__ = ["Frames", "extract", "extract_results", "extract_to", "find_inputs"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Frames lives with pandas, which is imported only when a dataset is built.
    if name == "Frames":
        from pipeline.output.dataset import Frames

        return Frames
    raise AttributeError(name)
