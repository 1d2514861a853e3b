package dev.docsauth.keycloak.consent;

/**
 * One consent to personalisation given or withdrawn (GDPR article 7(1): the controller can show the consent).
 *
 * @param given          {@code true} when given, {@code false} when withdrawn
 * @param timeMillis     when, in epoch milliseconds (UTC)
 * @param wording        the English sentence shown beside the box ({@link ConsentWording#SENTENCE} at the time)
 * @param wordingVersion its version ({@link ConsentWording#VERSION} at the time)
 * @param method         how: sign-up, profile update, account API or admin
 */
public record ConsentRecord(boolean given, long timeMillis, String wording, String wordingVersion, ConsentMethod method) {
}
