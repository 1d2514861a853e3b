"""The benchmark's report: medians and ratios of the recorded measurements, and the text printed at the end. Pure:
dicts in, dicts and lines of text out (no I/O).

A report is the dict keycloak_bench.py writes to results.json; `rounds` maps scenario -> concurrency -> label
("stock", "ours") -> the list of its measurements (dicts of client.drive()/client.wrk() plus stats.cpu_split()).
Times are in milliseconds, throughputs per second, CPU in milliseconds per operation or in cores.
"""

from __future__ import annotations

import math

from options import CONCURRENCY
from docs_testkit.stats import median, ratio

KEYS = ("rps", "p50", "p95", "p99", "kc_cpu_ms_per_op", "pg_cpu_ms_per_op", "client_cores", "others_cores",
        "gc_share_of_kc_cpu", "errors")


def summarize(rounds: dict) -> dict:
    """Per scenario and concurrency (as a string): each label's medians over its measurements (errors summed, the
    load generator's busiest measurement), and the ratios ours/stock of the medians and of each round's pair."""
    out: dict = {}
    for scenario, per in rounds.items():
        out[scenario] = {}
        for c, sides in per.items():
            med = {label: {k: median([m[k] for m in runs]) for k in KEYS} for label, runs in sides.items()}
            for label, runs in sides.items():
                med[label]["errors"] = sum(m["errors"] for m in runs)
                med[label]["client_cores_max"] = max((m["client_cores"] for m in runs), default=math.nan)
                med[label]["rounds"] = len(runs)
            med["ratio"] = {k: ratio(med["ours"][k], med["stock"][k])
                            for k in ("rps", "p50", "p95", "p99", "kc_cpu_ms_per_op")}
            # Per round (the two measured back to back), then the median of those ratios: less noise.
            pairs = [ratio(o["rps"], s["rps"]) for s, o in zip(sides["stock"], sides["ours"])]
            med["ratio"]["rps_paired_median"] = median(pairs)
            out[scenario][str(c)] = med
    return out


def search_medians(searches: dict[str, list[dict]]) -> dict:
    """label -> query -> the medians of p50, p95 and the result count over the starts' admin searches."""
    return {label: {name: {k: median([x[name][k] for x in runs]) for k in ("p50", "p95", "results")}
                    for name in runs[0]} for label, runs in searches.items()}


def comparison_medians(starts: list[dict], choices: list[str]) -> dict:
    """`--compare`: "CHOICE cC" -> the medians of throughput, p95 and Keycloak CPU per grant over the starts."""
    return {f"{label} c{c}": {k: median([m[k] for m in starts if m["choice"] == label and m["concurrency"] == c])
                              for k in ("rps", "p95", "kc_cpu_ms_per_op")}
            for label in choices for c in CONCURRENCY}


def _f(v: float, width: int, digits: int = 1) -> str:
    return f"{'-':>{width}}" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:>{width}.{digits}f}"


def _earlier(seeding: dict) -> str:
    e = seeding.get("earlier")
    return f", which seeded at {e['per_second']:.0f}/s, load average {e.get('load_average', '?')}" if e else ""


def search_lines(report: dict) -> list[str]:
    out = []
    for name in report["admin_search"]["stock"]:
        s, o = report["admin_search"]["stock"][name], report["admin_search"]["ours"][name]
        out.append(f"admin search {name} at {report['seeding']['stock']['users']} accounts ({s['results']:.0f} results): "
                   f"stock p50 {s['p50']:.1f} p95 {s['p95']:.1f} ms | ours p50 {o['p50']:.1f} p95 {o['p95']:.1f} ms | "
                   f"ours/stock p95 {ratio(o['p95'], s['p95']):.2f}")
    return out


def table_lines(report: dict, results: str) -> list[str]:
    """The comparison with stock as printed at the end of a run; `results` names the file of the full figures."""
    res = report["results"]
    cfg = report["config"]
    out = ["", f"Keycloak {report['keycloak']}, stock vs ours (jar + theme), {report['date']}, {report['cores']} cores, "
               f"load average {report['load_average_start']} -> {report['load_average_end']}",
           f"medians over {cfg['starts']} JVM start(s) x {cfg['rounds']} round(s); flows {cfg['seconds']:.0f} s, "
           f"wrk {cfg['wrk_seconds']:.0f} s per measurement; latencies in ms; CPU = Keycloak JVM ms per operation"]
    head = f"{'':<18}{'c':>3} | {'stock req/s':>11}{'p50':>7}{'p95':>7}{'p99':>7}{'CPU':>7} | " \
           f"{'ours req/s':>11}{'p50':>7}{'p95':>7}{'p99':>7}{'CPU':>7} | {'ours/stock':>10}{'p95':>6}{'CPU':>6}"
    out += [head, "-" * len(head)]
    for scenario, per in res.items():
        for c, m in per.items():
            s, o, r = m["stock"], m["ours"], m["ratio"]
            digits = 0 if s["rps"] > 100 else 1
            out.append(f"{scenario:<18}{c:>3} | {_f(s['rps'], 11, digits)}{_f(s['p50'], 7)}{_f(s['p95'], 7)}"
                       f"{_f(s['p99'], 7)}{_f(s['kc_cpu_ms_per_op'], 7, 2)} | {_f(o['rps'], 11, digits)}"
                       f"{_f(o['p50'], 7)}{_f(o['p95'], 7)}{_f(o['p99'], 7)}{_f(o['kc_cpu_ms_per_op'], 7, 2)} | "
                       f"{_f(r['rps'], 10, 3)}{_f(r['p95'], 6, 2)}{_f(r['kc_cpu_ms_per_op'], 6, 2)}"
                       + (f"  errors {s['errors']}/{o['errors']}" if s["errors"] or o["errors"] else ""))
    out.append("")
    out += search_lines(report)
    mem = report["memory"]
    for label in ("stock", "ours"):
        m = mem[label]
        out.append(f"{m['sessions']} sessions held, {label:<5}: RSS {m['rss_before_mb']:.0f} -> {m['rss_after_mb']:.0f} MB "
                   f"({m['rss_per_session_kb']:.1f} KB/session); live heap after full GC {m['live_heap_before_mb']:.1f} -> "
                   f"{m['live_heap_after_mb']:.1f} MB ({m['live_heap_per_session_kb']:.1f} KB/session)")
    out.append(f"ours/stock: RSS per session "
               f"{ratio(mem['ours']['rss_per_session_kb'], mem['stock']['rss_per_session_kb']):.2f}, live heap per "
               f"session {ratio(mem['ours']['live_heap_per_session_kb'], mem['stock']['live_heap_per_session_kb']):.2f}")
    seeding = report["seeding"]
    out.append("seeding: " + ", ".join(f"{k} {v['users']} accounts " + (
        f"(kept from an earlier run{_earlier(v)})" if v.get("kept_from_earlier_run") else f"at {v['per_second']:.0f}/s")
        for k, v in seeding.items()))
    client = {sc: max(m[side]["client_cores_max"] for m in per.values() for side in ("stock", "ours"))
              for sc, per in res.items()}
    others = [m[side]["others_cores"] for per in res.values() for m in per.values() for side in ("stock", "ours")]
    out.append("load generator CPU (max, cores): " + ", ".join(f"{sc} {v:.2f}" for sc, v in client.items())
               + f"; other processes on the machine: median {median(others):.2f} cores during measurements")
    if "sign-in" not in res or "password grant" not in res or "sign-up" not in res:
        out.append(f"(--only: the target lines need sign-in, sign-up and password grant)  took "
                   f"{report['duration_s'] / 60:.1f} min, full figures: {results}")
        return out
    per_start = []
    for start in report["starts"]:
        n = start["start"]
        cells = []
        for label in ("stock", "ours"):
            runs = [m for m in report["rounds"]["sign-in"]["4"][label] if m["start"] == n]
            cells.append(f"{median([m['rps'] for m in runs]):.1f}/s {median([m['kc_cpu_ms_per_op'] for m in runs]):.0f} ms")
        per_start.append(f"start {n}: " + " | ".join(cells))
    out.append("sign-in c4 per JVM start (stock | ours; JIT state shows here): " + "; ".join(per_start))
    grants = res["password grant"]["16"]["ours"]
    out.append(f"password sign-ins (token endpoint), ours at c16: {grants['rps'] / report['cores']:.1f} per second "
               f"per core (target 27), p95 {grants['p95']:.0f} ms (target under 500)")
    cost = {f"{sc} c{c}": 1 - res[sc][c]["ratio"]["rps"] for sc in ("sign-in", "sign-up") for c in res[sc]}
    cpu = {sc: res[sc]["4"]["ratio"]["kc_cpu_ms_per_op"] - 1 for sc in ("sign-in", "sign-up")}
    search = report["admin_search"]["ours"]["q=experienceLevel:advanced"]["p95"]
    out.append("targets (figures, not tests): our throughput cost vs stock at most 3% (negative: ours faster) -- "
               "measured " + ", ".join(f"{sc} {100 * v:+.1f}%" for sc, v in cost.items())
               + "; Keycloak CPU per operation, ours vs stock at c4: "
               + ", ".join(f"{sc} {100 * v:+.1f}%" for sc, v in cpu.items())
               + f"; admin search p95 under 100 ms at {report['seeding']['ours']['users']} accounts -- ours {search:.0f} ms")
    out.append("JVM starts: " + "; ".join(f"start {i['start']}: ready in {i['ready_s']:.0f} s, idle RSS "
                                          + "/".join(f"{v:.0f}" for v in i["idle_rss_mb"].values()) + " MB (stock/ours)"
                                          for i in report["starts"]))
    out.append(f"full figures: {results}  (took {report['duration_s'] / 60:.1f} min)")
    return out


def comparison_lines(report: dict, results: str) -> list[str]:
    """`--compare` as printed at its end: one column per start, then the medians; `results` names the file."""
    choices = list(report["choices"])
    out = [f"\nPassword grants on our Keycloak ({report['compare']}), {report['cores']} cores, one start per column "
           f"(load average {report['load_average_start']} -> {report['load_average_end']})"]
    for c in CONCURRENCY:
        for label in choices:
            runs = [m for m in report["starts"] if m["choice"] == label and m["concurrency"] == c]
            out.append(f"  c{c:<2} {label:<20} grants/s " + " ".join(f"{m['rps']:5.1f}" for m in runs)
                       + " | p95 ms " + " ".join(f"{m['p95']:5.0f}" for m in runs)
                       + " | ms CPU per grant " + " ".join(f"{m['kc_cpu_ms_per_op']:5.1f}" for m in runs))
        a, b = (report["summary"][f"{label} c{c}"] for label in choices)
        out.append(f"  c{c:<2} medians: {a['rps']:.1f} vs {b['rps']:.1f} grants/s (x{ratio(b['rps'], a['rps']):.2f}), "
                   f"p95 {a['p95']:.0f} vs {b['p95']:.0f} ms, {a['kc_cpu_ms_per_op']:.1f} vs "
                   f"{b['kc_cpu_ms_per_op']:.1f} ms CPU per grant; {b['rps'] / report['cores']:.1f} grants per second "
                   f"per core with {choices[1]}")
    out.append(f"full figures: {results}")
    return out
