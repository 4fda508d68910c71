package org.actionalerts.consent;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum ConsentStatus {
    SUBSCRIBED, UNSUBSCRIBED, NONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
