"""What `make test` mutates: each part's source files changed since a base commit, as its tool's selector.

    python3 scripts/mutation_scope.py pit|mutmut|stryker [--base REF]

Prints one line on stdout: "all" (no base could be found: mutate the whole part), "" (nothing of this part
changed: mutate nothing) or the tool's selector:
    pit      PIT's targetClasses, comma-separated:  dev.docsauth.keycloak.x.Y,dev.docsauth.keycloak.x.Y$*
    mutmut   mutmut's mutant-name patterns, space-separated:  docs_auth.jwks.x*
    stryker  Stryker's --mutate, comma-separated:  src/reader.ts:12-30,src/reader.ts:41-41,src/AuthProvider.tsx
and the base it used on stderr. A changed source file is mutated; a changed unit test mutates the source file of its
name (FooTest.java: Foo.java; test_jwks.py: jwks.py; reader.test.ts: reader.ts or .tsx) when there is one. Stryker,
the slowest per mutant, mutates only the lines a change added or altered in a source file (its mutation ranges,
`file:start-end`), and the whole file when that file's unit test changed; PIT and mutmut mutate whole classes and
modules (neither takes line ranges).
Deleted files, other tests, build files and what [tool.mutmut] do_not_mutate leaves out select nothing: `make mutation` mutates everything.

The base: --base, else $MUTATION_BASE, else on a branch its merge base with main (or origin/main), else (on main
itself, as CI's clean clone of main is) main before its newest merge: the first parent of the newest merge commit
on the first-parent line, so the merged branch and the commits after it. No base (a shallow clone, a history
without merges): "all". A base given that is not a commit here is an error (exit 1).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str) -> Optional[str]:
    """git's stdout, stripped; None when git fails (an unknown ref, not a repository)."""
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def find_base(explicit: Optional[str]) -> tuple[Optional[str], str]:
    """The base commit and how it was chosen; (None, why) when there is none."""
    if explicit:
        sha = git("rev-parse", "--verify", "--quiet", explicit + "^{commit}")
        if not sha:
            raise SystemExit(f"[mutation] the base {explicit} is not a commit of this clone")
        return sha, f"{explicit} (given)"
    head = git("rev-parse", "HEAD")
    for main in ("main", "origin/main"):
        tip = git("rev-parse", "--verify", "--quiet", main + "^{commit}")
        if tip and tip != head:
            base = git("merge-base", "HEAD", main)
            if base:
                return base, f"the merge base with {main}"
    merge = git("rev-list", "--first-parent", "--merges", "-n", "1", "HEAD")
    if merge:
        base = git("rev-parse", "--verify", "--quiet", merge + "^1")
        if base:
            return base, f"main before its newest merge ({merge[:10]})"
    return None, "no main to compare with and no merge in the history"


def changed_files(base: str) -> list[PurePosixPath]:
    """Files added, copied, modified or renamed from the base to the working tree (committed or not)."""
    out = git("diff", "--name-only", "--diff-filter=ACMR", base) or ""
    return [PurePosixPath(line) for line in out.splitlines() if line]


def added_lines(base: str, path: PurePosixPath) -> list[tuple[int, int]]:
    """The line ranges (first, last; 1-based, inclusive) that the change since base adds to path, as they stand now:
    the `+start,count` of each hunk of `git diff -U0`; none for a hunk that only removes lines."""
    out = git("diff", "-U0", base, "--", str(path)) or ""
    ranges = []
    for match in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", out, re.MULTILINE):
        start, count = int(match[1]), int(match[2] or "1")
        if count:
            ranges.append((start, start + count - 1))
    return ranges


def _source(path: PurePosixPath, src: str, test: str, test_name: Callable[[str], Optional[str]],
            suffixes: tuple[str, ...]) -> Optional[PurePosixPath]:
    """The source file (relative to src) that a changed file selects, or None."""
    if path.is_relative_to(src) and path.suffix in suffixes and not path.name.endswith(".d.ts"):
        return path.relative_to(src)
    if path.is_relative_to(test):
        stem = test_name(path.name)
        if stem:
            relative = path.relative_to(test).with_name(stem)
            for suffix in suffixes:
                candidate = relative.with_suffix(suffix)
                if (ROOT / src / candidate).is_file():
                    return candidate
    return None


def pit(files: list[PurePosixPath]) -> list[str]:
    classes = sorted({str(s.with_suffix("")).replace("/", ".") for f in files if (s := _source(
        f, "keycloak-extensions/src/main/java", "keycloak-extensions/src/test/java",
        lambda n: n[:-len("Test.java")] if n.endswith("Test.java") else None, (".java",)))})
    return [p for c in classes for p in (c, c + "$*")]


def mutmut(files: list[PurePosixPath]) -> list[str]:
    pyproject = ROOT / "backend-adapter/pyproject.toml"
    skip = tomllib.loads(pyproject.read_text())["tool"]["mutmut"].get("do_not_mutate", []) if pyproject.is_file() else []
    sources = {s for f in files if (s := _source(
        f, "backend-adapter/src/docs_auth", "backend-adapter/tests/unit",
        lambda n: n[len("test_"):] if n.startswith("test_") and n.endswith(".py") else None, (".py",)))}
    modules = sorted("docs_auth." + str(s.with_suffix("")).replace("/", ".") for s in sources
                     if not any(fnmatch(f"src/docs_auth/{s}", pattern) for pattern in skip))
    # mutmut names a mutant module.xǁClassǁmethod__mutmut_N or module.x_function__mutmut_N; a package's __init__
    # is the package itself.
    return [m.removesuffix(".__init__") + ".x*" for m in modules]


def stryker(files: list[PurePosixPath],
            lines: Optional[Callable[[PurePosixPath], list[tuple[int, int]]]] = None) -> list[str]:
    """Stryker's --mutate entries: with `lines` (a changed path's added ranges), `src/x.ts:first-last` for each range
    a change added to a source file, and `src/x.ts` whole when its unit test changed; without it, whole files."""
    whole, ranged = set(), {}
    for f in files:
        s = _source(f, "frontend-adapter/src", "frontend-adapter/test",
                    lambda n: n.split(".test.")[0] if ".test." in n else None, (".ts", ".tsx"))
        if s is None:
            continue
        if lines is None or not f.is_relative_to("frontend-adapter/src"):
            whole.add(s)
        else:
            ranged[s] = lines(f)
    entries = ["src/" + str(s) for s in whole]
    entries += [f"src/{s}:{first}-{last}" for s, ranges in ranged.items() if s not in whole for first, last in ranges]
    return sorted(entries)


TOOLS = {"pit": (pit, ","), "mutmut": (mutmut, " "), "stryker": (stryker, ",")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tool", choices=TOOLS)
    parser.add_argument("--base", default=os.environ.get("MUTATION_BASE"))
    args = parser.parse_args(argv)
    base, how = find_base(args.base)
    if base is None:
        print(f"[mutation] {args.tool}: {how}: every mutant", file=sys.stderr)
        print("all")
        return 0
    select, separator = TOOLS[args.tool]
    files = changed_files(base)
    selected = stryker(files, lambda path: added_lines(base, path)) if args.tool == "stryker" else select(files)
    print(f"[mutation] {args.tool}: changed since {base[:10]}, {how}: {len(selected) and separator.join(selected) or 'nothing'}",
          file=sys.stderr)
    print(separator.join(selected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
