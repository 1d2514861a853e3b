"""Unit tests of what `make test` mutates: the base commit chosen, and each tool's selector of the changed files."""
import subprocess
from pathlib import Path, PurePosixPath

import pytest

import mutation_scope


def sh(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo, path, text="x\n"):
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    sh(repo, "add", "-A")
    sh(repo, "commit", "-qm", f"change {path}")
    return sh(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    sh(tmp_path, "init", "-q", "-b", "main")
    sh(tmp_path, "config", "user.email", "t@example.org")
    sh(tmp_path, "config", "user.name", "t")
    commit(tmp_path, "README.md")
    monkeypatch.setattr(mutation_scope, "ROOT", tmp_path)
    return tmp_path


def test_a_branch_is_compared_with_its_merge_base_with_main(repo):
    fork = sh(repo, "rev-parse", "HEAD")
    sh(repo, "checkout", "-qb", "feature")
    commit(repo, "backend-adapter/src/docs_auth/jwks.py")
    sh(repo, "checkout", "-q", "main")
    commit(repo, "backend-adapter/src/docs_auth/quota.py")  # main moved on: not the branch's change
    sh(repo, "checkout", "-q", "feature")
    assert mutation_scope.find_base(None) == (fork, "the merge base with main")
    assert mutation_scope.mutmut(mutation_scope.changed_files(fork)) == ["docs_auth.jwks.x*"]


def test_main_itself_is_compared_with_main_before_its_newest_merge(repo):
    sh(repo, "checkout", "-qb", "feature")
    commit(repo, "frontend-adapter/src/reader.ts")
    sh(repo, "checkout", "-q", "main")
    before = commit(repo, "frontend-adapter/src/quota.ts")
    sh(repo, "merge", "-q", "--no-ff", "-m", "merge", "feature")
    commit(repo, "frontend-adapter/src/returnTo.ts")  # a fix-up after the merge counts too
    base, how = mutation_scope.find_base(None)
    assert base == before and how.startswith("main before its newest merge")
    assert mutation_scope.stryker(mutation_scope.changed_files(base)) == ["src/reader.ts", "src/returnTo.ts"]


def test_no_main_to_compare_with_and_no_merge_means_every_mutant(repo, capsys):
    commit(repo, "frontend-adapter/src/reader.ts")
    assert mutation_scope.find_base(None)[0] is None
    assert mutation_scope.main(["stryker"]) == 0
    assert capsys.readouterr().out == "all\n"


def test_a_base_given_that_is_not_a_commit_is_an_error(repo):
    with pytest.raises(SystemExit, match="not a commit"):
        mutation_scope.main(["pit", "--base", "no-such-ref"])


def test_nothing_changed_in_a_part_selects_nothing(repo, capsys):
    base = sh(repo, "rev-parse", "HEAD")
    commit(repo, "frontend-adapter/src/reader.ts")
    assert mutation_scope.main(["pit", "--base", base]) == 0
    assert capsys.readouterr().out == "\n"


def test_sources_and_the_sources_of_changed_tests_are_selected(repo):
    for source in ("keycloak-extensions/src/main/java/dev/x/Foo.java", "backend-adapter/src/docs_auth/jwks.py",
                   "frontend-adapter/src/AuthProvider.tsx"):
        (repo / source).parent.mkdir(parents=True, exist_ok=True)
        (repo / source).write_text("")
    (repo / "backend-adapter/pyproject.toml").write_text('[tool.mutmut]\ndo_not_mutate = ["*/postgres_store.py"]\n')
    files = [PurePosixPath(p) for p in (
        "keycloak-extensions/src/main/java/dev/x/Bar.java",
        "keycloak-extensions/src/test/java/dev/x/FooTest.java",
        "keycloak-extensions/src/test/java/dev/x/NoSuchTest.java",  # no source of that name: nothing
        "keycloak-extensions/pom.xml",
        "backend-adapter/src/docs_auth/__init__.py",
        "backend-adapter/tests/unit/test_jwks.py",
        "backend-adapter/tests/unit/conftest.py",
        "backend-adapter/src/docs_auth/postgres_store.py",  # do_not_mutate: tested on a real PostgreSQL only
        "frontend-adapter/src/docusaurus/modules.d.ts",  # declarations only: nothing to mutate
        "frontend-adapter/test/AuthProvider.test.tsx",
        "frontend-adapter/test/fakes.ts",
    )]
    assert mutation_scope.pit(files) == ["dev.x.Bar", "dev.x.Bar$*", "dev.x.Foo", "dev.x.Foo$*"]
    assert mutation_scope.mutmut(files) == ["docs_auth.x*", "docs_auth.jwks.x*"]
    assert mutation_scope.stryker(files) == ["src/AuthProvider.tsx"]


def test_stryker_mutates_the_lines_a_change_added_and_a_whole_file_whose_test_changed(repo, capsys):
    commit(repo, "frontend-adapter/src/reader.ts", "".join(f"line {n}\n" for n in range(1, 11)))
    commit(repo, "frontend-adapter/src/quota.ts", "a\nb\n")
    base = sh(repo, "rev-parse", "HEAD")
    text = (repo / "frontend-adapter/src/reader.ts").read_text().splitlines(keepends=True)
    text[2] = "line 3, changed\n"
    text[6:8] = ["line 7, changed\n", "line 8, changed\n", "a new line\n"]
    del text[0]  # a removal alone adds nothing to mutate
    commit(repo, "frontend-adapter/src/reader.ts", "".join(text))
    commit(repo, "frontend-adapter/src/returnTo.ts", "new\nfile\n")
    commit(repo, "frontend-adapter/src/quota.ts", "a\nB\n")
    commit(repo, "frontend-adapter/test/quota.test.ts")  # its test changed too: the whole of quota.ts
    assert mutation_scope.added_lines(base, PurePosixPath("frontend-adapter/src/reader.ts")) == [(2, 2), (6, 8)]
    assert mutation_scope.main(["stryker", "--base", base]) == 0
    assert capsys.readouterr().out == "src/quota.ts,src/reader.ts:2-2,src/reader.ts:6-8,src/returnTo.ts:1-2\n"
