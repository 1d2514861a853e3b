package dev.docsauth.keycloak.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One consent to personalisation given or withdrawn: a row of {@code DOCS_CONSENT_HISTORY}
 * (META-INF/docs-consent-changelog.xml). Written in the transaction of the change; deleted with the user.
 */
@Entity
@Table(name = "DOCS_CONSENT_HISTORY")
public class ConsentRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** {@code true}: consent given; {@code false}: withdrawn. */
    @Column(name = "GIVEN", nullable = false)
    private boolean given;

    /** Epoch milliseconds (UTC). */
    @Column(name = "CHANGED_AT", nullable = false)
    private long changedAt;

    /** The English sentence the reader was shown. */
    @Column(name = "WORDING", length = 255, nullable = false)
    private String wording;

    @Column(name = "WORDING_VERSION", length = 32, nullable = false)
    private String wordingVersion;

    /** {@link ConsentMethod#wireName()}. */
    @Column(name = "METHOD", length = 32, nullable = false)
    private String method;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public boolean isGiven() {
        return given;
    }

    public void setGiven(boolean given) {
        this.given = given;
    }

    public long getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(long changedAt) {
        this.changedAt = changedAt;
    }

    public String getWording() {
        return wording;
    }

    public void setWording(String wording) {
        this.wording = wording;
    }

    public String getWordingVersion() {
        return wordingVersion;
    }

    public void setWordingVersion(String wordingVersion) {
        this.wordingVersion = wordingVersion;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }
}
