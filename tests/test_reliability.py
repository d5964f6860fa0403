"""Krippendorff's alpha against Krippendorff's published values (analysis.stats.reliability)."""

from __future__ import annotations

import math

import pytest

from analysis.stats.reliability import krippendorff_alpha

_ = None  # a missing code

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units
FOUR_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
# 3 coders x 15 units
THREE_CODERS = [
    [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
    [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
    [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
]


@pytest.mark.parametrize(
    ("data", "level", "published"),
    [
        (FOUR_CODERS, "nominal", 0.743421),
        (FOUR_CODERS, "interval", 0.849107),
        (THREE_CODERS, "nominal", 0.691358),
        (THREE_CODERS, "interval", 0.810845),
    ],
)
def test_published_values(data: list, level: str, published: float) -> None:
    assert krippendorff_alpha(data, level) == pytest.approx(published, abs=5e-7)


def test_nan_and_none_mark_missing_alike() -> None:
    with_nan = [[math.nan if code is None else code for code in row] for row in FOUR_CODERS]
    assert krippendorff_alpha(with_nan) == krippendorff_alpha(FOUR_CODERS)


def test_perfect_agreement_is_one() -> None:
    assert krippendorff_alpha([[0, 1, 1, 0], [0, 1, 1, 0]]) == 1.0


def test_undefined_cases_are_nan() -> None:
    assert math.isnan(krippendorff_alpha([[1, _, 0], [_, 1, _]]))  # no pairable unit
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # one code only


def test_unknown_level_is_rejected() -> None:
    with pytest.raises(ValueError, match="ordinal"):
        krippendorff_alpha(FOUR_CODERS, "ordinal")
