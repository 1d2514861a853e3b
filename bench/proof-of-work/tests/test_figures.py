"""The pure parts of bench/proof-of-work/proof_of_work_bench.py: the figures derived from browser_solve.mjs's
observations (CPU and wall time per number searched, the mean search on a phone, the largest maxnumber within the
target).

Run: build/py/bin/python -m pytest bench/proof-of-work/tests -q
"""

from __future__ import annotations

import pytest

# The bench's own module: bench/proof-of-work/conftest.py makes pytest put that folder on sys.path.
from proof_of_work_bench import (
    PHONE_SLOWDOWN, browser_figures, browser_report, cpu_per_number, max_number_within, phone_search_ms)


def resolve(workers, number, cpu_seconds, took):
    return {"workers": workers, "number": number, "cpuSeconds": cpu_seconds, "took": took, "wall": took + 5}


def test_cpu_per_number_is_a_ratio_of_sums_over_the_numbers_searched_with_that_many_workers():
    resolves = [resolve(1, 999, 0.02, 100), resolve(1, 2999, 0.04, 300), resolve(2, 9999, 5.0, 1)]
    # 0.06 s over 1,000 + 3,000 numbers (0 to the number, inclusive), 400 ms over the same.
    assert cpu_per_number(resolves, 1) == {"workers": 1, "solves": 2, "numbers": 4000,
                                           "cpu_us": pytest.approx(15.0), "wall_us": pytest.approx(100.0)}


def test_cpu_per_number_without_a_re_solve_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="3 workers"):
        cpu_per_number([resolve(1, 10, 0.01, 1)], 3)


def test_the_phone_search_is_half_of_maxnumber_at_the_phone_core_speed_spread_over_its_cores():
    assert PHONE_SLOWDOWN == 4
    # 10 µs here, 40 µs on the phone, 25,000 numbers on average: 1,000 ms on one core, 500 on two.
    assert phone_search_ms(10.0, 50_000) == pytest.approx(1000.0)
    assert phone_search_ms(10.0, 50_000, phone_cores=2) == pytest.approx(500.0)


def test_the_largest_maxnumber_within_the_target_rounds_down_and_meets_it():
    assert max_number_within(10.0) == 50_000
    assert max_number_within(12.0) == 41_000  # exactly 41,666: rounded down to the thousand
    assert phone_search_ms(12.0, max_number_within(12.0)) <= 1000
    assert phone_search_ms(12.0, max_number_within(12.0) + 1000) > 1000
    assert max_number_within(12.0, phone_cores=2) == 83_000


def observations():
    page = {"maxnumber": 50_000, "cores": 2, "memory": 8}
    return {"solves_per_rate": 2, "rates": [1, 4], "chromium": "156.0", "solves": [
        {**page, "rate": 1, "took": 1000, "number": 9_999, "loadToSolution": 2000,
         "resolves": [resolve(1, 9_999, 0.20, 900), resolve(2, 9_999, 0.25, 600)]},
        {**page, "rate": 4, "took": 3000, "number": 19_999, "loadToSolution": 5000, "resolves": []},
        {**page, "rate": 1, "took": 500, "number": 4_999, "loadToSolution": 1500,
         "resolves": [resolve(1, 4_999, 0.10, 400), resolve(2, 4_999, 0.05, 300)]},
        {**page, "rate": 4, "took": 1000, "number": 9_999, "loadToSolution": 4000, "resolves": []},
    ]}


def test_browser_figures_per_rate_per_workers_and_the_phone():
    figures = browser_figures(observations())
    assert figures["by_rate"]["1"] == {"took_ms_median": 750, "load_to_solution_ms_median": 1750,
                                       "ms_per_1000_numbers_median": pytest.approx(100.0), "number_median": 7499}
    assert figures["by_rate"]["4"]["ms_per_1000_numbers_median"] == pytest.approx(125.0)
    assert figures["widget_workers"] == 2
    # One worker: 0.30 s over 15,000 numbers, 20 µs each; two: 0.30 s too.
    assert figures["per_workers"]["1"]["cpu_us"] == pytest.approx(20.0)
    assert figures["per_workers"]["2"]["wall_us"] == pytest.approx(60.0)
    # 20 µs x 4 x 25,000 numbers = 2,000 ms on one phone core; a second within 12,000.
    assert figures["phone_mean_search_ms_one_core"] == pytest.approx(2000.0)
    assert figures["phone_mean_search_ms_two_cores"] == pytest.approx(1000.0)
    assert figures["max_number_within_target_one_core"] == 25_000
    assert figures["max_number_within_target_two_cores"] == 50_000
    report = browser_report(figures)
    assert "2000 ms on one core, 1000 ms on two" in report
    assert "| 1 | 2 | 15,000 | 20.0 µs | 86.7 µs | 4.3 |" in report
