package org.actionalerts.consent;

import com.fasterxml.jackson.annotation.JsonValue;
import org.actionalerts.platform.StoredValue;

/**
 * SMS or email: the channel of a consent decision and of an outbox row. One lower-case word names it everywhere:
 * in JSON, in {@code consent_events.channel}, {@code suppressions.channel} and {@code outbox.channel}.
 */
public enum Channel implements StoredValue {
    SMS("sms"),
    EMAIL("email");

    private final String word;

    Channel(String word) {
        this.word = word;
    }

    @JsonValue
    public String wireName() {
        return word;
    }

    /** The same word as {@link #wireName()}, as the database stores it. */
    @Override
    public String dbValue() {
        return word;
    }

    public static Channel of(String dbValue) {
        return StoredValue.parse(Channel.class, dbValue);
    }
}
