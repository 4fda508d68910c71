package org.actionalerts.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, bounded in attempts; a provider's Retry-After is a floor. */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /** Delay before the next try after {@code attempts} tries. */
    public Duration delay(int attempts, Duration retryAfter) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempts - 1, 20));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        Duration delay = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }
}
