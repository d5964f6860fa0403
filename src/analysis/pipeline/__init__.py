"""Running the pipeline: writing outputs byte-stably (``outputs``), running a stage's
notebook (``stages``: ``python -m analysis.pipeline.stages STAGE``) and scrubbing the
executed copy (``executed_notebooks``), and where the per-partition work runs
(``parallel``: in-process, local workers or a Dask cluster)."""

from analysis.pipeline.outputs import (
    TABLE_FORMATS,
    TableWriter,
    iter_table,
    read_csv,
    read_table,
    table_path,
    write_csv,
    write_json,
    write_table,
)

__all__ = [
    "TABLE_FORMATS",
    "TableWriter",
    "iter_table",
    "read_csv",
    "read_table",
    "table_path",
    "write_csv",
    "write_json",
    "write_table",
]
