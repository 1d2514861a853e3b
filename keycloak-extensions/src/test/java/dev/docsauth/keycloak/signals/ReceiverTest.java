package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReceiverTest {

    private static Map<String, String> options() {
        Map<String, String> o = new HashMap<>(Map.of("receivers", "rag, it",
                "rag-url", "http://localhost:8000/api/security-events", "rag-audience", "rag-api", "rag-secret", "s1",
                "it-url", "https://127.0.0.1:9/x", "it-audience", "it", "it-secret", "s2"));
        return o;
    }

    @Test
    void eachNamedReceiverHasItsUrlAudienceAndSecret() {
        List<Receiver> receivers = Receiver.parse(options()::get);
        assertEquals(2, receivers.size());
        assertEquals(new Receiver("rag", URI.create("http://localhost:8000/api/security-events"), "rag-api", "s1"), receivers.get(0));
        assertEquals("it", receivers.get(1).name());
        assertEquals(Map.of("rag", receivers.get(0), "it", receivers.get(1)), SignalDelivery.byName(receivers));
    }

    @Test
    void noReceiversMeansNothingToSend() {
        assertTrue(Receiver.parse(name -> null).isEmpty());
        assertTrue(Receiver.parse(name -> " ").isEmpty());
    }

    @Test
    void theSecretIsNeverPrinted() {
        String printed = Receiver.parse(options()::get).get(0).toString();
        assertFalse(printed.contains("s1"), printed);
        assertTrue(printed.contains("rag-api"), printed);
    }

    @Test
    void aMissingOrWrongOptionIsNamed() {
        Map<String, String> o = options();
        o.remove("it-secret");
        assertEquals("option it-secret is required", assertThrows(IllegalArgumentException.class, () -> Receiver.parse(o::get)).getMessage());
        Map<String, String> badUrl = options();
        badUrl.put("it-url", "ftp://example.org/x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Receiver.parse(badUrl::get)).getMessage().startsWith("option it-url"));
        badUrl.put("it-url", "not a url");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Receiver.parse(badUrl::get)).getMessage().startsWith("option it-url"));
        badUrl.put("it-url", "http:/no-host");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Receiver.parse(badUrl::get)).getMessage().startsWith("option it-url"));
        Map<String, String> badName = options();
        badName.put("receivers", "rag,i-t");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Receiver.parse(badName::get)).getMessage().contains("'i-t'"));
    }
}
