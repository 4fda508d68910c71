package org.actionalerts.delivery;

import com.fasterxml.jackson.annotation.JsonValue;
import org.actionalerts.platform.StoredValue;

/** What an outbox row is, as stored in {@code outbox.kind}. */
public enum Kind implements StoredValue {
    /** A recipient of a campaign's fan-out; rendered when claimed. */
    CAMPAIGN("campaign"),
    /** An answer to what the person asked (STOP, HELP), and a thank-you for an action reply. */
    AUTO_REPLY("auto-reply"),
    /** The acknowledgement of a help request: case content, left out of the supporter's message history. */
    CASE_ACK("case-ack"),
    /** An attorney's answer on a case. */
    CASE_REPLY("case-reply"),
    /** A page to staff or an attorney. */
    NOTIFICATION("notification"),
    /** A campaign rendered to a staff member's own phone or inbox. */
    TEST("test");

    private final String dbValue;

    Kind(String dbValue) {
        this.dbValue = dbValue;
    }

    /** Also its JSON form (the API shows the stored word). */
    @JsonValue
    @Override
    public String dbValue() {
        return dbValue;
    }

    public static Kind of(String dbValue) {
        return StoredValue.parse(Kind.class, dbValue);
    }
}
