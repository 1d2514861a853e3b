package dev.docsauth.keycloak.consent;

import java.util.List;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.docsauth.keycloak.jpa.ChangelogProviderFactory;

/**
 * JPA entity provider {@value #ID}: the consent history, entity {@link ConsentRecordEntity} and table
 * {@code DOCS_CONSENT_HISTORY} ({@value #CHANGELOG}). A user's rows go in the transaction that deletes the user, a
 * realm's with the realm.
 */
public class ConsentHistoryProviderFactory extends ChangelogProviderFactory {

    public static final String ID = "docs-consent-history";
    static final String CHANGELOG = "META-INF/docs-consent-changelog.xml";

    public ConsentHistoryProviderFactory() {
        super(ID, CHANGELOG, List.of(ConsentRecordEntity.class));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                ConsentHistory.deleteOf(removed.getKeycloakSession(), removed.getRealm(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                ConsentHistory.deleteIn(removed.getKeycloakSession(), removed.getRealm());
            }
        });
    }
}
