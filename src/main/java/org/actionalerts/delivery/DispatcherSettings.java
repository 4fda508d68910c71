package org.actionalerts.delivery;

import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;

/**
 * How the dispatcher works. {@code concurrency} sends may be in flight per channel at once: enough to reach the
 * rate ceiling when the provider takes a while to answer (100/s × 200 ms needs 20).
 */
public record DispatcherSettings(boolean enabled, @Min(1) int concurrency, @Min(1) int claimBatch, Duration pollInterval,
                                 Duration lease, @Min(1) int maxAttempts, Duration retryBase, Duration retryMax) {
    public static final DispatcherSettings DEFAULTS = new DispatcherSettings(true, 32, 100, Duration.milliseconds(200),
            Duration.minutes(2), 6, Duration.seconds(30), Duration.hours(1));

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, java.time.Duration.ofMillis(retryBase.toMilliseconds()),
                java.time.Duration.ofMillis(retryMax.toMilliseconds()));
    }
}
