"""`make bench-keycloak`: our Keycloak (jar and theme) against stock Keycloak, side by side, in one run.

Two homes copied from the built distribution under build/bench/keycloak/: `stock` with providers/ emptied and a
realm derived from ours (same user profile attributes; no `required-when`, theme keycloak.v2, no `docs-audit`),
`ours` with our jar and realm. Both built with `make run`'s build options, each on its own embedded PostgreSQL,
started by the launcher's classes (scripts/stack.py). Then, on loopback:

- 10,000 accounts seeded by partial import, all sharing one pre-computed Argon2 hash (no hashing per account);
- admin search by attribute (`q=experienceLevel:advanced`) at that size: p50, p95;
- 1,000 user sessions opened and held: RSS of the Keycloak JVM before and after, and live heap after a full GC;
- rounds that alternate the two servers measurement by measurement (stock, ours / ours, stock, ...): sign-in
  (login page, credentials, code exchange with PKCE) and sign-up (hosted registration form, code exchange) by a
  small async client; the password grant (token endpoint: the cheapest password sign-in, what Keycloak's own
  sizing figures count), token refresh and the registration page alone by wrk; each at concurrency 4 and 16.

Keycloak's JIT settles in a fast or a slow state for a whole JVM life, so the full run restarts both servers
(`--starts`) and reports medians over all rounds of all starts. Figures only: nothing is asserted about speed.

    build/py/bin/python bench/keycloak/keycloak_bench.py            # full: about 15 minutes on 2 cores
    build/py/bin/python bench/keycloak/keycloak_bench.py --quick    # a couple of minutes, small counts

This file is the command; the work is in the modules beside it, one job each: options.py (the command line),
servers.py (the two servers and the machine), admin.py (admin API calls, seeding), scenarios.py (the
measurements), runs.py (the three runs), report.py (medians, ratios, the printed text), with stats.py and
realms.py (the pure arithmetic and realm transforms) and client.py (the load generator).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
import options  # noqa: E402
import report  # noqa: E402
import runs  # noqa: E402
from servers import WORK, ports_taken, say  # noqa: E402

RESULTS = WORK / "results.json"


def compare_results(what: str) -> Path:
    return WORK / f"compare-{what}.json"


def main() -> int:
    args = options.parse_args(description=__doc__)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    taken = ports_taken()
    if taken:
        raise SystemExit(f"port {taken[0]} is taken: a bench left running?")
    if args.soak:
        figures = runs.soak(args.soak, args.fresh)
        (WORK / "soak.json").write_text(json.dumps(figures, indent=2, default=str))
        return 0
    if args.compare:
        figures = runs.compare_starts(args.compare, args.compare_starts, args.seconds, args.fresh)
        path = compare_results(args.compare)
        path.write_text(json.dumps(figures, indent=2, default=str))
        print("\n".join(report.comparison_lines(figures, str(path.relative_to(ROOT)))))
        return 0
    figures = runs.run(args)
    if args.seed_only:
        say(f"Seeded: {figures.get('seeding')}")
        return 0
    if args.search_only:
        print("\n".join(report.search_lines(figures)))
        return 0
    RESULTS.write_text(json.dumps(figures, indent=2, default=str))
    print("\n".join(report.table_lines(figures, str(RESULTS.relative_to(ROOT)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
