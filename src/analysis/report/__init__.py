"""The report: figures (``figures``, with Arabic through ``arabic_display`` and pinned
``fonts``), summaries of a large corpus (``aggregates``), the data the template reads
(``data``), provenance (``provenance``) and the Typst PDF (``typeset``)."""

from analysis.report.aggregates import summarise
from analysis.report.arabic_display import display_text, native_shaping_available, shaping_mode
from analysis.report.data import build_report_data
from analysis.report.provenance import provenance
from analysis.report.typeset import compile_report, make_figures, read_stage_tables, write_summary_tables

__all__ = [
    "build_report_data",
    "compile_report",
    "display_text",
    "make_figures",
    "native_shaping_available",
    "provenance",
    "read_stage_tables",
    "shaping_mode",
    "summarise",
    "write_summary_tables",
]
