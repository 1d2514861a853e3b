package dev.docsauth.keycloak.mail;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

import dev.docsauth.keycloak.config.PositiveOption;

/**
 * The {@link MailFloodLimit} of our SPI {@code docs-mail-flood-limit}, id {@code default}. Options (Keycloak's
 * usual form, e.g. {@code --spi-docs-mail-flood-limit--default--mails=3}): {@code mails} per address and window
 * (default 3) and {@code window} in seconds (default 900); docs/contracts.md, "Mail", holds the defaults.
 */
public class MailFloodLimitFactory implements ProviderFactory<MailFloodLimit> {

    private static final String PREFIX = "spi-docs-mail-flood-limit--default--";
    public static final String ID = "default";
    static final int DEFAULT_MAILS = 3;
    static final int DEFAULT_WINDOW_SECONDS = 900;

    private int mails = DEFAULT_MAILS;
    private int windowSeconds = DEFAULT_WINDOW_SECONDS;

    @Override
    public MailFloodLimit create(KeycloakSession session) {
        return new MailFloodLimit(session.singleUseObjects(), mails, windowSeconds, Time::currentTime);
    }

    /** @throws IllegalArgumentException when an option is below 1, so a wrong setting stops the start */
    @Override
    public void init(Config.Scope config) {
        mails = PositiveOption.read(config, PREFIX, "mails", DEFAULT_MAILS);
        windowSeconds = PositiveOption.read(config, PREFIX, "window", DEFAULT_WINDOW_SECONDS);
    }

    int mails() {
        return mails;
    }

    int windowSeconds() {
        return windowSeconds;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("mails").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAILS)
                .helpText("Reset or verification mails allowed per address within the window").add()
                .property().name("window").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_WINDOW_SECONDS)
                .helpText("The window, in seconds").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
