"""Running the pipeline: writing outputs byte-stably (``outputs``), running a stage's
notebook (``stages``: ``python -m analysis.pipeline.stages STAGE``) and scrubbing the
executed copy (``executed_notebooks``)."""

from analysis.pipeline.outputs import (
    TABLE_FORMATS,
    read_csv,
    read_table,
    table_path,
    write_csv,
    write_json,
    write_table,
)

__all__ = ["TABLE_FORMATS", "read_csv", "read_table", "table_path", "write_csv", "write_json", "write_table"]
