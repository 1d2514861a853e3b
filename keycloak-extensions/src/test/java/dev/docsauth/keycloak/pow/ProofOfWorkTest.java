package dev.docsauth.keycloak.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.docsauth.keycloak.mail.InMemorySingleUseObjects;
import dev.docsauth.keycloak.pow.ProofOfWork.Verdict;
import org.altcha.altcha.Altcha;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class ProofOfWorkTest {

    private static final String KEY = "a".repeat(64);
    private static final ProofOfWorkSettings SMALL = new ProofOfWorkSettings(2_000, 3, 600);

    private Instant now = Instant.ofEpochSecond(1_900_000_000L);
    private final InMemorySingleUseObjects used = new InMemorySingleUseObjects();
    private final ProofOfWork proofOfWork = new ProofOfWork(KEY, SMALL, used, () -> now);

    /** Solves a challenge as the widget does and returns the form field's value. */
    static String solve(String challengeJson) throws Exception {
        Map<?, ?> c = JsonSerialization.readValue(challengeJson, Map.class);
        Altcha.Solution s = Altcha.solveChallenge((String) c.get("challenge"), (String) c.get("salt"),
                Altcha.Algorithm.SHA256, ((Number) c.get("maxnumber")).longValue(), 0);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("algorithm", c.get("algorithm"));
        payload.put("challenge", c.get("challenge"));
        payload.put("number", s.number);
        payload.put("salt", c.get("salt"));
        payload.put("signature", c.get("signature"));
        return encode(payload);
    }

    static String encode(Map<String, Object> payload) throws Exception {
        return Base64.getEncoder().encodeToString(JsonSerialization.writeValueAsBytes(payload));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> decode(String field) throws Exception {
        return new LinkedHashMap<>(JsonSerialization.readValue(Base64.getDecoder().decode(field), Map.class));
    }

    @Test
    void aChallengeIsSignedSha256WithTheCostAndExpiryOfTheSettings() throws Exception {
        Map<?, ?> c = JsonSerialization.readValue(proofOfWork.challenge(), Map.class);
        assertEquals("SHA-256", c.get("algorithm"));
        assertEquals(2_000, ((Number) c.get("maxnumber")).intValue());
        assertTrue(((String) c.get("salt")).contains("expires=" + (now.getEpochSecond() + 600)), c.toString());
        assertEquals(64, ((String) c.get("signature")).length());
    }

    @Test
    void aSolutionPassesOnceAndIsThenRefusedAsReplayed() throws Exception {
        String solution = solve(proofOfWork.challenge());
        assertEquals(Verdict.SOLVED, proofOfWork.check(solution));
        assertEquals(Verdict.REPLAYED, proofOfWork.check(solution));
        assertTrue(used.contains("docs-proof-of-work:" + decode(solution).get("challenge")), "spent, by challenge");
    }

    @Test
    void noSolutionIsMissing() {
        assertEquals(Verdict.MISSING, proofOfWork.check(null));
        assertEquals(Verdict.MISSING, proofOfWork.check(" "));
    }

    @Test
    void aWrongNumberOrAnAlteredChallengeSaltOrSignatureIsInvalid() throws Exception {
        String solution = solve(proofOfWork.challenge());
        Map<String, Object> p = decode(solution);
        for (String field : new String[] {"number", "challenge", "salt", "signature"}) {
            Map<String, Object> forged = new LinkedHashMap<>(p);
            forged.put(field, field.equals("number") ? ((Number) p.get("number")).longValue() + 1
                    : p.get(field) + "0");
            assertEquals(Verdict.INVALID, proofOfWork.check(encode(forged)), field);
        }
        assertEquals(Verdict.SOLVED, proofOfWork.check(solution), "the real one still passes");
    }

    @Test
    void aSolutionOfAnotherKeysChallengeIsInvalid() throws Exception {
        ProofOfWork other = new ProofOfWork("b".repeat(64), SMALL, used, () -> now);
        assertEquals(Verdict.INVALID, proofOfWork.check(solve(other.challenge())));
    }

    @Test
    void aSelfMadeChallengeIsInvalid() throws Exception {
        // a bot that makes its own easy challenge and signs it with a key of its own
        Altcha.Challenge own = Altcha.createChallenge(new Altcha.ChallengeOptions().setMaxNumber(10L)
                .setExpires(now.getEpochSecond() + 60).setHmacKey("bot"));
        assertEquals(Verdict.INVALID, proofOfWork.check(solve(JsonSerialization.writeValueAsString(own))));
    }

    @Test
    void anExpiredChallengeIsInvalid() throws Exception {
        String solution = solve(proofOfWork.challenge());
        now = now.plusSeconds(601);
        assertEquals(Verdict.INVALID, proofOfWork.check(solution));
    }

    @Test
    void aChallengeIsStillValidInItsLastSecond() throws Exception {
        String solution = solve(proofOfWork.challenge());
        now = now.plusSeconds(600);
        assertEquals(Verdict.SOLVED, proofOfWork.check(solution), "expires is the last second it is good for");
    }

    @Test
    void aChallengeWithoutExpiryIsInvalid() throws Exception {
        Altcha.Challenge eternal = Altcha.createChallenge(new Altcha.ChallengeOptions().setMaxNumber(100L)
                .setHmacKey(KEY));
        assertEquals(Verdict.INVALID, proofOfWork.check(solve(JsonSerialization.writeValueAsString(eternal))));
    }

    @Test
    void aNumberOutsideTheCostOrAnotherAlgorithmIsInvalid() throws Exception {
        Map<String, Object> p = decode(solve(proofOfWork.challenge()));
        Map<String, Object> sha1 = new LinkedHashMap<>(p);
        sha1.put("algorithm", "SHA-1");
        assertEquals(Verdict.INVALID, proofOfWork.check(encode(sha1)));
        Map<String, Object> negative = new LinkedHashMap<>(p);
        negative.put("number", -1);
        assertEquals(Verdict.INVALID, proofOfWork.check(encode(negative)));
        Altcha.Challenge costly = Altcha.createChallenge(new Altcha.ChallengeOptions().setMaxNumber(10_000L)
                .setNumber(5_000L).setExpires(now.getEpochSecond() + 60).setHmacKey(KEY));
        assertEquals(Verdict.INVALID, proofOfWork.check(solve(JsonSerialization.writeValueAsString(costly))),
                "a number at or above this realm's maxnumber is not one of its challenges");
    }

    /** A challenge of this realm's key whose secret number is {@code number}. */
    private String challengeWithNumber(long number) throws Exception {
        return JsonSerialization.writeValueAsString(Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setMaxNumber(SMALL.maxNumber()).setNumber(number).setExpires(now.getEpochSecond() + 60)
                .setHmacKey(KEY)));
    }

    @Test
    void theNumbersFromZeroToJustBelowMaxNumberAreTheRealmsAndMaxNumberIsNot() throws Exception {
        assertEquals(Verdict.SOLVED, proofOfWork.check(solve(challengeWithNumber(0))), "0");
        assertEquals(Verdict.SOLVED, proofOfWork.check(solve(challengeWithNumber(SMALL.maxNumber() - 1))),
                "maxNumber - 1");
        assertEquals(Verdict.INVALID, proofOfWork.check(solve(challengeWithNumber(SMALL.maxNumber()))),
                "maxNumber: the widget searches [0, maxnumber)");
    }

    @Test
    void garbageIsInvalid() throws Exception {
        for (String garbage : new String[] {"not base64!", Base64.getEncoder().encodeToString(
                "not json".getBytes(StandardCharsets.UTF_8)), encode(Map.of("algorithm", "SHA-256")),
                encode(Map.of("algorithm", "SHA-256", "challenge", "x", "number", "1", "salt", "s",
                        "signature", "y"))}) {
            assertEquals(Verdict.INVALID, proofOfWork.check(garbage), garbage);
        }
        Map<String, Object> p = decode(solve(proofOfWork.challenge()));
        p.put("salt", "abc?expires=&");
        assertEquals(Verdict.INVALID, proofOfWork.check(encode(p)));
    }

    @Test
    void theHoneypotPassesOnlyEmpty() {
        assertEquals(Verdict.SOLVED, ProofOfWork.honeypot(null));
        assertEquals(Verdict.SOLVED, ProofOfWork.honeypot(""));
        assertEquals(Verdict.HONEYPOT_FILLED, ProofOfWork.honeypot("https://spam.example"));
    }

    @Test
    void everyRefusalHasAnEventErrorAndAMessage() {
        for (Verdict v : Verdict.values()) {
            assertEquals(v == Verdict.SOLVED, v.eventError == null, v.name());
            assertEquals(v == Verdict.SOLVED, v.message == null, v.name());
        }
    }
}
