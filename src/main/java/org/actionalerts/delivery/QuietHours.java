package org.actionalerts.delivery;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Optional;

/**
 * SMS_QUIET_HOURS: a window in the recipient's local time ("21:00-09:00", possibly across midnight) during
 * which non-urgent texts wait; "off" disables it.
 */
final class QuietHours {
    private final LocalTime start;
    private final LocalTime end;

    private QuietHours(LocalTime start, LocalTime end) {
        this.start = start;
        this.end = end;
    }

    public static QuietHours parse(String spec) {
        if (spec == null || spec.isBlank() || "off".equalsIgnoreCase(spec.strip())) {
            return new QuietHours(null, null);
        }
        String[] parts = spec.strip().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("SMS_QUIET_HOURS must look like 21:00-09:00 or be off, not " + spec);
        }
        return new QuietHours(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
    }

    public boolean enabled() {
        return start != null && !start.equals(end);
    }

    /** Empty when a text may go now in every one of the zones; otherwise the earliest instant when it may. */
    public Optional<Instant> nextAllowed(Instant now, Collection<ZoneId> zones) {
        if (!enabled()) {
            return Optional.empty();
        }
        Instant candidate = now;
        // A later zone's window may open while an earlier zone's closes: move forward until all agree
        // (bounded, for windows that never overlap across the zones).
        for (int round = 0; round < 8; round++) {
            Instant latest = candidate;
            for (ZoneId zone : zones) {
                Instant allowed = allowedFrom(candidate, zone);
                if (allowed.isAfter(latest)) {
                    latest = allowed;
                }
            }
            if (latest.equals(candidate)) {
                break;
            }
            candidate = latest;
        }
        return candidate.equals(now) ? Optional.empty() : Optional.of(candidate);
    }

    private Instant allowedFrom(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime t = local.toLocalTime();
        boolean quiet = start.isBefore(end)
                ? !t.isBefore(start) && t.isBefore(end)
                : !t.isBefore(start) || t.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime endToday = local.with(end).withSecond(0).withNano(0);
        ZonedDateTime opens = endToday.isAfter(local) ? endToday : endToday.plusDays(1);
        return opens.toInstant();
    }
}
