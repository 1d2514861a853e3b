package dev.docsauth.keycloak.signals;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One Security Event Token waiting for one receiver: a row of {@code DOCS_SIGNAL_OUTBOX}
 * (META-INF/docs-signals-changelog.xml). Written in the transaction of the change it reports, deleted once the
 * receiver answered 2xx.
 */
@Entity
@Table(name = "DOCS_SIGNAL_OUTBOX")
public class SignalOutboxEntity {

    /** The SET's {@code jti}: the same on every attempt. */
    @Id
    @Column(name = "ID", length = 36)
    private String id;

    /** The receiver's name in the SPI options. */
    @Column(name = "RECEIVER", length = 64, nullable = false)
    private String receiver;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The SET's claims as JSON, {@code aud} and {@code iss} included, as captured at the change. */
    @Column(name = "CLAIMS", nullable = false, columnDefinition = "TEXT")
    private String claims;

    /** Epoch milliseconds. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** Epoch milliseconds: the row is due from then on. */
    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    /** The last failure: an HTTP status or an exception's class name, never a body or a secret. */
    @Column(name = "LAST_ERROR", length = 255)
    private String lastError;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getReceiver() {
        return receiver;
    }

    public void setReceiver(String receiver) {
        this.receiver = receiver;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getClaims() {
        return claims;
    }

    public void setClaims(String claims) {
        this.claims = claims;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(long nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }
}
