package dev.docsauth.it;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A receiver of pushed SETs (RFC 8935) for the tests, on loopback: it checks each SET as a receiver must (the
 * bearer credential, the media type, the signature against the realm's JWKS, {@code typ}, {@code iss}, {@code aud})
 * and records it with its arrival time. It can be stopped (nothing listens) and told to refuse the next pushes (503).
 */
final class SetReceiver {

    /** A SET that passed every check. */
    record Arrival(JsonNode header, JsonNode claims, long arrivedAtMillis) {
        String jti() {
            return claims.get("jti").asText();
        }

        String type() {
            return claims.get("events").fieldNames().next();
        }

        JsonNode event() {
            return claims.get("events").get(type());
        }

        /** The user's {@code sub}, whether the subject is the user or one of its sessions. */
        String sub() {
            JsonNode subject = claims.get("sub_id");
            return "complex".equals(subject.get("format").asText()) ? subject.get("user").get("sub").asText() : subject.get("sub").asText();
        }

        String sessionId() {
            JsonNode session = claims.get("sub_id").get("session");
            return session == null ? null : session.get("id").asText();
        }
    }

    final List<Arrival> arrived = new CopyOnWriteArrayList<>();
    /** The jti of each push answered 503 by {@link #refuseNext(int, String)}. */
    final List<String> refused = new CopyOnWriteArrayList<>();
    /** What failed a check: must stay empty. */
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger toRefuse = new AtomicInteger();
    private volatile String refusedSub;
    private HttpServer server;

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", Stack.SIGNALS_RECEIVER_PORT), 0);
        server.createContext("/security-events", this::handle);
        server.start();
    }

    /** Nothing listens any more: a push is refused at the TCP level. */
    void stop() {
        server.stop(0);
    }

    /**
     * Answers 503 to the next {@code pushes} pushes about {@code sub} (a reader's id); pushes about other readers,
     * such as another test's retries still under way, are taken as usual.
     */
    void refuseNext(int pushes, String sub) {
        refusedSub = sub;
        toRefuse.set(pushes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 202;
        try {
            Arrival arrival = check(exchange, body, now);
            if (arrival.sub().equals(refusedSub) && toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.add(arrival.jti());
                status = 503;
            } else {
                arrived.add(arrival);
            }
        } catch (RuntimeException | java.security.GeneralSecurityException e) {
            problems.add(e.getMessage());
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Arrival check(HttpExchange exchange, String body, long now) throws java.security.GeneralSecurityException {
        require("Bearer " + Stack.SIGNALS_SECRET, exchange.getRequestHeaders().getFirst("Authorization"), "the push credential");
        require("application/secevent+jwt", exchange.getRequestHeaders().getFirst("Content-Type"), "Content-Type");
        String[] parts = body.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("not a JWS compact serialization");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        require("secevent+jwt", header.path("typ").asText(), "typ");
        require("RS256", header.path("alg").asText(), "alg");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(realmKey(header.path("kid").asText()));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new IllegalStateException("the signature does not verify with the realm's key");
        }
        require(Stack.ISSUER, claims.path("iss").asText(), "iss");
        require(Stack.SIGNALS_AUDIENCE, claims.path("aud").asText(), "aud");
        if (claims.path("events").size() != 1 || claims.path("jti").asText().isEmpty() || !claims.path("iat").isNumber()) {
            throw new IllegalStateException("not one event with jti and iat: " + claims);
        }
        return new Arrival(header, claims, now);
    }

    private static void require(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " is " + (what.contains("credential") ? "wrong" : actual));
        }
    }

    private static JsonNode decode(String part) {
        try {
            return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }

    /** The realm's published signing key of that id (its JWKS). */
    private static PublicKey realmKey(String kid) throws java.security.GeneralSecurityException {
        for (JsonNode key : Json.get(Stack.ISSUER + "/protocol/openid-connect/certs", null).json().get("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, b64.decode(key.get("n").asText())), new BigInteger(1, b64.decode(key.get("e").asText()))));
            }
        }
        throw new IllegalStateException("no key " + kid + " in the realm's JWKS");
    }

    /** The first SET that matches, waiting up to {@code timeout}. */
    Arrival await(Predicate<Arrival> match, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Arrival a : arrived) {
                if (match.test(a)) {
                    return a;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no SET " + what + " within " + timeout + "; problems: " + problems);
    }

    /** Every SET that arrived for {@code sub}. */
    List<Arrival> of(String sub) {
        List<Arrival> found = new ArrayList<>();
        for (Arrival a : arrived) {
            if (sub.equals(a.sub())) {
                found.add(a);
            }
        }
        return found;
    }
}
