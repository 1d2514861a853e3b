package dev.docsauth.keycloak.mail;

import java.util.concurrent.Executor;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs a mail job after the reader's request, on Keycloak's executor {@value #EXECUTOR}, in a session (and
 * transaction) of its own. A job that fails is logged as a warning naming only the exception's class: its message
 * may hold the address.
 */
final class MailInBackground {

    static final String EXECUTOR = "docs-mail";
    private static final Logger LOG = Logger.getLogger(MailInBackground.class);

    /** A mail job in a session of its own. */
    @FunctionalInterface
    interface Job {
        void run(KeycloakSession session) throws EmailException;
    }

    private MailInBackground() {
    }

    /** Hands {@code job} to the executor of {@code requestSession}'s server; {@code what} names it in a warning. */
    static void run(KeycloakSession requestSession, KeycloakSessionFactory sessionFactory, String what, Job job) {
        Executor executor = requestSession.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        executor.execute(() -> KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
            try {
                job.run(session);
            } catch (EmailException | RuntimeException e) {
                LOG.warnf("%s could not be sent (%s); the reader can ask again", what, e.getClass().getSimpleName());
            }
        }));
    }
}
