"""The two adapters as users get them: each is packed the ecosystem's way, installed into a fresh app made the
ecosystem's way, set up by the steps of its README (read from the README itself, so the test follows it when it
changes), then built, type-checked and asked over HTTP.

- docs-auth-react: `npm pack` (which builds dist/ itself), a new site from `create-docusaurus` (classic,
  TypeScript), the README's install line with the tarball for the package name, its `docusaurus.config.ts` lines
  and its `ComponentTypes.tsx`; `npm run build`, `npm run typecheck`, `npm run serve`.
- docs-auth-fastapi: a wheel (`pip wheel`), a fresh virtual environment, the README's install line with the wheel
  for the package name, its app as `app.py`; `mypy --strict app.py`, then the README's `uvicorn` line and requests,
  one with a real reader's token from the test stack (scripts/test.sh runs this with the stack up).

Needs the npm registry and PyPI (or their caches); KEYCLOAK_URL names the running stack.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from docs_testkit.keycloak_reader import Reader

ROOT = Path(__file__).resolve().parents[1]

FRONTEND = ROOT / "frontend-adapter"
BACKEND = ROOT / "backend-adapter"
# The Docusaurus of the example site, so that a new site is the one this project builds against.
DOCUSAURUS = json.loads((ROOT / "examples" / "docs-site" / "package.json").read_text())[
    "dependencies"]["@docusaurus/core"].lstrip("^~")
TIMEOUT = 900


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Runs a command to its end; its output is in the failure message when it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert result.returncode == 0, f"{shlex.join(command)} (in {cwd}) exited {result.returncode}:\n" \
                                   f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def code_blocks(readme: Path, heading: str) -> list[tuple[str, str, str]]:
    """The fenced code blocks of one README section: (language, the text just before the block, code)."""
    text = readme.read_text()
    start = text.index(heading + "\n")
    end = text.find("\n## ", start + len(heading))
    section = text[start:end if end >= 0 else len(text)]
    blocks, last = [], 0
    for m in re.finditer(r"^```(\w*)\n(.*?)^```$", section, re.M | re.S):
        before = section[last:m.start()].strip().splitlines() or [""]
        blocks.append((m.group(1), before[-1], m.group(2)))
        last = m.end()
    return blocks


def install_line(block: str, package: str, artifact: Path) -> list[str]:
    """The README's install command, the packed artifact in place of the registry name; comments dropped."""
    words = shlex.split(block.splitlines()[0], comments=True)
    assert package in words, f"the README's install line does not name {package}: {block.splitlines()[0]}"
    return [str(artifact) if w == package else w for w in words]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"{what} exited {proc.returncode}"
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{what} did not answer at {url} within 120 s")


@contextmanager
def serve(command: list[str], cwd: Path, url: str, what: str, env: dict[str, str] | None = None) \
        -> Iterator[None]:
    with open(cwd / "serve.log", "w") as log:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    try:
        wait_for(url, proc, f"{what} (log: {cwd / 'serve.log'})")
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# ------------------------------------------------------------------------------------ docs-auth-react
def apply_config_lines(config: str, block: str) -> str:
    """Adds the README's `plugins` entry and navbar item to a docusaurus.config.ts made by create-docusaurus."""
    plugins = re.search(r"^plugins: \[.*?^\],$", block, re.M | re.S)
    item = re.search(r"navbar: \{ items: \[(\{.*?\})\] \}", block)
    assert plugins and item, f"the README's docusaurus.config.ts lines changed shape:\n{block}"
    assert "\n  themeConfig: {" in config and re.search(r"navbar: \{.*?items: \[", config, re.S)
    config = config.replace("\n  themeConfig: {", "\n  " + plugins.group(0).replace("\n", "\n  ") +
                            "\n\n  themeConfig: {", 1)
    return re.sub(r"navbar: \{.*?items: \[", lambda m: m.group(0) + item.group(1) + ",", config, count=1,
                  flags=re.S)


def test_apply_config_lines_adds_the_plugin_and_the_navbar_item() -> None:
    made = "const config = {\n  title: 'x',\n\n  themeConfig: {\n    navbar: {\n      title: 'x',\n" \
           "      items: [\n        {to: '/blog'},\n      ],\n    },\n  },\n};\n"
    block = 'plugins: [\n  ["p", { a: 1 }],\n],\nthemeConfig: { navbar: { items: [{ type: "t" }] } },\n'
    out = apply_config_lines(made, block)
    assert '  plugins: [\n    ["p", { a: 1 }],\n  ],\n\n  themeConfig: {' in out
    assert "items: [{ type: \"t\" },\n        {to: '/blog'}" in out


def test_a_new_docusaurus_site_with_the_packed_adapter_builds_type_checks_and_serves(tmp_path: Path) -> None:
    # A clean clone has no dist/: the tarball must build it (prepack). The adapter's dev dependencies are
    # installed (scripts/test.sh ran npm ci), as they are for anyone who packs it.
    packed = run(["npm", "pack", "--pack-destination", str(tmp_path), "--json"], cwd=FRONTEND)
    tarball = tmp_path / json.loads(packed)[0]["filename"]
    files = {f["path"] for f in json.loads(packed)[0]["files"]}
    assert {"dist/index.js", "dist/index.d.ts", "dist/docusaurus/plugin.js"} <= files, sorted(files)

    run(["npx", "--yes", f"create-docusaurus@{DOCUSAURUS}", "site", "classic", "--typescript", "--skip-install",
         "--package-manager", "npm"], cwd=tmp_path)
    site = tmp_path / "site"
    run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=site)

    blocks = code_blocks(FRONTEND / "README.md", "## A Docusaurus site adds")
    (_, _, install), (_, config_intro, config_lines), (_, file_intro, component_types) = blocks[:3]
    run(install_line(install, "docs-auth-react", tarball), cwd=site)
    assert "`docusaurus.config.ts`" in config_intro, config_intro
    config = site / "docusaurus.config.ts"
    config.write_text(apply_config_lines(config.read_text(), config_lines))
    path = re.search(r"`(src/[^`]+\.tsx)`", file_intro)
    assert path, file_intro
    (site / path.group(1)).parent.mkdir(parents=True, exist_ok=True)
    (site / path.group(1)).write_text(component_types)

    run(["npm", "run", "build"], cwd=site)
    run(["npm", "run", "typecheck"], cwd=site)
    port = free_port()
    base = f"http://localhost:{port}"
    with serve(["npm", "run", "serve", "--", "--port", str(port), "--no-open"], site, base + "/",
               "docusaurus serve"):
        home = httpx.get(base + "/")
        assert home.status_code == 200
        assert "docs-auth-button" in home.text, "the navbar has no sign-in button"
        callback = httpx.get(base + "/auth/callback", follow_redirects=True)
        assert callback.status_code == 200 and "Signing you in" in callback.text, callback.text[:2000]


# ---------------------------------------------------------------------------------- docs-auth-fastapi
@pytest.fixture(scope="module")
def keycloak_url() -> str:
    url = os.environ.get("KEYCLOAK_URL")
    if not url:
        pytest.fail("KEYCLOAK_URL is not set: run this through `make test` (scripts/test.sh)", pytrace=False)
    return url.rstrip("/")


def test_a_new_fastapi_app_with_the_wheel_type_checks_and_checks_tokens(tmp_path: Path, keycloak_url: str) -> None:
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(BACKEND)],
        cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("docs_auth_fastapi-*.whl"))

    app = tmp_path / "app"
    app.mkdir()
    run([sys.executable, "-m", "venv", ".venv"], cwd=app)
    venv = app / ".venv" / "bin"
    env = {**os.environ, "PATH": f"{venv}:{os.environ['PATH']}", "VIRTUAL_ENV": str(app / ".venv"),
           "DOCS_AUTH_ISSUER": f"{keycloak_url}/realms/docs"}
    env.pop("PYTHONPATH", None)

    (_, _, code), (_, _, commands) = code_blocks(BACKEND / "README.md", "# docs-auth-fastapi")[:2]
    install, start = commands.splitlines()[:2]
    run(install_line(install, "docs-auth-fastapi", wheel), cwd=app, env=env)
    (app / "app.py").write_text(code)
    run(["pip", "install", "--quiet", "mypy"], cwd=app, env=env)
    run(["mypy", "--strict", "app.py"], cwd=app, env=env)  # the wheel carries py.typed

    port = free_port()
    command = [w if w != "8000" else str(port) for w in shlex.split(start, comments=True)]
    assert command[0] == "uvicorn" and str(port) in command, start
    base = f"http://localhost:{port}"
    with serve(command, app, base + "/openapi.json", "uvicorn", env=env):
        refused = httpx.get(base + "/api/me")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith('Bearer realm="docs"'), refused.headers
        reader = Reader(keycloak_url)
        try:
            tokens = reader.sign_up(experienceLevel="beginner", professionalRole="student")
        finally:
            reader.close()
        me = httpx.get(base + "/api/me", headers={"Authorization": f"Bearer {tokens.access_token}"})
        assert me.status_code == 200, me.text
        assert me.json()["experience_level"] == "beginner"
        responses = httpx.get(base + "/openapi.json").json()["paths"]["/api/me"]["get"]["responses"]
        assert sorted(responses) == ["200", "400", "401", "503"]
