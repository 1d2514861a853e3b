#!/usr/bin/env python3
"""No password, token, authorization code or reader's e-mail address in any log: the last step of `make test`.

    scan_logs_for_secrets.py --seen build/secrets-seen.txt PATH...

The tests record every such value they send or receive in the --seen file (``kind<TAB>value`` a line: the Java,
Python and browser harnesses, see integration-tests' SecretsSeen, docs_testkit.secrets_seen, browser-tests/lib/
secrets-seen.js). Each PATH is a log file or a folder of them (binary files are skipped). Exit 0 when none of the
values is found; 1 when any is, or when the --seen file lacks one of the kinds (a scan for nothing proves nothing);
2 on a usage error. What is found is reported by kind and file alone, never by value.

Values shorter than 8 characters are not looked for (the development admin's "admin" would be found in every log),
nor the password "password" (the word is in every log; the password-policy tests submit it as the first guess of
any attacker, to see it refused);
nor values with control characters, which no log writes as they are. A token is looked for by its signature, the last
of its three parts: found, the token is usable whether or not its first parts were written. GNU grep does the
matching (-F, many fixed strings at once).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

KINDS = ("password", "token", "code", "email")
MIN_LENGTH = 8
# Passwords that are no secret and words every log has: the policy tests' refused guesses.
PUBLIC_PASSWORDS = frozenset({"password"})


def needles(seen: Path) -> dict[str, str]:
    """What to look for, each with its kind."""
    found: dict[str, str] = {}
    for line in seen.read_text(encoding="utf-8", errors="replace").splitlines():
        kind, _, value = line.partition("\t")
        if kind not in KINDS:
            continue
        if kind == "token" and value.count(".") == 2:
            value = value.rsplit(".", 1)[1]
        if kind == "email":
            value = value.lower()
        if kind == "password" and value in PUBLIC_PASSWORDS:
            continue
        if len(value) < MIN_LENGTH or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
            continue
        found.setdefault(value, kind)
    return found


def scan(values: dict[str, str], paths: list[Path]) -> dict[tuple[str, str], int]:
    """(kind, file) -> how many times a value of that kind is in that file."""
    files = [str(p) for p in paths if p.exists()]
    if not files or not values:
        return {}
    hits: dict[tuple[str, str], int] = defaultdict(int)
    fd, patterns = tempfile.mkstemp(prefix="secrets-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(v + "\n" for v in values))
        # -r folders, -I skip binary files, -i e-mail addresses in any case, -o each match alone, -H -Z its file
        # and a NUL after the file's name.
        result = subprocess.run(["grep", "-r", "-I", "-F", "-i", "-o", "-H", "-Z", "-f", patterns, "--", *files],
                                capture_output=True, text=True, errors="replace")
        if result.returncode > 1:
            raise SystemExit(f"[secrets] grep failed: {result.stderr.strip()}")
        lowered = {v.lower(): k for v, k in values.items()}
        for line in result.stdout.splitlines():
            file, _, match = line.partition("\0")
            kind = values.get(match) or lowered.get(match.lower())
            if kind is not None and (kind == "email" or match in values):
                hits[(kind, file)] += 1
    finally:
        os.unlink(patterns)
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seen", type=Path, required=True)
    parser.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if not args.seen.exists():
        print(f"[secrets] {args.seen} is missing: the tests recorded nothing to look for")
        return 1
    values = needles(args.seen)
    counts = {kind: sum(1 for k in values.values() if k == kind) for kind in KINDS}
    print("[secrets] looking for " + ", ".join(f"{n} {kind}s" for kind, n in counts.items())
          + f" in {sum(1 for p in args.paths if p.exists())} of {len(args.paths)} places")
    missing = [kind for kind, n in counts.items() if n == 0]
    if missing:
        print(f"[secrets] the tests recorded no {', '.join(missing)}: the scan would prove nothing")
        return 1
    hits = scan(values, args.paths)
    for (kind, file), n in sorted(hits.items()):
        print(f"[secrets] FOUND {kind} ({n}x) in {file}")
    if hits:
        return 1
    print("[secrets] none found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
