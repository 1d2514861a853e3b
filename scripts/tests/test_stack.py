"""Unit tests of the launcher's pure parts: the realm import it writes and the DATABASE_URL it accepts."""
import json
import os
from pathlib import Path

import pytest
import stack


def test_the_realm_import_embeds_the_user_profile_as_keycloak_stores_it():
    realm = stack.realm_import()
    components = realm["components"]["org.keycloak.userprofile.UserProfileProvider"]
    assert len(components) == 1
    assert components[0]["providerId"] == "declarative-user-profile"
    profile = json.loads(components[0]["config"]["kc.user.profile.config"][0])
    names = [a["name"] for a in profile["attributes"]]
    assert names[-5:] == ["experienceLevel", "professionalRole", "roleOther", "organization", "personalizationConsent"]
    role_other = next(a for a in profile["attributes"] if a["name"] == "roleOther")
    assert role_other["validations"]["required-when"] == {
        "attribute": "professionalRole", "values": ["other"], "error-message": "error-role-other-required"}


def test_the_realm_file_alone_has_no_user_profile_copy():
    # One copy of the user profile: realm-config/user-profile.json.
    realm = json.loads((stack.REALM_DIR / "docs-realm.json").read_text())
    assert "org.keycloak.userprofile.UserProfileProvider" not in realm.get("components", {})


def test_the_master_realm_gets_the_docs_realms_brute_force_detection_and_client_policies():
    realm = json.loads((stack.REALM_DIR / "docs-realm.json").read_text())
    settings = stack.master_realm_settings()
    assert settings["bruteForceProtected"] is True and settings["failureFactor"] == realm["failureFactor"]
    assert {k: settings[k] for k in ("clientProfiles", "clientPolicies")} == \
        {k: realm[k] for k in ("clientProfiles", "clientPolicies")}
    assert settings["browserFlow"] == stack.MASTER_BROWSER_FLOW
    assert set(settings) <= set(stack.BRUTE_FORCE_FIELDS) | {"clientProfiles", "clientPolicies", "browserFlow"}


def test_the_master_realm_settings_refuse_a_docs_realm_without_brute_force_detection(tmp_path, monkeypatch):
    realm = json.loads((stack.REALM_DIR / "docs-realm.json").read_text())
    realm["bruteForceProtected"] = False
    (tmp_path / "docs-realm.json").write_text(json.dumps(realm))
    monkeypatch.setattr(stack, "REALM_DIR", tmp_path)
    with pytest.raises(stack.StackError, match="brute-force"):
        stack.master_realm_settings()


def test_database_url_becomes_jdbc_url_user_and_password():
    db = stack.ExternalPostgres("postgresql://kc:p%40ss%3Aword@db.internal:6543/keycloak?sslmode=require")
    assert db.jdbc() == ("jdbc:postgresql://db.internal:6543/keycloak?sslmode=require", "kc", "p@ss:word")


def test_database_url_port_defaults_to_5432():
    assert stack.ExternalPostgres("postgres://u:p@localhost/kc").jdbc()[0] == "jdbc:postgresql://localhost:5432/kc"


@pytest.mark.parametrize("url", ["mysql://u:p@h/db", "postgresql://u:p@h", "postgresql:///db", "not a url"])
def test_a_bad_database_url_is_refused_with_its_expected_shape(url):
    with pytest.raises(stack.StackError, match="postgresql://user:password@host:5432/dbname"):
        stack.ExternalPostgres(url)


def test_the_example_backend_uses_rag_database_url_when_given(monkeypatch):
    monkeypatch.setenv("RAG_DATABASE_URL", "postgresql://rag:s3cret@db:5432/keycloak")
    assert stack.ExternalPostgres("postgresql://kc:pw@db/keycloak").rag_url() == "postgresql://rag:s3cret@db:5432/keycloak"


def test_the_example_backend_falls_back_to_keycloaks_database_url(monkeypatch):
    monkeypatch.delenv("RAG_DATABASE_URL", raising=False)
    assert stack.ExternalPostgres("postgresql://kc:pw@db/keycloak").rag_url() == "postgresql://kc:pw@db/keycloak"


def test_keycloak_gets_the_argon2_inlining_options_and_keeps_an_agent_given_by_the_caller(monkeypatch, tmp_path):
    database = stack.ExternalPostgres("postgresql://kc:secret@db:5432/keycloak")
    monkeypatch.setenv("JAVA_OPTS_APPEND", "-javaagent:/jacoco.jar")
    options = stack.Keycloak(tmp_path, database, home=tmp_path)._env()["JAVA_OPTS_APPEND"].split()
    assert "-XX:CompileCommand=inline,org.bouncycastle.crypto.generators.Argon2BytesGenerator::quarterRound" in options
    assert options[-1] == "-javaagent:/jacoco.jar"
    monkeypatch.delenv("JAVA_OPTS_APPEND")
    assert stack.Keycloak(tmp_path, database, home=tmp_path, jvm_options="")._env()["JAVA_OPTS_APPEND"] == ""


def test_a_provider_jar_touched_without_a_change_still_asks_for_a_keycloak_build(tmp_path):
    # `start --optimized` compares the jars' modification times with the build's, not their bytes.
    (tmp_path / "providers").mkdir()
    jar = tmp_path / "providers" / "docs.jar"
    jar.write_bytes(b"same bytes")
    keycloak = stack.Keycloak(tmp_path, database=None, home=tmp_path)
    built = keycloak._build_stamp()
    assert keycloak._build_stamp() == built
    stat = jar.stat()
    os.utime(jar, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert keycloak._build_stamp() != built
    jar.write_bytes(b"other bytes")
    assert keycloak._build_stamp() != built


def test_the_docs_site_is_served_compressed_with_docusaurus_clean_urls(tmp_path):
    # npm `serve` compresses unless told not to; serve.json keeps what `docusaurus serve` did (trailingSlash: false).
    command = stack.DocsSite(tmp_path).command()
    assert Path(command[0]).name == "serve" and "serve" in json.loads(
        (stack.DOCS_SITE_DIR / "package.json").read_text())["devDependencies"]
    assert not {"--no-compression", "-u"} & set(command)
    assert f"tcp://127.0.0.1:{stack.DOCS_SITE_PORT}" in command
    # The build writes build-server/serve.json from serve.json's settings and the security headers.
    assert Path(command[command.index("--config") + 1]) == stack.DOCS_SITE_SERVE_CONFIG
    config = json.loads((stack.DOCS_SITE_DIR / "serve.json").read_text())
    assert config["cleanUrls"] is True and config["trailingSlash"] is False and config["directoryListing"] is False


def test_the_embedded_postgres_listens_and_logs_where_its_caller_says(tmp_path):
    # The benches and the deployment tests run one beside make run's: port and log are given, not patched after.
    database = stack.EmbeddedPostgres(tmp_path, tmp_path / "logs", port=6544, name="postgres-stock")
    assert database.jdbc()[0] == "jdbc:postgresql://127.0.0.1:6544/keycloak"
    assert database.rag_url() == f"postgresql://{stack.DEV_RAG_USER}:{stack.DEV_RAG_PASSWORD}@127.0.0.1:6544/keycloak"
    assert database.log == tmp_path / "logs" / "postgres-stock.log"
    default = stack.EmbeddedPostgres(tmp_path, tmp_path)
    assert (default.port, default.log) == (stack.EMBEDDED_PG_PORT, tmp_path / "postgres.log")


def test_the_example_backend_listens_and_trusts_the_keycloak_its_caller_says(tmp_path):
    database = stack.ExternalPostgres("postgresql://kc:secret@db:5432/keycloak")
    backend = stack.RagBackend(tmp_path, database, port=8765, keycloak_url="http://localhost:18080")
    command = backend.command()
    assert command[command.index("--port") + 1] == "8765" and command[command.index("--host") + 1] == "127.0.0.1"
    assert "--no-access-log" in command
    assert backend.environment()["DOCS_AUTH_ISSUER"] == "http://localhost:18080/realms/docs"
    default = stack.RagBackend(tmp_path, database)
    assert default.command()[default.command().index("--port") + 1] == str(stack.RAG_BACKEND_PORT)
    assert default.environment()["DOCS_AUTH_ISSUER"] == f"{stack.KEYCLOAK_URL}/realms/docs"


def test_keycloak_is_built_with_compression_in_its_quarkus_properties_and_a_change_asks_for_a_build(tmp_path):
    (tmp_path / "conf").mkdir()
    keycloak = stack.Keycloak(tmp_path, database=None, home=tmp_path)
    (tmp_path / ".docs-build-stamp").write_text(keycloak._build_stamp())  # built already: no kc.sh build here
    keycloak.build_if_needed()
    written = (tmp_path / "conf" / "quarkus.properties").read_text().splitlines()
    assert "quarkus.http.enable-compression=true" in written
    media_types = next(line for line in written if line.startswith("quarkus.http.compress-media-types="))
    assert "text/html" in media_types and "json" not in media_types  # never the token endpoint's answers

    as_the_image = stack.Keycloak(tmp_path, database=None, home=tmp_path, quarkus_properties={})
    assert as_the_image._build_stamp() != keycloak._build_stamp()
    (tmp_path / ".docs-build-stamp").write_text(as_the_image._build_stamp())
    as_the_image.build_if_needed()
    assert not (tmp_path / "conf" / "quarkus.properties").exists()


def test_keycloaks_mail_goes_to_the_mail_catcher_it_is_given(monkeypatch, tmp_path):
    database = stack.ExternalPostgres("postgresql://kc:secret@db:5432/keycloak")
    catcher = stack.MailCatcher(tmp_path, tmp_path, smtp_port=2525, web_port=8825)
    monkeypatch.setenv("SMTP_PORT", "587")  # a stray setting does not divert the catcher's mail
    env = stack.Keycloak(tmp_path, database, home=tmp_path, env=catcher.smtp_env())._env()
    assert (env["SMTP_HOST"], env["SMTP_PORT"], env["SMTP_AUTH"]) == ("127.0.0.1", "2525", "false")
    assert stack.Keycloak(tmp_path, database, home=tmp_path)._env()["SMTP_PORT"] == "587"


def test_the_mail_catcher_listens_on_loopback_only_and_keeps_mail_in_the_data_folder(tmp_path):
    command = stack.MailCatcher(tmp_path, tmp_path, smtp_port=2525, web_port=8825).command()
    flags = dict(zip(command[1::2], command[2::2]))
    assert flags == {"--smtp": "2525", "--web": "8825", "--ip": "127.0.0.1", "--web-ip": "127.0.0.1",
                     "--mail-directory": str(tmp_path / "mail")}


def test_the_realm_reads_every_smtp_setting_of_the_contracts_from_the_environment():
    smtp = stack.realm_import()["smtpServer"]
    names = {value[2:].split(":")[0] for value in smtp.values()}
    assert names == {"SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_FROM_NAME", "SMTP_AUTH", "SMTP_USER",
                     "SMTP_PASSWORD", "SMTP_STARTTLS", "SMTP_SSL"}
    assert smtp["password"] == "${SMTP_PASSWORD:}"  # no password in git, not even a development one
