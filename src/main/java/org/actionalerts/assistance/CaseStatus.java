package org.actionalerts.assistance;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a case stands, and where it may go from there: new → assigned → waiting ↔ assigned → resolved; an assigned
 * case may go back to the queue (new), and a resolved one may be reopened (assigned). Stored and sent as the
 * lower-case name.
 */
enum CaseStatus {
    NEW, ASSIGNED, WAITING, RESOLVED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    String wireName() {
        return wireName;
    }

    /** The statuses this one may become (not counting itself: setting the status a case has is no move). */
    Set<CaseStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(ASSIGNED);
            case ASSIGNED -> EnumSet.of(NEW, WAITING, RESOLVED);
            case WAITING -> EnumSet.of(ASSIGNED, RESOLVED);
            case RESOLVED -> EnumSet.of(ASSIGNED);
        };
    }

    boolean mayBecome(CaseStatus target) {
        return target == this || next().contains(target);
    }

    /** "waiting or resolved": what a refused move says this status can become. */
    String nextInWords() {
        return next().stream().map(CaseStatus::wireName).collect(Collectors.joining(" or "));
    }

    static Optional<CaseStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }

    /** A status as stored; the database allows no other. */
    static CaseStatus of(String stored) {
        return parse(stored).orElseThrow(() -> new IllegalStateException("Unknown case status " + stored));
    }

    /** "new, assigned, waiting, resolved". */
    static String allInWords() {
        return Arrays.stream(values()).map(CaseStatus::wireName).collect(Collectors.joining(", "));
    }
}
