package dev.docsauth.keycloak.mail;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * The {@link MailFloodLimit} of our SPI {@code docs-mail-flood-limit}, id {@code default}. Options (Keycloak's
 * usual form, e.g. {@code --spi-docs-mail-flood-limit--default--mails=3}): {@code mails} per address and window
 * (default 3) and {@code window} in seconds (default 900); docs/contracts.md, "Mail", holds the defaults.
 */
public class MailFloodLimitFactory implements ProviderFactory<MailFloodLimit> {

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
        mails = positive(config, "mails", DEFAULT_MAILS);
        windowSeconds = positive(config, "window", DEFAULT_WINDOW_SECONDS);
    }

    private static int positive(Config.Scope config, String name, int fallback) {
        Integer value = config.getInt(name, fallback);
        if (value == null || value < 1) {
            throw new IllegalArgumentException("spi-docs-mail-flood-limit--default--" + name + " must be 1 or more, not " + value);
        }
        return value;
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
