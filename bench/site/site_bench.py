"""`make bench-site`: what compression changes for a reader, before and after, in one run.

Starts on loopback, on ports of its own (so a `make run` stack can stay up):
- an embedded PostgreSQL and two Keycloak nodes on it, both with our jar, theme and realm: `before` as the image
  builds it and as `make run` built it until now (no compression of its own), `after` as `make run` builds it now
  (Quarkus compression, scripts/stack.py KC_QUARKUS_PROPERTIES);
- the built docs site (`make site`) twice: `docusaurus serve` (make run's server until now) and npm `serve` with
  examples/docs-site/serve.json (stack.DocsSite, make run's server now);
- the compose layout's nginx twice, with Keycloak `before` behind both (the image's Keycloak compresses nothing):
  the docs site image's static-server.conf and the proxy's template with `gzip on` turned off (before) and as
  deployed (after), run as deploy/tests runs them (Debian's nginx, docs_testkit.nginx).

Then, for the docs site's home and Keycloak's sign-up page:
- bytes transferred: the page and what its HTML loads at once (scripts, stylesheets, icons, images), asked for
  with the Accept-Encoding a browser sends (Chromium offers br and zstd over HTTPS only), counted as they came
  over the wire (bodies; headers left out);
- Lighthouse (npm `lighthouse` 12.2.3 in bench/site; mobile, its default: simulated slow 4G and a 4x slower CPU;
  performance only) in Debian's Chromium, on make run's servers: `--runs` loads of each, before and after
  alternating, medians; its total byte weight counts every request of the load, the chunks a script fetches
  included.

Figures only: nothing is asserted. Prints a table with the date and the command; writes build/bench/site/results.json.

    build/py/bin/python bench/site/site_bench.py            # about 6 minutes on 2 cores (first run: +2 min of kc.sh build)
    build/py/bin/python bench/site/site_bench.py --runs 5
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import stack
from docs_testkit import nginx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

WORK = ROOT / "build" / "bench" / "site"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
PG_PORT = 25450
KEYCLOAK = {"before": (28380, 29380), "after": (28381, 29381)}  # HTTP, management
SITE = {"before": 23380, "after": 23381}  # docusaurus serve, npm serve
DOCS_NGINX = {"before": 23382, "after": 23383}  # the docs site image's nginx
PROXY = {"before": 28443, "after": 28444}  # the compose proxy (HTTPS)
# What a browser offers: Chromium sends br and zstd only over HTTPS.
ACCEPT_ENCODING = {"http": "gzip, deflate", "https": "gzip, deflate, br, zstd"}
# What the HTML of a page loads at once.
ASSET = re.compile(r'<(?:script[^>]*?\ssrc|link[^>]*?\shref|img[^>]*?\ssrc)="([^"]+)"')
LINK_REL = re.compile(r'<link[^>]*?\srel="([^"]+)"[^>]*?\shref="([^"]+)"|<link[^>]*?\shref="([^"]+)"[^>]*?\srel="([^"]+)"')
LOADED_RELS = {"stylesheet", "icon", "shortcut icon", "preload", "modulepreload"}


def say(message: str) -> None:
    print(f"[bench-site {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------------ servers
def keycloak_home(label: str) -> Path:
    """A copy of the built distribution per node (kept between runs; kc.sh build only when the jar or the
    build settings change, as for make run)."""
    source = sorted(stack.DIST_TARGET.glob("keycloak-[0-9]*"))[-1]
    home = WORK / f"kc-{label}"
    if home.exists() and (home / "version.txt").read_bytes() != (source / "version.txt").read_bytes():
        shutil.rmtree(home)
    if not home.exists():
        shutil.copytree(source, home, symlinks=True, ignore=shutil.ignore_patterns("data"))
    shutil.rmtree(home / "providers")
    shutil.copytree(source / "providers", home / "providers")
    shutil.rmtree(home / "data", ignore_errors=True)
    return home


def keycloak(label: str, pg: stack.EmbeddedPostgres, logs: Path) -> stack.Keycloak:
    http_port, management_port = KEYCLOAK[label]
    return stack.Keycloak(logs, pg, home=keycloak_home(label), name=f"keycloak-{label}", http_port=http_port,
                          management_port=management_port, hostname=f"http://localhost:{http_port}",
                          quarkus_properties=stack.KC_QUARKUS_PROPERTIES if label == "after" else {})


def compression_off(conf: str) -> str:
    assert conf.count("gzip on;") == 1, "the configuration no longer says `gzip on;` once"
    return conf.replace("gzip on;", "gzip off;")


class Servers:
    """Everything the bench measures, started in order and stopped in reverse."""

    def __init__(self, stack_: ExitStack):
        self.exit = stack_
        self.logs = WORK / "logs"

    def start(self) -> None:
        shutil.rmtree(WORK / "run", ignore_errors=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        (WORK / "run").mkdir()
        for p in (ROOT / "build" / "bench", WORK, WORK / "run"):
            os.chmod(p, 0o755)  # PostgreSQL runs as `nobody` when we are root
        for port in [PG_PORT, *SITE.values(), *DOCS_NGINX.values(), *PROXY.values(),
                     *(p for pair in KEYCLOAK.values() for p in pair)]:
            if stack._port_open(port):
                raise SystemExit(f"port {port} is taken: is another bench-site running?")

        pg = stack.EmbeddedPostgres(WORK / "run", self.logs, port=PG_PORT)
        pg.start()
        self.exit.callback(pg.stop)
        # One database: `before` imports the realm, then `after` starts on it (the realm import is skipped).
        for label in ("before", "after"):
            kc = keycloak(label, pg, self.logs)
            self.exit.callback(kc.stop)
            say(f"Keycloak {label} (quarkus.properties: {kc.quarkus_properties or 'none'})")
            kc.start(wait=False)
            kc.wait_ready(timeout=900)

        say("the docs site: docusaurus serve (before), npm serve (after)")
        docusaurus = subprocess.Popen(
            [str(stack.DOCS_SITE_DIR / "node_modules" / ".bin" / "docusaurus"), "serve", "--dir", "build",
             "--port", str(SITE["before"]), "--host", "127.0.0.1", "--no-open"],
            cwd=stack.DOCS_SITE_DIR, stdout=open(self.logs / "docusaurus-serve.log", "a"), stderr=subprocess.STDOUT,
            start_new_session=True)
        self.exit.callback(stack._stop, docusaurus, "docusaurus serve", signal.SIGTERM)
        stack._await_ready(docusaurus, "docusaurus serve", self.logs / "docusaurus-serve.log",
                           lambda: stack._http_ok(f"http://localhost:{SITE['before']}/"))
        site = stack.DocsSite(self.logs, port=SITE["after"])
        self.exit.callback(site.stop)
        site.start()

        say("the compose layout's nginx: the docs site image's and the proxy, compression off (before) and on (after)")
        cert, key = nginx.dev_certificate(WORK / "run" / "tls")
        self.ca_file = cert
        build = stack.DOCS_SITE_DIR / "build"
        for label in ("before", "after"):
            docs_conf = nginx.DOCS_SITE_CONF.read_text()
            template = nginx.NGINX_TEMPLATE.read_text()
            if label == "before":
                docs_conf, template = compression_off(docs_conf), compression_off(template)
            docs = nginx.start_nginx(WORK / "run" / f"docs-nginx-{label}", self.logs,
                                     nginx.docs_site_conf(build, DOCS_NGINX[label], docs_conf), DOCS_NGINX[label])
            self.exit.callback(stop_nginx, docs)
            proxy = nginx.start_nginx(WORK / "run" / f"proxy-{label}", self.logs, nginx.proxy_site({
                "KEYCLOAK_UPSTREAM_SERVERS": f"server 127.0.0.1:{KEYCLOAK['before'][0]};",
                "DOCS_SITE_UPSTREAM": f"127.0.0.1:{DOCS_NGINX[label]}", "RAG_API_UPSTREAM": "127.0.0.1:8999",
                "PROXY_HTTPS_LISTEN": f"127.0.0.1:{PROXY[label]}", "TLS_CERTIFICATE": str(cert),
                "TLS_CERTIFICATE_KEY": str(key),
                "LOGIN_RATE": "50r/s", "LOGIN_BURST": "50", "TOKEN_RATE": "50r/s", "TOKEN_BURST": "50"},
                template), PROXY[label])
            self.exit.callback(stop_nginx, proxy)


def stop_nginx(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGQUIT)
        proc.wait(timeout=30)


# ------------------------------------------------------------------------------------------------- pages
def sign_up_path() -> str:
    """The docs site's sign-up request (client docs-site, PKCE S256), as the site's Sign up button sends it."""
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=")
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
    query = httpx.QueryParams({
        "client_id": "docs-site", "response_type": "code", "scope": "openid",
        "redirect_uri": "http://localhost:3000/auth/callback", "state": os.urandom(8).hex(),
        "code_challenge": challenge, "code_challenge_method": "S256"})
    return f"/realms/{stack.REALM}/protocol/openid-connect/registrations?{query}"


def assets_of(html: str) -> list[str]:
    """What the page's HTML loads at once: scripts, images, and links that are stylesheets, icons, preloads."""
    found: list[str] = []
    loaded_links = set()
    for m in LINK_REL.finditer(html):
        rel, href = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if rel in LOADED_RELS:
            loaded_links.add(href)
    for m in ASSET.finditer(html):
        url = m.group(1)
        if m.group(0).startswith("<link") and url not in loaded_links:
            continue  # alternate, canonical, manifest...: not loaded with the page
        if url not in found:
            found.append(url)
    return found


def page_bytes(client: httpx.Client, origin: str, path: str, host: str | None = None) -> dict:
    """Bytes over the wire (bodies) for the page and what its HTML loads, with a browser's Accept-Encoding."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING[origin.split(":")[0]]}
    if host:
        headers["Host"] = host
    page = client.get(f"{origin}{path}", headers=headers)
    page.raise_for_status()
    items = [(path, page)]
    for asset in assets_of(page.text):
        if asset.startswith(("http://", "https://", "data:")):
            continue  # another origin, or inline
        r = client.get(f"{origin}{asset}", headers=headers)
        r.raise_for_status()
        items.append((asset, r))
    return {
        "page": page.num_bytes_downloaded,
        "total": sum(r.num_bytes_downloaded for _, r in items),
        "uncompressed": sum(len(r.content) for _, r in items),
        "requests": len(items),
        "encodings": sorted({r.headers.get("content-encoding", "none") for _, r in items}),
        "largest": max(((p, r.num_bytes_downloaded) for p, r in items), key=lambda x: x[1]),
    }


def measure_bytes(servers: Servers) -> dict:
    trust = ssl.create_default_context(cafile=str(servers.ca_file))
    out: dict = {}
    with httpx.Client(timeout=60) as plain, httpx.Client(timeout=60, verify=trust) as tls:
        for label in ("before", "after"):
            out[f"site make-run {label}"] = page_bytes(plain, f"http://localhost:{SITE[label]}", "/")
            out[f"site proxy {label}"] = page_bytes(tls, f"https://localhost:{PROXY[label]}", "/", host="docs.localhost")
            out[f"sign-up make-run {label}"] = page_bytes(plain, f"http://localhost:{KEYCLOAK[label][0]}", sign_up_path())
            out[f"sign-up proxy {label}"] = page_bytes(tls, f"https://localhost:{PROXY[label]}", sign_up_path())
    return out


# -------------------------------------------------------------------------------------------- Lighthouse
AUDITS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint", "tbt_ms": "total-blocking-time",
          "si_ms": "speed-index", "tti_ms": "interactive", "bytes": "total-byte-weight"}


def lighthouse(url: str, out: Path) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json", f"--output-path={out}",
         f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    figures = {"score": round(100 * report["categories"]["performance"]["score"])}
    figures.update({k: round(report["audits"][a]["numericValue"]) for k, a in AUDITS.items()})
    figures["form_factor"] = report["configSettings"]["formFactor"]
    # Lighthouse's own measure of how fast this machine ran at that moment (its CPU slowdown is applied on top):
    # lower means a busier machine, and blocking time grows with it.
    figures["benchmark_index"] = report["environment"]["benchmarkIndex"]
    return figures


def measure_lighthouse(runs: int) -> dict:
    targets = {
        "site": {label: f"http://localhost:{SITE[label]}/" for label in ("before", "after")},
        "sign-up": {label: f"http://localhost:{KEYCLOAK[label][0]}" for label in ("before", "after")},
    }
    loads: dict[str, list[dict]] = {f"{page} {label}": [] for page in targets for label in ("before", "after")}
    for i in range(runs):
        order = ("before", "after") if i % 2 == 0 else ("after", "before")
        for page, urls in targets.items():
            for label in order:
                url = urls[label] + sign_up_path() if page == "sign-up" else urls[label]
                figures = lighthouse(url, WORK / "run" / f"lighthouse-{page}-{label}-{i}.json")
                loads[f"{page} {label}"].append(figures)
                say(f"lighthouse {page} {label} #{i + 1}: score {figures['score']}, TBT {figures['tbt_ms']} ms, "
                    f"{figures['bytes']:,} bytes, benchmark index {figures['benchmark_index']}")
    medians = {key: {k: statistics.median(run[k] for run in runs_) for k in ("score", *AUDITS, "benchmark_index")}
               for key, runs_ in loads.items()}
    return {"runs": loads, "medians": medians}


# ---------------------------------------------------------------------------------------------- report
def kb(n: float) -> str:
    return f"{n / 1000:,.1f} KB"


def print_report(report: dict) -> None:
    print()
    print(f"bench-site, {report['date']}, `{report['command']}`, {report['cores']} cores, load {report['load_average']}")
    print()
    print("Bytes transferred (page + what its HTML loads; bodies as sent, a browser's Accept-Encoding):")
    print(f"{'':34}{'before':>14}{'after':>14}{'after/before':>14}   encodings after")
    for what, title in (("site make-run", "docs site home, make run"), ("site proxy", "docs site home, compose proxy"),
                        ("sign-up make-run", "sign-up page, make run"), ("sign-up proxy", "sign-up page, compose proxy")):
        b, a = report["bytes"][f"{what} before"], report["bytes"][f"{what} after"]
        print(f"  {title:32}{kb(b['total']):>14}{kb(a['total']):>14}{a['total'] / b['total']:>14.2f}   "
              f"{', '.join(a['encodings'])}")
        print(f"  {'  of which the HTML':32}{kb(b['page']):>14}{kb(a['page']):>14}{a['page'] / b['page']:>14.2f}")
    print()
    lh = report["lighthouse"]["medians"]
    print(f"Lighthouse {report['lighthouse_version']} mobile, performance (medians of {report['runs']} loads, make run's servers):")
    print(f"{'':28}{'score':>7}{'FCP':>9}{'LCP':>9}{'TBT':>9}{'SI':>9}{'TTI':>9}{'bytes':>12}{'bench idx':>11}")
    for page, title in (("site", "docs site home"), ("sign-up", "sign-up page")):
        for label in ("before", "after"):
            m = lh[f"{page} {label}"]
            print(f"  {title + ', ' + label:26}{m['score']:>7.0f}{m['fcp_ms']:>7.0f}ms{m['lcp_ms']:>7.0f}ms"
                  f"{m['tbt_ms']:>7.0f}ms{m['si_ms']:>7.0f}ms{m['tti_ms']:>7.0f}ms{kb(m['bytes']):>12}"
                  f"{m['benchmark_index']:>11.0f}")
    print()
    print(f"Written to {WORK / 'results.json'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse loads of each page, before and after (3)")
    args = parser.parse_args()
    for tool, hint in ((LIGHTHOUSE, "npm ci --prefix bench/site"), (Path(CHROMIUM), "apt-get install chromium"),
                       (Path(shutil.which("nginx") or "/nonexistent"), "apt-get install nginx"),
                       (stack.DOCS_SITE_DIR / "build" / "index.html", "make site")):
        if not tool.exists():
            raise SystemExit(f"{tool} is missing: {hint}")
    WORK.mkdir(parents=True, exist_ok=True)
    report = {"date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
              "command": " ".join([Path(sys.executable).name, *sys.argv]), "cores": os.cpu_count(),
              "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()), "runs": args.runs,
              "lighthouse_version": subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True,
                                                   text=True).stdout.strip()}
    with ExitStack() as exit_stack:
        servers = Servers(exit_stack)
        servers.start()
        say("bytes")
        report["bytes"] = measure_bytes(servers)
        say(f"Lighthouse, {args.runs} loads of each page before and after")
        report["lighthouse"] = measure_lighthouse(args.runs)
        say("stopping")
    (WORK / "results.json").write_text(json.dumps(report, indent=2))
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
