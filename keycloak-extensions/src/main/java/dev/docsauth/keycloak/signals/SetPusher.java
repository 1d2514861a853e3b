package dev.docsauth.keycloak.signals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** RFC 8935 push of one SET to one receiver. */
final class SetPusher {

    static final String MEDIA_TYPE = "application/secevent+jwt";

    private final HttpClient http;
    private final Duration timeout;

    SetPusher(Duration timeout) {
        // HTTP/1.1: over http:// Java's client would first ask to upgrade to HTTP/2 (h2c), which uvicorn (the
        // example API's server) refuses by answering the request without its body (400 invalid_request).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /**
     * POSTs {@code set} with {@code Content-Type: application/secevent+jwt}, {@code Accept: application/json} and
     * {@code Authorization: Bearer <secret>}, without waiting: the answer comes on the client's threads, so a batch
     * of SETs is pushed at once rather than one after the other.
     *
     * @return a future that never fails: it completes with {@code null} when delivered (2xx); otherwise with what
     *     failed, for the row's {@code LAST_ERROR}: the HTTP status and the receiver's {@code err} code, or the
     *     exception's class (never the body's description, the SET or the secret)
     */
    CompletableFuture<String> pushAsync(Receiver receiver, String set) {
        HttpRequest request = HttpRequest.newBuilder(receiver.url()).timeout(timeout)
                .header("Content-Type", MEDIA_TYPE).header("Accept", "application/json")
                .header("Authorization", "Bearer " + receiver.secret())
                .POST(HttpRequest.BodyPublishers.ofString(set)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                return cause.getClass().getSimpleName();
            }
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode() + errorCode(response.body());
        });
    }

    /** RFC 8935 §2.3's {@code err}, when the body is such an error: a short code, safe to log. */
    static String errorCode(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"err\"\\s*:\\s*\"([a-z_]{1,40})\"").matcher(body == null ? "" : body);
        return m.find() ? " " + m.group(1) : "";
    }
}
