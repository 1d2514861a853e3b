"""Percentiles and medians of the benchmarks: pure functions."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not in 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(latencies_ms: Sequence[float], elapsed_s: float) -> dict[str, float]:
    return {"count": len(latencies_ms), "rps": len(latencies_ms) / elapsed_s if elapsed_s > 0 else math.nan,
            "p50": percentile(latencies_ms, 50), "p95": percentile(latencies_ms, 95),
            "p99": percentile(latencies_ms, 99)}


def median(values: Sequence[float]) -> float:
    finite = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(finite) if finite else math.nan


def ratio(ours: float, stock: float) -> float:
    if stock is None or ours is None or math.isnan(stock) or math.isnan(ours) or stock == 0:
        return math.nan
    return ours / stock

