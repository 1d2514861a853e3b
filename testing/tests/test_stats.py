"""docs_testkit.stats: the benchmarks' percentiles, medians and ratios."""

from __future__ import annotations

import math

import pytest
from docs_testkit.stats import median, percentile, ratio, summary


def test_percentile_interpolates_between_ranks():
    values = [10, 20, 30, 40, 50]
    assert percentile(values, 0) == 10
    assert percentile(values, 50) == 30
    assert percentile(values, 100) == 50
    assert percentile(values, 95) == pytest.approx(48)
    assert percentile([40, 10, 30, 20], 50) == pytest.approx(25)  # unsorted input, even count
    assert percentile([7], 99) == 7


def test_percentile_of_nothing_is_nan_and_range_is_checked():
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_summary_median_ratio():
    s = summary([1.0] * 99 + [100.0], 2.0)
    assert s["count"] == 100 and s["rps"] == 50 and s["p50"] == 1.0 and s["p99"] == pytest.approx(1.99)
    assert median([3, float("nan"), 1, 2]) == 2
    assert ratio(97, 100) == pytest.approx(0.97)
    assert math.isnan(ratio(1, 0)) and math.isnan(ratio(float("nan"), 1))
