"""Running the pipeline: writing outputs byte-stably (``outputs``), running a stage's
notebook (``stages``: ``python -m analysis.pipeline.stages STAGE``) and scrubbing the
executed copy (``executed_notebooks``)."""

from analysis.pipeline.outputs import read_csv, read_table, write_csv, write_json, write_table

__all__ = ["read_csv", "read_table", "write_csv", "write_json", "write_table"]
