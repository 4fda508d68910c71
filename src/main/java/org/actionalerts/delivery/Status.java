package org.actionalerts.delivery;

import com.fasterxml.jackson.annotation.JsonValue;
import org.actionalerts.platform.StoredValue;

/**
 * Where an outbox row stands, as stored in {@code outbox.status}, with its rank: a message only moves forward
 * (a late "sent" never overwrites "delivered"), and every final state has the same, highest rank.
 */
public enum Status implements StoredValue {
    QUEUED("queued", 0),
    SENDING("sending", 1),
    SENT("sent", 2),
    DELIVERED("delivered", 3),
    FAILED("failed", 3),
    SUPPRESSED("suppressed", 3),
    CANCELLED("cancelled", 3);

    private final String dbValue;
    private final int rank;

    Status(String dbValue, int rank) {
        this.dbValue = dbValue;
        this.rank = rank;
    }

    /** Also its JSON form (the API shows the stored word). */
    @JsonValue
    @Override
    public String dbValue() {
        return dbValue;
    }

    public int rank() {
        return rank;
    }

    public static Status of(String dbValue) {
        return StoredValue.parse(Status.class, dbValue);
    }
}
