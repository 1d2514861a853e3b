package dev.docsauth.keycloak.pow;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.altcha.altcha.Altcha;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.util.JsonSerialization;

/**
 * ALTCHA's proof of work (https://altcha.org, protocol 1, as its Java library {@code org.altcha:altcha} and widget
 * speak it) for one realm: makes challenges and checks the solutions a form sends back, once each.
 *
 * <p>A challenge is {@code {algorithm: "SHA-256", challenge, maxnumber, salt, signature}}: the browser searches the
 * number n in [0, maxnumber) for which SHA-256(salt + n), in hex, equals {@code challenge}; {@code signature} is
 * HMAC-SHA-256 of {@code challenge} under the realm's {@link ProofOfWorkKey}, and the salt carries the challenge's
 * expiry ({@code ?expires=<epoch seconds>}). The form sends back, in the field {@value #FIELD}, base64 of the JSON
 * {@code {algorithm, challenge, number, salt, signature}}. Nothing is stored when a challenge is made; a solution
 * that passes is recorded in Keycloak's single-use store (cluster-wide) until the challenge expires, so the same
 * solution is refused a second time.
 */
public final class ProofOfWork {

    /** The form field of the solution (the widget's default {@code name}). */
    public static final String FIELD = "altcha";
    /** The honeypot: a field of the sign-up form no person sees, which simple bots fill in. */
    public static final String HONEYPOT = "website";

    private static final String ALGORITHM = "SHA-256";
    private static final String USED_PREFIX = "docs-proof-of-work:";

    /** What a form sent, as the pages tell it (the message keys are in the theme's messages). */
    public enum Verdict {
        SOLVED(null, null),
        MISSING("proof_of_work_missing", "proofOfWorkMissing"),
        INVALID("proof_of_work_invalid", "proofOfWorkInvalid"),
        REPLAYED("proof_of_work_replayed", "proofOfWorkReplayed"),
        HONEYPOT_FILLED("honeypot_filled", "honeypotFilled");

        /** The event's error (Keycloak's {@code error} of a {@code REGISTER_ERROR} or {@code LOGIN_ERROR}). */
        public final String eventError;
        /** The message key shown on the page. */
        public final String message;

        Verdict(String eventError, String message) {
            this.eventError = eventError;
            this.message = message;
        }
    }

    private final String hmacKey;
    private final ProofOfWorkSettings settings;
    private final SingleUseObjectProvider used;
    private final Supplier<Instant> clock;

    /**
     * @param hmacKey  the realm's challenge key ({@link ProofOfWorkKey#of})
     * @param settings cost and lifespan
     * @param used     Keycloak's single-use object store, where spent solutions are recorded
     * @param clock    the time challenges expire against
     */
    public ProofOfWork(String hmacKey, ProofOfWorkSettings settings, SingleUseObjectProvider used,
            Supplier<Instant> clock) {
        this.hmacKey = hmacKey;
        this.settings = settings;
        this.used = used;
        this.clock = clock;
    }

    /** A new challenge as the JSON the widget reads (its {@code challenge} attribute). */
    public String challenge() {
        try {
            Altcha.ChallengeOptions options = new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(settings.maxNumber())
                    .setSecureRandomNumber(true)
                    .setExpires(clock.get().getEpochSecond() + settings.lifespanSeconds())
                    .setHmacKey(hmacKey);
            Altcha.Challenge c = Altcha.createChallenge(options);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("algorithm", c.algorithm);
            json.put("challenge", c.challenge);
            json.put("maxnumber", c.maxnumber);
            json.put("salt", c.salt);
            json.put("signature", c.signature);
            return JsonSerialization.writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException("could not make a proof-of-work challenge", e);
        }
    }

    /**
     * Checks a form's solution and, when it passes, spends it.
     *
     * @param payload the field {@value #FIELD} as sent; null or blank when the browser sent none
     * @return {@link Verdict#SOLVED}, or why not: none sent, not a solution of a challenge of this realm that is
     *         still valid (forged, altered, expired, of another realm or key), or already used
     */
    public Verdict check(String payload) {
        if (payload == null || payload.isBlank()) {
            return Verdict.MISSING;
        }
        String challenge = verifiedChallenge(payload.trim());
        if (challenge == null) {
            return Verdict.INVALID;
        }
        return used.putIfAbsent(USED_PREFIX + challenge, settings.lifespanSeconds())
                ? Verdict.SOLVED : Verdict.REPLAYED;
    }

    /** The honeypot's verdict: a person leaves it empty. */
    public static Verdict honeypot(String value) {
        return value == null || value.isEmpty() ? Verdict.SOLVED : Verdict.HONEYPOT_FILLED;
    }

    /** The solved challenge's hash when the payload is a valid, unexpired solution; else null. */
    private String verifiedChallenge(String payload) {
        try {
            Map<?, ?> json = JsonSerialization.readValue(Base64.getDecoder().decode(payload), Map.class);
            Altcha.Payload p = new Altcha.Payload();
            p.algorithm = (String) json.get("algorithm");
            p.challenge = (String) json.get("challenge");
            p.number = ((Number) json.get("number")).longValue();
            p.salt = (String) json.get("salt");
            p.signature = (String) json.get("signature");
            if (!ALGORITHM.equals(p.algorithm) || p.number < 0 || p.number >= settings.maxNumber()
                    || expired(p.salt)) {
                return null;
            }
            return Altcha.verifySolution(p, hmacKey, false) ? p.challenge : null;
        } catch (Exception e) {
            // not base64, not JSON, a field missing or of the wrong type: not a solution
            return null;
        }
    }

    /** Our challenges all carry {@code expires}; ALTCHA's library would let one without it live for ever. */
    private boolean expired(String salt) {
        int at = salt.indexOf("expires=");
        if (at < 0) {
            return true;
        }
        int end = at + "expires=".length();
        while (end < salt.length() && Character.isDigit(salt.charAt(end))) {
            end++;
        }
        long expires = Long.parseLong(salt.substring(at + "expires=".length(), end));
        return clock.get().getEpochSecond() > expires;
    }
}
