package org.actionalerts.delivery;

/** How an outbox row goes out, as stored in {@code outbox.channel}. */
public enum Channel implements StoredValue {
    SMS("sms"),
    EMAIL("email");

    private final String dbValue;

    Channel(String dbValue) {
        this.dbValue = dbValue;
    }

    @Override
    public String dbValue() {
        return dbValue;
    }

    public static Channel of(String dbValue) {
        return StoredValue.parse(Channel.class, dbValue);
    }
}
