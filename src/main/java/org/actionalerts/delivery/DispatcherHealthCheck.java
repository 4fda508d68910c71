package org.actionalerts.delivery;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.actionalerts.consent.Channel;

/**
 * {@code /healthcheck} entry "dispatcher": is this instance still sending? Unhealthy while messages are due for a
 * channel and it has not claimed for {@code stalledAfter}: the API can look fine while nothing leaves (a stuck
 * dispatcher is otherwise silent). Idle with nothing due is healthy; so is an instance whose dispatcher is turned
 * off, which says so. Due means what a claim would take, on the application clock the claim uses, never
 * PostgreSQL's {@code now()}. The database is asked only when a channel has not claimed for a while.
 */
final class DispatcherHealthCheck extends HealthCheck {
    private final Dispatcher dispatcher;
    private final OutboxClaims claims;
    private final Clock clock;
    private final Duration stalledAfter;

    private DispatcherHealthCheck(Dispatcher dispatcher, OutboxClaims claims, Clock clock, Duration stalledAfter) {
        this.dispatcher = dispatcher;
        this.claims = claims;
        this.clock = clock;
        this.stalledAfter = stalledAfter;
    }

    static DispatcherHealthCheck of(Dispatcher dispatcher, OutboxClaims claims, Clock clock, Duration stalledAfter) {
        return new DispatcherHealthCheck(dispatcher, claims, clock, stalledAfter);
    }

    static DispatcherHealthCheck disabled() {
        return new DispatcherHealthCheck(null, null, null, null);
    }

    @Override
    protected Result check() {
        if (dispatcher == null) {
            return Result.healthy("disabled on this instance (DISPATCHER_ENABLED=false): it sends nothing");
        }
        Instant now = clock.instant();
        List<String> stalled = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (Map.Entry<Channel, Instant> e : dispatcher.lastClaims().entrySet()) {
            Channel channel = e.getKey();
            long silentSeconds = Duration.between(e.getValue(), now).toSeconds();
            if (Duration.between(e.getValue(), now).compareTo(stalledAfter) <= 0) {
                fine.add(channel.dbValue() + ": claiming");
            } else if (claims.anyDue(channel, now)) {
                stalled.add(channel.dbValue() + ": messages are due and none claimed for " + silentSeconds + " s (since "
                        + e.getValue() + ")");
            } else {
                fine.add(channel.dbValue() + ": nothing due");
            }
        }
        if (!stalled.isEmpty()) {
            return Result.unhealthy("not sending: " + String.join("; ", stalled));
        }
        return Result.healthy(String.join("; ", fine));
    }
}
