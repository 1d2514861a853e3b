package dev.docsauth.keycloak.consent;

/**
 * The wording of the consent box that each record keeps: the English sentence (message
 * {@code profile.attributes.personalizationConsent.true} of the jar's messages_en.properties, which a unit test holds
 * equal to it) and its version. Change both together when the sentence changes, so older records keep what their
 * reader was shown.
 */
public final class ConsentWording {

    /** The sentence shown beside the box, in English. */
    public static final String SENTENCE = "Use my background to tailor the assistant’s answers";
    /** The version of {@link #SENTENCE}. */
    public static final String VERSION = "1";

    private ConsentWording() {
    }
}
