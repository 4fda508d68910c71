package org.actionalerts.delivery;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The deployment-wide sending rate per channel. Each permit is a time slot one interval after the previous
 * one; slots are handed out in batches from one row in PostgreSQL, so every instance draws from the same
 * sequence and no one-second window holds more than the ceiling.
 *
 * <p>A slot's moment is fixed on one clock, the database's, and mapped onto this JVM's {@link System#nanoTime}
 * through {@link DatabaseClock}: the offset between the two learnt from the quickest round trip seen. So a slot
 * whose answer came back late (a slow round trip, a pause) keeps its moment: it is not shifted by the delay into
 * the next holder's slots, and the dispatcher sees that it is late and takes a new one. Clock skew between
 * instances' wall clocks does not matter: only the database's clock and each JVM's monotonic clock are used.
 */
class RateLimiter {
    /**
     * Slots are spaced 8% wider than 1/rate so that sends held up to ~80 ms (a stall of a busy host) and then
     * released together never put more than the ceiling in one second: 100/s becomes about 92/s sustained. At 4%
     * the resilience harness (bench/ResilienceHarness, three instances on two cores) saw 101–106 in its busiest
     * second, each time after a 50–60 ms stall of the whole machine that released 16–20 sends in 100 ms.
     */
    static final double SAFETY = 1.08;

    private final Jdbi jdbi;
    private final LongSupplier nanoTime;
    private final DatabaseClock databaseClock = new DatabaseClock();

    public RateLimiter(Jdbi jdbi) {
        this(jdbi, System::nanoTime);
    }

    /** {@code nanoTime}: this JVM's monotonic clock (a test may make a round trip look slow). */
    RateLimiter(Jdbi jdbi, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.nanoTime = nanoTime;
    }

    /** Reserves {@code permits} slots: the first one's moment on this JVM's monotonic clock, and their spacing. */
    public Slots acquire(String channel, int permits, int ratePerSecond) {
        double spacingSeconds = SAFETY / ratePerSecond;
        long sentAt = nanoTime.getAsLong();
        long[] micros = jdbi.withHandle(h -> h.createQuery("""
                        UPDATE rate_limits
                           SET next_slot = GREATEST(next_slot, clock_timestamp()) + make_interval(secs => :total)
                         WHERE channel = :channel
                        RETURNING (EXTRACT(EPOCH FROM next_slot) * 1000000)::bigint - (:total * 1000000)::bigint AS first,
                                  (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint AS db_now""")
                .bind("channel", channel)
                .bind("total", spacingSeconds * permits)
                .map((rs, ctx) -> new long[] {rs.getLong("first"), rs.getLong("db_now")})
                .one());
        long answeredAt = nanoTime.getAsLong();
        databaseClock.observe(micros[1], sentAt, answeredAt);
        return new Slots(databaseClock.toNanoTime(micros[0]), toDuration(spacingSeconds), nanoTime);
    }

    /**
     * Slots as moments on this JVM's monotonic clock ({@code firstNanos} is a {@link System#nanoTime} value).
     */
    public record Slots(long firstNanos, Duration spacing, LongSupplier nanoTime) {
        /** The moment of slot {@code index}, on {@link System#nanoTime}'s scale. */
        public long dueNanos(int index) {
            return firstNanos + spacing.toNanos() * index;
        }

        /** From now until slot {@code index}; zero or negative when its moment has passed. */
        public Duration delayOf(int index) {
            return Duration.ofNanos(dueNanos(index) - nanoTime.getAsLong());
        }

        public Duration firstDelay() {
            return delayOf(0);
        }
    }

    /**
     * Maps the database's clock onto this JVM's monotonic clock. Each query tells the database's time at some
     * moment between sending it and the answer; the midpoint of the quickest round trip pins the offset best
     * (error at most half that round trip). A sample replaces the best one when its round trip is no longer than
     * the best one's plus 1 ms for each second the best one has aged, so a drift between the clocks is followed.
     */
    static final class DatabaseClock {
        private long offsetNanos;      // database epoch nanos − nanoTime
        private long bestRoundTrip = Long.MAX_VALUE;
        private long bestAt;

        synchronized void observe(long dbMicros, long sentAt, long answeredAt) {
            long roundTrip = answeredAt - sentAt;
            long allowance = bestRoundTrip == Long.MAX_VALUE ? 0 : (answeredAt - bestAt) / 1000;
            if (bestRoundTrip == Long.MAX_VALUE || roundTrip <= bestRoundTrip + allowance) {
                offsetNanos = dbMicros * 1000 - (sentAt + roundTrip / 2);
                bestRoundTrip = roundTrip;
                bestAt = answeredAt;
            }
        }

        synchronized long toNanoTime(long dbMicros) {
            return dbMicros * 1000 - offsetNanos;
        }
    }

    private static Duration toDuration(double seconds) {
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }
}
