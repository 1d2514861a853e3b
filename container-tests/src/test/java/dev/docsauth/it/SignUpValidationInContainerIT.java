package dev.docsauth.it;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SignUpValidationIT}, unchanged, on Keycloak and PostgreSQL in containers. */
@ExtendWith(KeycloakInContainers.class)
class SignUpValidationInContainerIT extends SignUpValidationIT {
}
