"""Does "Forgot password?" tell a known address from an unknown one by its timing? (issue 16; `make bench-mail`)

A fresh stack of our own (scripts/stack.py: Keycloak with our jar, theme and realm, PostgreSQL, the mail catcher,
on the ports of the environment, as `make run`), then:

1. ``--asks`` readers with verified addresses, created through the admin REST API;
2. as many resets asked for a known address as for an unknown one (an address of the same shape that has no
   account), in one shuffled order, each by a fresh browser (its own cookies) going from the sign-in page to
   "Forgot password?" and posting the address, as a reader does. Every address is asked for once, so the flood
   limit (3 mails per address per 15 minutes) never answers instead;
3. the time of the POST alone (the page the reader sees after pressing "Submit"), in milliseconds.

Printed and written to build/bench/mail/results.json: for each kind the median, the quartiles and p90; the ratio
of the medians (known/unknown) with a bootstrap 95% interval (resampling both kinds, 2,000 times, numpy-free); and
whether the two answers are the same page once the parts that differ between any two browsers (the form's
session and tab ids, the execution id) are taken out. Nothing is asserted about speed: this is a figure; the
same page and the same mail count are what the tests check (MailFlowsIT, mail.spec.js).

Why the figure should be near 1: a known address costs a database look-up and an e-mail, an unknown one the same
look-up and none; the e-mail is handed to a background thread after the flow (AfterFlowEmailSenderProvider), so
the reader's answer does not wait for SMTP.

Usage: ``build/py/bin/python bench/mail/reset_timing.py [--asks 150] [--keep]`` (``--keep`` leaves the stack up).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from docs_testkit.admin import admin_client
from docs_testkit.keycloak_reader import Reader
from docs_testkit.stats import percentile

ROOT = Path(__file__).resolve().parents[2]

STACK = [sys.executable, str(ROOT / "scripts" / "stack.py")]
DATA = ROOT / "build" / "bench-mail"
RESULTS = ROOT / "build" / "bench" / "mail" / "results.json"
# What differs between two browsers' copies of one page: the ids in the form's URLs and the hash of the
# authentication session that the page's script checks (authChecker.js); the address typed is shown back too.
PER_BROWSER = re.compile(r"(session_code|execution|tab_id|client_data|client_id|kc_locale)=[^&\"']*"
                         r'|checkAuthSession\(\s*"[^"]*"')


def same_for_every_browser(page: str, typed: str) -> str:
    """``page`` without what differs between browsers or addresses typed, to compare known with unknown."""
    return PER_BROWSER.sub("", page.replace(typed, "ADDRESS"))


def create_readers(admin: httpx.Client, count: int) -> list[str]:
    """``count`` readers with verified addresses; returns the addresses."""
    addresses = []
    for _ in range(count):
        email = f"bench-known-{uuid.uuid4().hex[:12]}@example.org"
        r = admin.post("/users", json={
            "username": email, "email": email, "emailVerified": True, "enabled": True,
            "attributes": {"experienceLevel": ["intermediate"], "professionalRole": ["software-engineer"]}})
        assert r.status_code == 201, f"creating a reader: {r.status_code} {r.text[:200]}"
        addresses.append(email)
    return addresses


def ask_reset(keycloak_url: str, email: str) -> tuple[float, str]:
    """One browser: sign-in page, "Forgot password?", post ``email``. Returns (ms of the POST, the page)."""
    reader = Reader(keycloak_url)
    try:
        action = reader.reset_form()
        start = time.perf_counter()
        answer = reader.submit(action, {"username": email})
        elapsed = (time.perf_counter() - start) * 1000
        assert answer.status_code == 200, f"reset answered {answer.status_code}"
        return elapsed, answer.text
    finally:
        reader.close()


def summary(values: list[float]) -> dict[str, float]:
    return {"median_ms": round(percentile(values, 50), 2), "p25_ms": round(percentile(values, 25), 2),
            "p75_ms": round(percentile(values, 75), 2), "p90_ms": round(percentile(values, 90), 2), "n": len(values)}


def bootstrap_ratio(known: list[float], unknown: list[float], rounds: int = 2000) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of median(known)/median(unknown) over resamples of both kinds."""
    rng = random.Random(16)
    ratios = sorted(statistics.median(rng.choices(known, k=len(known)))
                    / statistics.median(rng.choices(unknown, k=len(unknown))) for _ in range(rounds))
    return ratios[int(0.025 * rounds)], ratios[int(0.975 * rounds)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asks", type=int, default=150, help="resets asked for each kind of address")
    parser.add_argument("--warm-up", type=int, default=20, help="resets asked first and not counted")
    parser.add_argument("--keep", action="store_true", help="leave the stack up")
    args = parser.parse_args()

    keycloak_url = os.environ.get("KEYCLOAK_URL", f"http://localhost:{os.environ.get('KEYCLOAK_PORT', '8080')}")
    subprocess.run([*STACK, "up", "--data", str(DATA), "--fresh"], check=True)
    try:
        with admin_client(keycloak_url) as admin:
            known = create_readers(admin, args.asks + args.warm_up)
        unknown = [f"bench-unknown-{uuid.uuid4().hex[:12]}@example.org" for _ in known]
        asks = [("known", a) for a in known[args.warm_up:]] + [("unknown", a) for a in unknown[args.warm_up:]]
        random.Random(16).shuffle(asks)
        for kind_list in (known[:args.warm_up], unknown[:args.warm_up]):
            for address in kind_list:
                ask_reset(keycloak_url, address)
        times: dict[str, list[float]] = {"known": [], "unknown": []}
        pages: dict[str, set[str]] = {"known": set(), "unknown": set()}
        for kind, address in asks:
            ms, page = ask_reset(keycloak_url, address)
            times[kind].append(ms)
            pages[kind].add(same_for_every_browser(page, address))
    finally:
        if not args.keep:
            subprocess.run([*STACK, "down", "--data", str(DATA)], check=False)

    low, high = bootstrap_ratio(times["known"], times["unknown"])
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": "make bench-mail",
        "known": summary(times["known"]), "unknown": summary(times["unknown"]),
        "ratio_of_medians_known_over_unknown": round(statistics.median(times["known"]) / statistics.median(times["unknown"]), 3),
        "ratio_95_interval": [round(low, 3), round(high, 3)],
        "distinct_pages": {"known": len(pages["known"]), "unknown": len(pages["unknown"]),
                           "same_page_for_both": pages["known"] == pages["unknown"]},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
