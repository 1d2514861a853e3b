package dev.docsauth.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.altcha.altcha.Altcha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sign-in and sign-up pages' proof of work, solved as ALTCHA's widget does in a browser (ALTCHA's library). */
final class ProofOfWork {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProofOfWork() {
    }

    /** The challenge's fields, from the widget's {@code challenge} attribute. */
    static JsonNode challenge(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("the page's challenge is not JSON: " + json, e);
        }
    }

    /** The form field's value for the challenge: base64 of {@code {algorithm, challenge, number, salt, signature}}. */
    static String solve(String challengeJson) {
        return payload(challenge(challengeJson), number(challengeJson));
    }

    /** The secret number of the challenge, found as the widget finds it. */
    static long number(String challengeJson) {
        JsonNode c = challenge(challengeJson);
        try {
            Altcha.Solution s = Altcha.solveChallenge(c.get("challenge").asText(), c.get("salt").asText(),
                    Altcha.Algorithm.SHA256, c.get("maxnumber").asLong(), 0);
            if (s == null) {
                throw new AssertionError("no solution under maxnumber for " + challengeJson);
            }
            return s.number;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("could not solve " + challengeJson, e);
        }
    }

    /** A payload with the challenge's fields and the given number (a right one, or a forged one). */
    static String payload(JsonNode challenge, long number) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("algorithm", challenge.get("algorithm").asText());
        p.put("challenge", challenge.get("challenge").asText());
        p.put("number", number);
        p.put("salt", challenge.get("salt").asText());
        p.put("signature", challenge.get("signature").asText());
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsString(p).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
