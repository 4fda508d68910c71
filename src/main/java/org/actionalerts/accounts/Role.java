package org.actionalerts.accounts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

public enum Role {
    ADMIN, STAFF, ATTORNEY;

    /** Names used in {@code @RolesAllowed}. */
    public static final String ADMIN_NAME = "admin";
    public static final String STAFF_NAME = "staff";
    public static final String ATTORNEY_NAME = "attorney";

    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether this role may do what {@code needed} may: its own work, and for an admin, everything. */
    public boolean includes(Role needed) {
        return this == ADMIN || this == needed;
    }

    @JsonCreator
    public static Role fromWire(String value) {
        return parse(value).orElse(null);
    }

    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
