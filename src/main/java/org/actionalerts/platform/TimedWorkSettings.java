package org.actionalerts.platform;

import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/**
 * When timed work first runs after a start (its runs are shared by the deployment, see {@link TimedWork}).
 *
 * @param retentionFirstRunAfter the daily retention job's first turn after start-up (then every 24 h); it runs
 *                               only if no instance ran it in the last ~19 h
 */
public record TimedWorkSettings(@NotNull Duration retentionFirstRunAfter) {
    public static final TimedWorkSettings DEFAULTS = new TimedWorkSettings(Duration.minutes(5));

    public TimedWorkSettings {
        retentionFirstRunAfter = retentionFirstRunAfter == null ? Duration.minutes(5) : retentionFirstRunAfter;
    }

    public java.time.Duration retentionFirstRun() {
        return java.time.Duration.ofMillis(retentionFirstRunAfter.toMilliseconds());
    }
}
