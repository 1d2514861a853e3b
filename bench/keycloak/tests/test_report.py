"""The Keycloak benchmark's report (report.py): medians and ratios of the recorded measurements, and the text
printed at the end of a run and of --compare, on made-up measurements.

Run: build/py/bin/python -m pytest bench/keycloak/tests -q
"""

from __future__ import annotations

import math

import pytest

from options import CONCURRENCY
from report import (comparison_lines, comparison_medians, search_lines, search_medians, summarize,
                    table_lines)

NAN = float("nan")


def measurement(rps: float, *, cpu: float = 10.0, errors: int = 0, client: float = 0.5, start: int = 1) -> dict:
    return {"rps": rps, "p50": 1000 / rps, "p95": 2000 / rps, "p99": 3000 / rps, "kc_cpu_ms_per_op": cpu,
            "pg_cpu_ms_per_op": 1.0, "client_cores": client, "others_cores": 0.1, "gc_share_of_kc_cpu": 0.02,
            "errors": errors, "start": start}


def rounds_of(stock: list[float], ours: list[float], scenarios=("sign-in",)) -> dict:
    return {sc: {c: {"stock": [measurement(r, start=i + 1) for i, r in enumerate(stock)],
                     "ours": [measurement(r, start=i + 1) for i, r in enumerate(ours)]}
                 for c in CONCURRENCY} for sc in scenarios}


def test_summarize_takes_medians_sums_errors_and_pairs_the_rounds():
    rounds = {"sign-in": {4: {
        "stock": [measurement(10, errors=1, client=0.4), measurement(20, client=0.9), measurement(40)],
        "ours": [measurement(20, errors=2), measurement(10), measurement(30, cpu=13)],
    }}}
    cell = summarize(rounds)["sign-in"]["4"]  # the concurrency becomes a JSON key
    stock, ours, r = cell["stock"], cell["ours"], cell["ratio"]
    assert (stock["rps"], ours["rps"]) == (20, 20)
    assert (stock["errors"], ours["errors"]) == (1, 2)
    assert stock["client_cores_max"] == 0.9 and stock["rounds"] == 3
    assert ours["kc_cpu_ms_per_op"] == 10.0 and r["kc_cpu_ms_per_op"] == 1.0
    assert r["rps"] == 1.0
    # the rounds' own ratios are 2, 0.5 and 0.75: their median differs from the ratio of the medians
    assert r["rps_paired_median"] == pytest.approx(0.75)
    assert r["p95"] == pytest.approx(ours["p95"] / stock["p95"])


def test_a_side_without_measurements_has_nan_figures_not_an_error():
    cell = summarize({"refresh": {16: {"stock": [measurement(100)], "ours": []}}})["refresh"]["16"]
    assert cell["ours"]["rounds"] == 0 and cell["ours"]["errors"] == 0
    assert math.isnan(cell["ours"]["rps"]) and math.isnan(cell["ratio"]["rps"])
    assert math.isnan(cell["ours"]["client_cores_max"]) and math.isnan(cell["ratio"]["rps_paired_median"])


def test_search_medians_are_taken_over_the_starts():
    runs = [{"q": {"p50": 5.0, "p95": 9.0, "results": 33, "n": 40}},
            {"q": {"p50": 7.0, "p95": 11.0, "results": 33, "n": 40}}]
    assert search_medians({"stock": runs}) == {"stock": {"q": {"p50": 6.0, "p95": 10.0, "results": 33}}}


def full_report(scenarios=("sign-in", "password grant", "sign-up")) -> dict:
    rounds = rounds_of([100.0, 120.0], [97.0, 117.0], scenarios)
    search = {"q=experienceLevel:advanced": {"p50": 20.0, "p95": 40.0, "results": 3333.0}}
    memory = {"sessions": 1000, "rss_before_mb": 500.0, "rss_after_mb": 520.0, "rss_per_session_kb": 20.48,
              "live_heap_before_mb": 100.0, "live_heap_after_mb": 110.0, "live_heap_per_session_kb": 10.24}
    return {
        "date": "2026-11-30T08:00:00+00:00", "keycloak": "26.7.5", "cores": 2, "load_average_start": "1.0 1.0 1.0",
        "load_average_end": "2.0 2.0 2.0", "duration_s": 900.0,
        "config": {"starts": 2, "rounds": 1, "seconds": 7, "wrk_seconds": 4},
        "starts": [{"start": 1, "ready_s": 30.0, "idle_rss_mb": {"stock": 400.0, "ours": 410.0}},
                   {"start": 2, "ready_s": 28.0, "idle_rss_mb": {"stock": 401.0, "ours": 411.0}}],
        "seeding": {"stock": {"users": 10000, "per_second": 250.0},
                    "ours": {"users": 10000, "kept_from_earlier_run": True,
                             "earlier": {"per_second": 240.0, "load_average": "1.5"}}},
        "memory": {"stock": memory, "ours": {**memory, "rss_per_session_kb": 30.72}},
        "admin_search": {"stock": search, "ours": search},
        "results": summarize(rounds),
        "rounds": {sc: {str(c): v for c, v in per.items()} for sc, per in rounds.items()},
    }


def test_the_table_prints_each_measured_case_and_the_targets():
    text = "\n".join(table_lines(full_report(), "build/bench/keycloak/results.json"))
    assert "Keycloak 26.7.5, stock vs ours (jar + theme), 2026-11-30T08:00:00+00:00, 2 cores" in text
    assert "medians over 2 JVM start(s) x 1 round(s); flows 7 s, wrk 4 s per measurement" in text
    row = next(line for line in text.splitlines() if line.startswith("sign-in") and line[18:21] == "  4")
    # over 100/s the throughput is a whole number; latencies one decimal, CPU two, ratios three and two
    assert row.split() == ["sign-in", "4", "|", "110", "9.2", "18.3", "27.5", "10.00", "|", "107", "9.4", "18.9",
                           "28.3", "10.00", "|", "0.973", "1.03", "1.00"]
    assert "admin search q=experienceLevel:advanced at 10000 accounts (3333 results): stock p50 20.0 p95 40.0" in text
    assert "ours/stock: RSS per session 1.50, live heap per session 1.00" in text
    assert "seeding: stock 10000 accounts at 250/s, ours 10000 accounts (kept from an earlier run, which seeded at " \
           "240/s, load average 1.5)" in text
    assert "sign-in c4 per JVM start (stock | ours; JIT state shows here): start 1: 100.0/s 10 ms | 97.0/s 10 ms; " \
           "start 2: 120.0/s 10 ms | 117.0/s 10 ms" in text
    assert "ours at c16: 53.5 per second per core (target 27)" in text
    assert "measured sign-in c4 +2.7%, sign-in c16 +2.7%, sign-up c4 +2.7%" in text
    assert "JVM starts: start 1: ready in 30 s, idle RSS 400/410 MB (stock/ours); start 2: ready in 28 s" in text
    assert text.endswith("full figures: build/bench/keycloak/results.json  (took 15.0 min)")


def test_a_figure_not_measured_shows_as_a_dash_and_errors_are_counted_on_the_row():
    report = full_report()
    report["results"]["sign-in"]["4"]["ours"].update(p99=NAN, errors=3)
    row = next(line for line in table_lines(report, "r.json") if line.startswith("sign-in") and line[18:21] == "  4")
    assert row.split()[12] == "-" and row.endswith("  errors 0/3")


def test_with_only_some_scenarios_the_target_lines_are_left_out():
    lines = table_lines(full_report(scenarios=("refresh",)), "r.json")
    assert lines[-1] == "(--only: the target lines need sign-in, sign-up and password grant)  took 15.0 min, " \
                        "full figures: r.json"
    assert not any(line.startswith("targets") for line in lines)


def test_search_lines_give_the_ratio_of_the_p95():
    report = full_report()
    report["admin_search"]["ours"] = {"q=experienceLevel:advanced": {"p50": 30.0, "p95": 50.0, "results": 3333.0}}
    assert search_lines(report)[0].endswith("ours p50 30.0 p95 50.0 ms | ours/stock p95 1.25")


def test_the_comparison_prints_one_column_per_start_and_the_medians():
    choices = ["Java Argon2", "native Argon2"]
    starts = [{"choice": choices[n % 2], "concurrency": c, "rps": 10.0 + n, "p95": 100.0 * (n + 1),
               "kc_cpu_ms_per_op": 50.0 - n} for n in range(4) for c in CONCURRENCY]
    summary = comparison_medians(starts, choices)
    assert summary["Java Argon2 c4"] == {"rps": 11.0, "p95": 200.0, "kc_cpu_ms_per_op": 49.0}
    assert summary["native Argon2 c16"] == {"rps": 12.0, "p95": 300.0, "kc_cpu_ms_per_op": 48.0}
    report = {"compare": "argon2", "cores": 2, "load_average_start": "1", "load_average_end": "2",
              "choices": dict.fromkeys(choices), "starts": starts, "summary": summary}
    lines = comparison_lines(report, "build/bench/keycloak/compare-argon2.json")
    assert lines[0] == "\nPassword grants on our Keycloak (argon2), 2 cores, one start per column (load average 1 -> 2)"
    assert lines[1] == "  c4  Java Argon2          grants/s  10.0  12.0 | p95 ms   100   300 | ms CPU per grant  50.0  48.0"
    assert lines[3].startswith("  c4  medians: 11.0 vs 12.0 grants/s (x1.09), p95 200 vs 300 ms, 49.0 vs 48.0 ms CPU")
    assert lines[3].endswith("6.0 grants per second per core with native Argon2")
    assert len(lines) == 8 and lines[4].startswith("  c16 Java Argon2          grants/s  10.0  12.0 |")
    assert lines[6].startswith("  c16 medians: 11.0 vs 12.0 grants/s")
    assert lines[-1] == "full figures: build/bench/keycloak/compare-argon2.json"
