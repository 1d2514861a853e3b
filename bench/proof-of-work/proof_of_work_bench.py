"""`make bench-proof-of-work`: what the sign-up's proof of work costs a bot, and what it costs our server.

In one run, on a stack of its own (scripts/stack.py up, then down):

- **The bot**: `--signups` sign-ups one after another, as the cheapest bot does them: GET the sign-up page, parse
  the form, POST it (Python, httpx, one process, so one core). Each sign-up's client CPU time (process time) is
  split into the solving of the page's challenge (docs_testkit.keycloak_reader's `proof_of_work`: hashlib's SHA-256,
  C code, the fastest a script gets without writing its own) and the rest. Sign-ups per second per core without the
  proof of work = 1 / the rest; with it = 1 / (the rest + the solving); medians.
- **Our server**: ProofOfWorkCost.java beside this file, on our jar and the distribution's libraries: CPU time of
  making one challenge (each sign-up page) and of checking one solution (each sign-up POST), medians over rounds.
- **A person's browser**: browser_solve.mjs beside this file: ALTCHA's widget solving `--browser-solves` fresh
  sign-up pages in Chromium with the page's CPU slowed 4 times (CDP Emulation.setCPUThrottlingRate 4) and as many
  without, alternating: the widget's search time and the page's load to the solution (wall clock, which the load of
  a shared machine inflates; the rate reaches the page's main thread, not the widget's workers). And the CPU time of
  the search, which the load does not inflate: each unthrottled page's challenge solved again by the widget with one
  worker and with its own count, Chromium's renderer CPU read before and after (its docstring). From the CPU per
  number: the mean search (maxnumber / 2 numbers) on a mid-range phone whose core is PHONE_SLOWDOWN times slower, on
  one and two cores, and the largest maxnumber within PHONE_TARGET_MS (derived figures, named so).

Figures only, nothing asserted. Results: build/bench/proof-of-work/results.json.

    build/py/bin/python bench/proof-of-work/proof_of_work_bench.py [--signups 60] [--browser-solves 20] [--running]
"""

from __future__ import annotations

import argparse
import glob
import html
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from docs_testkit.keycloak_reader import CookieJar, authorization_query, form_action, pkce, proof_of_work

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

WORK = ROOT / "build" / "bench" / "proof-of-work"
KEYCLOAK_URL = os.environ.get("KEYCLOAK_URL", f"http://localhost:{os.environ.get('KEYCLOAK_PORT', '8080')}")
REALM_URL = f"{KEYCLOAK_URL}/realms/docs"


def say(message: str) -> None:
    print(f"[bench-proof-of-work] {message}", flush=True)


def bot_signup(http: httpx.Client, i: int) -> tuple[float, float, int]:
    """One sign-up as a bot does it; returns (CPU s outside solving, CPU s solving, maxnumber)."""
    jar = CookieJar()
    start = time.process_time()
    _, challenge = pkce()
    page = http.get(f"{REALM_URL}/protocol/openid-connect/registrations?{authorization_query(challenge, 'bench')}")
    jar.absorb(page)
    action = form_action(page.text, "kc-register-form")
    solving = time.process_time()
    solution = proof_of_work(page.text)
    solved = time.process_time()
    fields = {"email": f"bot-{i}-{uuid.uuid4().hex[:8]}@example.org", "firstName": "Bot", "lastName": "Bench",
              "experienceLevel": "beginner", "professionalRole": "student", **solution}
    answer = http.post(action, data=fields, headers=jar.header())
    end = time.process_time()
    if answer.status_code not in (200, 302) or "kc-register-form" in answer.text:
        raise RuntimeError(f"sign-up {i} refused: {answer.status_code}")
    maxnumber = json.loads(html.unescape(re.search(r'challenge="([^"]*)"', page.text).group(1)))["maxnumber"]
    return (solving - start) + (end - solved), solved - solving, maxnumber


def server_cost(rounds: int) -> dict:
    """Runs ProofOfWorkCost.java on our jar and Keycloak's libraries; returns its JSON."""
    home = sorted(glob.glob(str(ROOT / "distribution" / "target" / "keycloak-*")))[-1]
    jar = str(ROOT / "keycloak-extensions" / "target" / "docs-keycloak-extensions-0.1.0-SNAPSHOT.jar")
    classpath = os.pathsep.join([jar, f"{home}/lib/lib/main/*"])
    out = subprocess.run(["java", "-cp", classpath, str(HERE / "ProofOfWorkCost.java"), str(rounds)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def browser_solves(solves: int) -> dict:
    """Runs browser_solve.mjs against KEYCLOAK_URL; returns its observations (JSON)."""
    out = subprocess.run(["node", str(HERE / "browser_solve.mjs"), str(solves)], check=True, capture_output=True,
                         text=True, env={**os.environ, "KEYCLOAK_URL": KEYCLOAK_URL}).stdout
    return json.loads(out.strip().splitlines()[-1])


# A mid-range phone's core against one core of this machine: Chrome DevTools' "Mid-tier mobile" preset slows the CPU
# 4 times against a desktop's, and Lighthouse's mobile settings use the same multiplier (cpuSlowdownMultiplier 4 in
# its constants.js). A stand-in, not a measurement of a phone: it is a ratio of one core's speed, so it is applied
# to the search's CPU time per number, not to a wall time that depends on the load of this shared machine.
PHONE_SLOWDOWN = 4
# What "invisibly for a person" allows the search on that phone: under a second for a reader of average luck.
PHONE_TARGET_MS = 1000


def median(values) -> float:
    return statistics.median(values)


def numbers_searched(number: int) -> int:
    """How many numbers the widget hashes to find `number`: 0..number, spread over its workers (ALTCHA's counter mode:
    worker i of k tries i, i + k, ...), so number + 1 in all, give or take the k - 1 the other workers are at."""
    return number + 1


def cpu_per_number(resolves: list[dict], workers: int) -> dict:
    """CPU and wall time per number searched over the re-solves with `workers` workers: ratios of sums (a search to a
    small number costs too little CPU to read alone at /proc's 10 ms resolution). Returns µs per number: `cpu_us`,
    `wall_us`, and `solves`, `numbers` (how many re-solves and numbers they cover)."""
    mine = [r for r in resolves if r["workers"] == workers]
    numbers = sum(numbers_searched(r["number"]) for r in mine)
    if not numbers:
        raise ValueError(f"no re-solve with {workers} workers searched any number")
    return {"workers": workers, "solves": len(mine), "numbers": numbers,
            "cpu_us": 1e6 * sum(r["cpuSeconds"] for r in mine) / numbers,
            "wall_us": 1000 * sum(r["took"] for r in mine) / numbers}


def phone_search_ms(cpu_us: float, maxnumber: int, phone_cores: int = 1) -> float:
    """The mean search on a mid-range phone, ms: maxnumber / 2 numbers (the number is drawn uniformly below maxnumber),
    each costing `cpu_us` of this machine's CPU times PHONE_SLOWDOWN, spread without loss over `phone_cores` cores."""
    return cpu_us * PHONE_SLOWDOWN * (maxnumber / 2) / phone_cores / 1000


def max_number_within(cpu_us: float, target_ms: float = PHONE_TARGET_MS, phone_cores: int = 1, step: int = 1000) -> int:
    """The largest maxnumber, a multiple of `step`, whose mean phone search (phone_search_ms) is at most `target_ms`."""
    exact = 2 * target_ms * 1000 * phone_cores / (cpu_us * PHONE_SLOWDOWN)
    return int(round(exact, 6) // step) * step  # rounded first: 24,999.9999 from float sums is 25,000


def browser_figures(raw: dict) -> dict:
    """The figures of browser_solve.mjs's observations: per CPU rate, the medians of the widget's search (`took`), of
    page load to solution and of the wall time per 1,000 numbers; per worker count, CPU and wall µs per number; the
    workers the widget starts by itself; the mean search on a phone on one core and on as many as the widget's
    workers, derived from the CPU per number with one worker."""
    solves = raw["solves"]
    maxnumber = solves[0]["maxnumber"]
    by_rate = {}
    for rate in raw["rates"]:
        mine = [s for s in solves if s["rate"] == rate]
        by_rate[str(rate)] = {
            "took_ms_median": median(s["took"] for s in mine),
            "load_to_solution_ms_median": median(s["loadToSolution"] for s in mine),
            "ms_per_1000_numbers_median": median(1000 * s["took"] / numbers_searched(s["number"]) for s in mine),
            "number_median": median(s["number"] for s in mine),
        }
    resolves = [r for s in solves for r in s["resolves"]]
    counts = sorted({r["workers"] for r in resolves})
    per_workers = {str(k): cpu_per_number(resolves, k) for k in counts}
    one = per_workers["1"]["cpu_us"]
    own = max(counts)
    return {
        "maxnumber": maxnumber, "chromium": raw["chromium"], "pages_per_rate": raw["solves_per_rate"],
        "cores_seen": solves[0]["cores"], "device_memory_seen": solves[0]["memory"], "widget_workers": own,
        "by_rate": by_rate, "per_workers": per_workers,
        "phone_slowdown": PHONE_SLOWDOWN,
        "phone_mean_search_ms_one_core": phone_search_ms(one, maxnumber),
        "phone_mean_search_ms_two_cores": phone_search_ms(one, maxnumber, phone_cores=2),
        "max_number_within_target_one_core": max_number_within(one),
        "max_number_within_target_two_cores": max_number_within(one, phone_cores=2),
    }


def browser_report(b: dict) -> str:
    """The browser's part of the printed report (markdown tables)."""
    names = {"1": "as is (1)", "4": "slowed 4x (4)"}
    rates = "\n".join(
        f"| {names.get(rate, rate)} | {r['took_ms_median']:.0f} ms | {r['load_to_solution_ms_median']:.0f} ms | "
        f"{r['ms_per_1000_numbers_median']:.1f} ms |" for rate, r in b["by_rate"].items())
    workers = "\n".join(
        f"| {k} | {w['solves']} | {w['numbers']:,} | {w['cpu_us']:.1f} µs | {w['wall_us']:.1f} µs | "
        f"{w['wall_us'] / w['cpu_us']:.1f} |" for k, w in b["per_workers"].items())
    return f"""A person's browser: ALTCHA's widget in Chromium {b['chromium']} ({b['cores_seen']} cores and \
{b['device_memory_seen']} GB seen by the page: the widget starts {b['widget_workers']} workers), maxnumber \
{b['maxnumber']:,}, {b['pages_per_rate']} fresh sign-up pages per CPU rate, alternating; medians
| page's CPU (CDP rate) | search (widget's `took`) | page load to solution | wall per 1,000 numbers |
| --- | --- | --- | --- |
{rates}

The same challenges solved again on each unthrottled page (widget.verify), CPU of Chromium's renderers (ratio of sums)
| workers | re-solves | numbers | CPU per number | wall per number | wall / CPU |
| --- | --- | --- | --- | --- | --- |
{workers}

A mid-range phone (a core {b['phone_slowdown']} times slower), the mean search (maxnumber / 2 numbers), derived from \
the CPU per number with one worker: {b['phone_mean_search_ms_one_core']:.0f} ms on one core, \
{b['phone_mean_search_ms_two_cores']:.0f} ms on two. Under {PHONE_TARGET_MS} ms: maxnumber up to \
{b['max_number_within_target_one_core']:,} (one core), {b['max_number_within_target_two_cores']:,} (two).
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the server-side measurement")
    parser.add_argument("--browser-solves", type=int, default=20, help="Chromium's solves at each CPU rate")
    parser.add_argument("--running", action="store_true", help="use the stack already up at KEYCLOAK_URL")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()[0]
    data = WORK / "stack"
    stack = [sys.executable, str(ROOT / "scripts" / "stack.py")]
    if not args.running:
        say("starting a stack of its own (scripts/stack.py up)")
        subprocess.run([*stack, "up", "--data", str(data), "--fresh"], check=True)
    try:
        with httpx.Client(timeout=60, follow_redirects=False) as http:
            bot_signup(http, -1)  # warm-up: the first page compiles the templates
            rest, solve, maxnumbers = [], [], set()
            for i in range(args.signups):
                r, s, m = bot_signup(http, i)
                rest.append(r)
                solve.append(s)
                maxnumbers.add(m)
        say(f"Chromium solving {args.browser_solves} sign-up pages at each CPU rate (1, 4)")
        browser_raw = browser_solves(args.browser_solves)
    finally:
        if not args.running:
            subprocess.run([*stack, "down", "--data", str(data)], check=False)
    without = statistics.median(rest)
    with_pow = statistics.median(r + s for r, s in zip(rest, solve))
    server = server_cost(args.rounds)
    browser = browser_figures(browser_raw)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "signups": args.signups,
        "load_average_1min": [load_at_start, os.getloadavg()[0]],
        "maxnumber": sorted(maxnumbers),
        "bot_cpu_ms_per_signup_without": without * 1000, "bot_cpu_ms_per_signup_with": with_pow * 1000,
        "bot_solve_ms_median": statistics.median(solve) * 1000,
        "bot_signups_per_core_second_without": 1 / without, "bot_signups_per_core_second_with": 1 / with_pow,
        "server": server, "browser": browser, "browser_observations": browser_raw,
    }
    (WORK / "results.json").write_text(json.dumps(report, indent=2))
    print(f"""
Proof of work at sign-up (maxnumber {report['maxnumber']}), {args.signups} bot sign-ups, medians; load average \
{load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end
| what | without | with | with / without |
| --- | --- | --- | --- |
| bot's CPU per sign-up (Python, hashlib) | {without * 1000:.1f} ms | {with_pow * 1000:.1f} ms | {with_pow / without:.1f} |
| bot's sign-ups per second per core | {1 / without:.1f} | {1 / with_pow:.1f} | {without / with_pow:.3f} |
| our server's CPU: making a challenge (each sign-up page) | | {server['challenge_us']:.0f} µs | |
| our server's CPU: checking a solution (each sign-up POST) | | {server['check_us']:.0f} µs | |

{browser_report(browser)}""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
