package dev.docsauth.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SignUpIT}, unchanged, on Keycloak and PostgreSQL in containers. */
@ExtendWith(KeycloakInContainers.class)
class SignUpInContainerIT extends SignUpIT {
}
