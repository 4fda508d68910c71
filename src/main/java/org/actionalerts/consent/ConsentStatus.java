package org.actionalerts.consent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum ConsentStatus {
    SUBSCRIBED, UNSUBSCRIBED, NONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status a {@code sms_status} / {@code email_status} column holds. A lookup, not {@code valueOf} of an
     * upper-cased string: under a Turkish default locale {@code "subscribed".toUpperCase()} is "SUBSCRİBED".
     */
    public static ConsentStatus fromWire(String value) {
        for (ConsentStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Not a consent status: " + value);
    }
}
