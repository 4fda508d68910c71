package org.actionalerts.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether a channel's provider keeps failing, from what this instance's sends got back: a run of transient or
 * systemic failures (5xx, 429, time-outs, bad credentials, carrier filtering) with no other answer since. Any
 * other answer ends the run, including a refusal about one recipient (21211, a mailbox rejected): the provider
 * answered. The run counts as "keeps failing" once it is {@link #FAILURES} sends long or has lasted
 * {@link #LASTING} (measured on the monotonic clock), so one blip does not page anybody.
 */
final class ProviderFailures {
    static final int FAILURES = 5;
    static final Duration LASTING = Duration.ofSeconds(30);

    private final LongSupplier nanoTime;
    private final AtomicLong failures = new AtomicLong();
    /** When the current run of failures began (nanoTime), meaningful only while {@link #failures} > 0. */
    private volatile long since;
    private volatile String lastError;

    public ProviderFailures() {
        this(System::nanoTime);
    }

    ProviderFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void record(SendResult result) {
        SendResult.Outcome o = result.outcome();
        if (o == SendResult.Outcome.TRANSIENT || o == SendResult.Outcome.SYSTEMIC) {
            lastError = o.name().toLowerCase(java.util.Locale.ROOT) + (result.errorCode() == null ? "" : " " + result.errorCode());
            if (failures.getAndIncrement() == 0) {
                since = nanoTime.getAsLong();
            }
        } else {
            failures.set(0);
        }
    }

    /** Consecutive failed sends; 0 after any answer that was not a failure of the provider. */
    public long failures() {
        return failures.get();
    }

    /** Null while the provider answers; otherwise what an operator reads on /healthcheck. */
    public String problem() {
        long n = failures.get();
        if (n == 0) {
            return null;
        }
        Duration lasted = Duration.ofNanos(nanoTime.getAsLong() - since);
        if (n < FAILURES && lasted.compareTo(LASTING) < 0) {
            return null;
        }
        return "the provider keeps failing: the last " + n + " send(s) over " + lasted.toSeconds()
                + " s all failed (latest: " + lastError + "), none succeeded since";
    }
}
