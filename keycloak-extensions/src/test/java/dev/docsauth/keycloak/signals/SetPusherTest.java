package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The push against a real HTTP server on loopback (the JDK's). */
class SetPusherTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private Receiver serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Accept") + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " upgrade=" + exchange.getRequestHeaders().getFirst("Upgrade")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        return new Receiver("it", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events"), "it", "push-secret");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aSetIsPostedAsRfc8935SaysAnd202IsDelivered() throws IOException {
        Receiver receiver = serve(202, "");
        assertNull(new SetPusher(Duration.ofSeconds(5)).pushAsync(receiver, "a.b.c").join());
        // No HTTP/2 upgrade (h2c): uvicorn, the example API's server, answers such a request without its body.
        assertEquals(List.of("POST application/secevent+jwt application/json Bearer push-secret upgrade=null a.b.c"), seen);
    }

    @Test
    void anErrorAnswerIsAFailureNamedByStatusAndCode() throws IOException {
        Receiver receiver = serve(400, "{\"err\": \"invalid_audience\", \"description\": \"not for me\"}");
        assertEquals("HTTP 400 invalid_audience", new SetPusher(Duration.ofSeconds(5)).pushAsync(receiver, "a.b.c").join());
    }

    @Test
    void anAnswerWithoutACodeIsNamedByItsStatus() throws IOException {
        Receiver receiver = serve(503, "<html>down</html>");
        assertEquals("HTTP 503", new SetPusher(Duration.ofSeconds(5)).pushAsync(receiver, "a.b.c").join());
        assertEquals("", SetPusher.errorCode(null));
    }

    @Test
    void noAnswerIsAFailureNamedByTheException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Receiver gone = new Receiver("it", URI.create("http://127.0.0.1:" + port + "/events"), "it", "s");
        assertEquals("ConnectException", new SetPusher(Duration.ofSeconds(2)).pushAsync(gone, "a.b.c").join());
    }
}
