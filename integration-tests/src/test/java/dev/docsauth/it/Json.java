package dev.docsauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over HTTP with a bearer token: the admin, account and OIDC REST APIs. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private Json() {
    }

    static Response get(String url, String token) {
        return send(request(url, token).GET());
    }

    /** A GET with a bearer token and a DPoP proof (RFC 9449 §4.1) in the {@code DPoP} header. */
    static Response get(String url, String token, String dpopProof) {
        return send(request(url, token).header("DPoP", dpopProof).GET());
    }

    /** A plain-text GET, e.g. Prometheus' /metrics, which refuses an Accept of JSON. */
    static Response text(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    static Response put(String url, String token, Object body) {
        return send(request(url, token).header("Content-Type", "application/json").PUT(body(body)));
    }

    static Response post(String url, String token, Object body) {
        return send(request(url, token).header("Content-Type", "application/json").POST(body(body)));
    }

    static Response postForm(String url, String form) {
        SecretsSeen.form(form);
        return send(form(url, form));
    }

    /** A form POST with a DPoP proof (RFC 9449 §4.1) in the {@code DPoP} header. */
    static Response postForm(String url, String form, String dpopProof) {
        return send(form(url, form).header("DPoP", dpopProof));
    }

    private static HttpRequest.Builder form(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    }

    static Response delete(String url, String token) {
        return send(request(url, token).DELETE());
    }

    /** The claims of a JWT, decoded without verification: Keycloak issued it to us a moment ago. */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code aud} of decoded claims as a list: Keycloak writes a single audience as a string. */
    static java.util.List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            return java.util.List.of(aud.asText());
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        aud.forEach(a -> out.add(a.asText()));
        return out;
    }

    private static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Response response = new Response(r.statusCode(), r.body());
            if (r.body().contains("_token\"")) {
                SecretsSeen.tokens(response.json());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
