package dev.docsauth.keycloak.signals;

import java.util.List;

import dev.docsauth.keycloak.jpa.ChangelogProviderFactory;

/**
 * JPA entity provider {@value #ID}: the signals' outbox, entity {@link SignalOutboxEntity} and table
 * {@code DOCS_SIGNAL_OUTBOX} ({@value #CHANGELOG}).
 */
public class SignalOutboxProviderFactory extends ChangelogProviderFactory {

    public static final String ID = "docs-signal-outbox";
    static final String CHANGELOG = "META-INF/docs-signals-changelog.xml";

    public SignalOutboxProviderFactory() {
        super(ID, CHANGELOG, List.of(SignalOutboxEntity.class));
    }
}
