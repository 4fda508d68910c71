package org.actionalerts.campaigns;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, PAUSED, COMPLETED, CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
