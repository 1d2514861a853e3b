"""The log scan of `make test` (scripts/scan_logs_for_secrets.py): finds each kind, reports kind and file, never the
value; refuses to pass on a record that lacks a kind."""
from __future__ import annotations

from pathlib import Path

import pytest
import scan_logs_for_secrets as scan

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZWFkZXIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi10aGF0LWlzLWxvbmc"
SEEN = {"password": "correct: horse battery", "token": TOKEN, "code": "6a1f0c2e-code.b7d3-session.9e21-client",
        "email": "Reader-1a2b3c@Example.org"}


@pytest.fixture
def seen(tmp_path: Path) -> Path:
    f = tmp_path / "secrets-seen.txt"
    f.write_text("".join(f"{k}\t{v}\n" for k, v in SEEN.items()) + "password\tadmin\nemail\ta\x00b@example.org\npassword\tpassword\n")
    return f


def logs(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir(exist_ok=True)
    (folder / "keycloak.log").write_text("2026-11-29 INFO started in 9.1s\nadmin signed in as admin\n"
                                         "event UPDATE_PASSWORD: the new password was refused\n" + text)
    (folder / "trace.zip").write_bytes(b"PK\x00\x03" + SEEN["password"].encode())  # binary: not a log
    return folder


def test_clean_logs_pass_and_short_control_or_public_values_are_not_looked_for(seen: Path, tmp_path: Path, capsys) -> None:
    assert scan.main(["--seen", str(seen), str(logs(tmp_path, "nothing secret\n"))]) == 0
    assert "looking for 1 passwords, 1 tokens, 1 codes, 1 emails" in capsys.readouterr().out


@pytest.mark.parametrize("kind, written", [
    ("password", SEEN["password"]),
    ("token", TOKEN),
    ("token", TOKEN.rsplit(".", 1)[1]),  # the signature alone is enough
    ("code", f"GET /callback?code={SEEN['code']}&state=x"),
    ("email", "reader-1a2b3c@example.ORG"),  # in another case
])
def test_each_kind_is_found_and_reported_by_kind_and_file_never_by_value(
        seen: Path, tmp_path: Path, capsys, kind: str, written: str) -> None:
    folder = logs(tmp_path, f"a line with {written} in it\n")

    assert scan.main(["--seen", str(seen), str(folder), str(tmp_path / "absent.log")]) == 1

    out = capsys.readouterr().out
    assert f"FOUND {kind} (1x) in {folder / 'keycloak.log'}" in out
    for value in SEEN.values():
        assert value not in out and value.rsplit(".", 1)[-1] not in out


@pytest.mark.parametrize("kind", scan.KINDS)
def test_a_record_without_one_kind_fails(tmp_path: Path, capsys, kind: str) -> None:
    seen = tmp_path / "secrets-seen.txt"
    seen.write_text("".join(f"{k}\t{v}\n" for k, v in SEEN.items() if k != kind))

    assert scan.main(["--seen", str(seen), str(logs(tmp_path, ""))]) == 1
    assert f"recorded no {kind}" in capsys.readouterr().out


def test_no_record_fails(tmp_path: Path) -> None:
    assert scan.main(["--seen", str(tmp_path / "none.txt"), str(tmp_path)]) == 1
