package org.actionalerts.delivery;

import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * The deployment-wide sending rate per channel. Each permit is a time slot one interval after the previous
 * one; slots are handed out in batches from one row in PostgreSQL, so every instance draws from the same
 * sequence and no one-second window holds more than the ceiling. Slots are measured on the database's clock
 * and returned as delays, so clock skew between instances does not matter.
 */
public class RateLimiter {
    /**
     * Slots are spaced 4% wider than 1/rate so that a send up to ~40 ms late (scheduling jitter on a busy host)
     * never shares a one-second window with rate others: 100/s becomes 96/s sustained, never 101 in any second.
     */
    static final double SAFETY = 1.04;

    private final Jdbi jdbi;

    public RateLimiter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Reserves {@code permits} slots; returns the delay until the first and the spacing between them. */
    public Slots acquire(String channel, int permits, int ratePerSecond) {
        double spacingSeconds = SAFETY / ratePerSecond;
        double firstDelay = jdbi.withHandle(h -> h.createQuery("""
                        UPDATE rate_limits
                           SET next_slot = GREATEST(next_slot, clock_timestamp()) + make_interval(secs => :total)
                         WHERE channel = :channel
                        RETURNING EXTRACT(EPOCH FROM (next_slot - clock_timestamp())) - :total""")
                .bind("channel", channel)
                .bind("total", spacingSeconds * permits)
                .mapTo(Double.class)
                .one());
        return new Slots(toDuration(Math.max(0, firstDelay)), toDuration(spacingSeconds));
    }

    public record Slots(Duration firstDelay, Duration spacing) {
        public Duration delayOf(int index) {
            return firstDelay.plus(spacing.multipliedBy(index));
        }
    }

    private static Duration toDuration(double seconds) {
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }
}
