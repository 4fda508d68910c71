package org.actionalerts.delivery;

import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;

/**
 * How the dispatcher works. {@code concurrency} messages per channel may be claimed and not yet recorded; 0 (the
 * default) sizes it from the channel's rate: a message holds its place for the provider's answer plus the
 * recording, about a quarter of a second, so rate × 0.25 s, at least 32 and at most 256 (see {@link #inFlightFor}).
 * {@code stalledAfter}: messages are due and no claim has been made for this long → the "dispatcher" health check
 * is unhealthy (see {@link DispatcherHealthCheck}).
 */
public record DispatcherSettings(boolean enabled, @Min(0) int concurrency, @Min(1) int claimBatch, Duration pollInterval,
                                 Duration lease, @Min(1) int maxAttempts, Duration retryBase, Duration retryMax,
                                 Duration stalledAfter) {
    public static final Duration DEFAULT_STALLED_AFTER = Duration.seconds(60);
    public static final DispatcherSettings DEFAULTS = new DispatcherSettings(true, 0, 100, Duration.milliseconds(200),
            Duration.minutes(2), 6, Duration.seconds(30), Duration.hours(1), DEFAULT_STALLED_AFTER);

    public DispatcherSettings {
        if (stalledAfter == null) { // a config.yml written before the setting existed
            stalledAfter = DEFAULT_STALLED_AFTER;
        }
    }

    /**
     * Messages in flight for a channel sending at {@code ratePerSecond}. Measured against the benchmark fakes
     * (docs/PERFORMANCE.md): at a lifted rate 32 gave ~560 SMS/s, 64 ~970/s, 128 ~1,130/s; at 100/s with 200 ms
     * provider latency 32 kept every one-second window at or under 100 while 128 let 102–104 through (bursts we
     * could not pin down), so no more are claimed than the rate needs. Connections to the provider are capped
     * separately by the gateways' own pools (64 to Twilio, 8 to SMTP).
     */
    public int inFlightFor(int ratePerSecond) {
        if (concurrency > 0) {
            return concurrency;
        }
        return (int) Math.max(32, Math.min(256, Math.ceil(ratePerSecond * 0.25)));
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, java.time.Duration.ofMillis(retryBase.toMilliseconds()),
                java.time.Duration.ofMillis(retryMax.toMilliseconds()));
    }
}
