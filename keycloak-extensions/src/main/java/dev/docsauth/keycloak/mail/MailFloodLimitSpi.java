package dev.docsauth.keycloak.mail;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Our SPI {@code docs-mail-flood-limit}: one provider, {@link MailFloodLimitFactory}. */
public class MailFloodLimitSpi implements Spi {

    public static final String NAME = "docs-mail-flood-limit";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return MailFloodLimit.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return MailFloodLimitFactory.class;
    }
}
