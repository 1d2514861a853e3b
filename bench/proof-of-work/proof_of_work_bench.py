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
  sign-up pages in Chromium with the CPU slowed 4 times (CDP Emulation.setCPUThrottlingRate 4, a stand-in for a
  mid-range phone) and as many without slowing, alternating: the widget's search time, the page's load to the
  solution, medians. Chromium applies the rate to the page's main thread only, not to the widget's workers where
  the search runs, so the search slowed 4 times is derived (4 x the median search), and named so (its docstring).

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
    """Runs browser_solve.mjs against KEYCLOAK_URL; returns its JSON."""
    out = subprocess.run(["node", str(HERE / "browser_solve.mjs"), str(solves)], check=True, capture_output=True,
                         text=True, env={**os.environ, "KEYCLOAK_URL": KEYCLOAK_URL}).stdout
    return json.loads(out.strip().splitlines()[-1])


def browser_rows(browser: dict) -> str:
    names = {"1": "as is (1)", "4": "slowed 4x (4)"}
    return "\n".join(
        f"| {names[rate]} | {r['took_ms_median']:.0f} ms | {r['load_to_solution_ms_median']:.0f} ms | "
        f"{r['ms_per_1000_numbers_median']:.1f} ms | {r['worst_case_ms']:.0f} ms |"
        for rate, r in browser["by_rate"].items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the server-side measurement")
    parser.add_argument("--browser-solves", type=int, default=20, help="Chromium's solves at each CPU rate")
    parser.add_argument("--running", action="store_true", help="use the stack already up at KEYCLOAK_URL")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
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
        browser = browser_solves(args.browser_solves)
    finally:
        if not args.running:
            subprocess.run([*stack, "down", "--data", str(data)], check=False)
    without = statistics.median(rest)
    with_pow = statistics.median(r + s for r, s in zip(rest, solve))
    server = server_cost(args.rounds)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "signups": args.signups,
        "maxnumber": sorted(maxnumbers),
        "bot_cpu_ms_per_signup_without": without * 1000, "bot_cpu_ms_per_signup_with": with_pow * 1000,
        "bot_solve_ms_median": statistics.median(solve) * 1000,
        "bot_signups_per_core_second_without": 1 / without, "bot_signups_per_core_second_with": 1 / with_pow,
        "server": server, "browser": browser,
    }
    (WORK / "results.json").write_text(json.dumps(report, indent=2))
    print(f"""
Proof of work at sign-up (maxnumber {report['maxnumber']}), {args.signups} bot sign-ups, medians
| what | without | with | with / without |
| --- | --- | --- | --- |
| bot's CPU per sign-up (Python, hashlib) | {without * 1000:.1f} ms | {with_pow * 1000:.1f} ms | {with_pow / without:.1f} |
| bot's sign-ups per second per core | {1 / without:.1f} | {1 / with_pow:.1f} | {without / with_pow:.3f} |
| our server's CPU: making a challenge (each sign-up page) | | {server['challenge_us']:.0f} µs | |
| our server's CPU: checking a solution (each sign-up POST) | | {server['check_us']:.0f} µs | |

A person's browser: ALTCHA's widget in Chromium {browser['chromium']} ({browser['cores']} cores seen), maxnumber \
{browser['maxnumber']}, {browser['solves_per_rate']} fresh sign-up pages per CPU rate, alternating; medians
| page's CPU (CDP rate) | search (widget's `took`) | page load to solution | per 1,000 numbers | at maxnumber (the longest search) |
| --- | --- | --- | --- | --- |
{browser_rows(browser)}
The rate does not reach the widget's workers (Chromium: "only supported for pages, not workers"): the search slowed \
4 times, derived, is {browser['search_slowed_4x_ms_derived']:.0f} ms (median).
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
