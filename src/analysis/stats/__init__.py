"""Statistics: intervals (Wilson, bootstrap) and agreement (Krippendorff's alpha)."""

from analysis.stats.intervals import bootstrap_interval, bootstrap_share_difference, share_difference, wilson_interval
from analysis.stats.reliability import krippendorff_alpha

__all__ = [
    "bootstrap_interval",
    "bootstrap_share_difference",
    "krippendorff_alpha",
    "share_difference",
    "wilson_interval",
]
