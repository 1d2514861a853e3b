package dev.docsauth.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

import dasniko.testcontainers.keycloak.KeycloakContainer;

/**
 * The checks' stack in Docker, started once per test run (Testcontainers stops it when the JVM exits): PostgreSQL
 * 17 and the official Keycloak image of {@code keycloak.version} with our jar in providers/ (it carries the theme)
 * and the realm import as {@code scripts/stack.py realm} writes it. It sets the system properties that
 * {@link Stack} reads, so the shared checks of integration-tests/ reach it unchanged.
 *
 * <p>Without a Docker engine every class using it is skipped, with one clear line on standard error.
 */
final class KeycloakInContainers implements ExecutionCondition, BeforeAllCallback {

    static final String NO_ENGINE = "No Docker engine found (Testcontainers looked at DOCKER_HOST and "
            + "/var/run/docker.sock): the container tests are skipped; they start Keycloak and PostgreSQL in "
            + "containers and need Docker (container-tests/README.md).";
    private static final String POSTGRES_IMAGE = "postgres:17";
    private static KeycloakContainer keycloak;
    private static Boolean engine;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!engineAvailable()) {
            return ConditionEvaluationResult.disabled(NO_ENGINE);
        }
        return ConditionEvaluationResult.enabled("a Docker engine is available");
    }

    private static synchronized boolean engineAvailable() {
        if (engine == null) {
            engine = DockerClientFactory.instance().isDockerAvailable();
            if (!engine) {
                System.err.println("[container-tests] " + NO_ENGINE);
            }
        }
        return engine;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    private static synchronized void start() throws IOException, InterruptedException {
        if (keycloak != null) {
            return;
        }
        Network network = Network.newNetwork();
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withNetwork(network).withNetworkAliases("postgres")
                .withDatabaseName("keycloak").withUsername("keycloak").withPassword("keycloak");
        postgres.start();
        KeycloakContainer kc = new KeycloakContainer(property("docsauth.keycloak.image"))
                .withNetwork(network)
                .withProviderLibsFrom(List.of(new File(property("docsauth.extensions.jar"))))
                .withCopyFileToContainer(MountableFile.forHostPath(realmImport(), 0644),
                        "/opt/keycloak/data/import/docs-realm.json")
                .withEnv("KC_DB", "postgres")
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", "keycloak")
                .withStartupTimeout(Duration.ofMinutes(5));
        kc.start();
        keycloak = kc;
        System.setProperty("KEYCLOAK_URL", kc.getAuthServerUrl().replaceAll("/$", ""));
        System.setProperty("KEYCLOAK_MANAGEMENT_URL", kc.getMgmtServerUrl().replaceAll("/$", ""));
        System.setProperty("KC_BOOTSTRAP_ADMIN_USERNAME", kc.getAdminUsername());
        System.setProperty("KC_BOOTSTRAP_ADMIN_PASSWORD", kc.getAdminPassword());
    }

    /** realm-config/ as Keycloak imports it, written by the launcher (the one place that embeds the profile). */
    private static Path realmImport() throws IOException, InterruptedException {
        Path root = Path.of(property("docsauth.root"));
        Path out = Files.createTempFile("docs-realm", ".json");
        Process p = new ProcessBuilder("python3", "scripts/stack.py", "realm").directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python3 scripts/stack.py realm failed (exit " + p.exitValue() + ")");
        }
        return out;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run through Maven (make test-docker)");
        }
        return value;
    }
}
