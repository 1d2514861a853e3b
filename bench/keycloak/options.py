"""The benchmark's command line: what it measures and for how long. Pure: parsing only, no I/O.

`parse_args([...])` returns an argparse.Namespace whose counts are set (the full run's, or `--quick`'s where the
command line says nothing); a bad option exits with argparse's usage message (status 2).
"""

from __future__ import annotations

import argparse

import stack

SCENARIOS = ("sign-in", "password grant", "sign-up", "refresh", "registration page")
CONCURRENCY = (4, 16)
# The counts of a full run and of --quick, where the command line gives none.
FULL = dict(starts=2, rounds=2, users=10000, sessions=1000, searches=40, seconds=7, wrk_seconds=4)
QUICK = dict(starts=1, rounds=1, users=1000, sessions=200, searches=20, seconds=3, wrk_seconds=2)

JAVA_ARGON2 = ("--spi-password-hashing--argon2--native=false",)  # our jar, hashing as Keycloak's own provider does
# What --compare alternates start by start: label -> (JVM options, extra runtime options) of our server.
COMPARISONS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    # The native library in our jar against BouncyCastle's Java Argon2 (both with make run's JVM options).
    "argon2": {"Java Argon2": (stack.KC_JVM_OPTIONS, JAVA_ARGON2), "native Argon2": (stack.KC_JVM_OPTIONS, ())},
    # What make run's JVM options do for the Java Argon2 (the fallback where the native library cannot load).
    "jvm-options": {"JVM defaults": ("", JAVA_ARGON2), "make run's options": (stack.KC_JVM_OPTIONS, JAVA_ARGON2)},
}


def parser(description: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small counts and short measurements (development)")
    p.add_argument("--starts", type=int, help="JVM starts of both servers (full 2, quick 1)")
    p.add_argument("--rounds", type=int, help="alternating rounds per start (full 2, quick 1)")
    p.add_argument("--users", type=int, help="accounts seeded (full 10000, quick 1000)")
    p.add_argument("--sessions", type=int, help="sessions held for the memory figure (full 1000, quick 200)")
    p.add_argument("--searches", type=int, help="admin searches per query (full 40, quick 20)")
    p.add_argument("--seconds", type=float, help="seconds per sign-in/sign-up measurement (full 7, quick 3)")
    p.add_argument("--wrk-seconds", type=float, help="seconds per wrk measurement (full 4, quick 2)")
    p.add_argument("--fresh", action="store_true", help="new databases (else kept from the last run)")
    p.add_argument("--seed-only", action="store_true", help="start, seed the accounts and stop (no figures)")
    p.add_argument("--search-only", action="store_true", help="start, seed, the admin searches alone, stop")
    p.add_argument("--only", nargs="+", choices=SCENARIOS, metavar="SCENARIO",
                   help=f"measure these scenarios alone, e.g. --only refresh (of: {', '.join(SCENARIOS)})")
    p.add_argument("--compare", choices=sorted(COMPARISONS), help="instead of the comparison with stock: our "
                   "server alone, started --compare-starts times, alternating Java and native Argon2 (argon2) "
                   "or JVM defaults and make run's JVM options for the Java Argon2 (jvm-options); password grants")
    p.add_argument("--compare-starts", type=int, default=6, help="JVM starts for --compare (default 6)")
    p.add_argument("--soak", type=int, metavar="MINUTES", help="instead of the comparison with stock: our "
                   "server alone, password grants at concurrency 16 for MINUTES, one line per minute")
    return p


def parse_args(argv: list[str] | None = None, description: str | None = None) -> argparse.Namespace:
    """The options of `argv` (default: sys.argv[1:]), every count filled in from FULL or QUICK when not given."""
    args = parser(description).parse_args(argv)
    for k, v in (QUICK if args.quick else FULL).items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    return args
