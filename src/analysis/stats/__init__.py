"""Statistics: intervals (Wilson, bootstrap), corrected estimates from a hand-coded sample, agreement."""

from analysis.stats.estimation import corrected_shares, domain_shares
from analysis.stats.intervals import bootstrap_interval, bootstrap_share_difference, share_difference, wilson_interval
from analysis.stats.reliability import krippendorff_alpha

__all__ = [
    "bootstrap_interval",
    "bootstrap_share_difference",
    "corrected_shares",
    "domain_shares",
    "krippendorff_alpha",
    "share_difference",
    "wilson_interval",
]
