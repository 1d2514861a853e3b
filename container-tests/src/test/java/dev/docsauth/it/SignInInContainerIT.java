package dev.docsauth.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SignInIT}, unchanged, on Keycloak and PostgreSQL in containers. */
@ExtendWith(KeycloakInContainers.class)
class SignInInContainerIT extends SignInIT {
}
