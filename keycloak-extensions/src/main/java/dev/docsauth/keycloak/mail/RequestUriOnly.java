package dev.docsauth.keycloak.mail;

import java.security.cert.X509Certificate;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * A request that is over, as a session of our own after it sees it: its URI alone (Keycloak's context builds the
 * URLs of a page or mail from it); no method, form, headers or client certificate.
 */
final class RequestUriOnly implements HttpRequest {

    private final UriInfo uri;

    RequestUriOnly(UriInfo uri) {
        this.uri = uri;
    }

    @Override
    public UriInfo getUri() {
        return uri;
    }

    @Override
    public String getHttpMethod() {
        return null;
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return null;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return null;
    }

    @Override
    public boolean isProxyTrusted() {
        return false;
    }
}
