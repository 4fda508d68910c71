package org.actionalerts.delivery;

import com.codahale.metrics.health.HealthCheck;

/**
 * {@code /healthcheck} entry for a transport: the {@link TransportHealthCheck} (can the provider be reached with
 * our credentials?), and unhealthy too while the sends of this instance keep failing ({@link ProviderFailures});
 * healthy again at the first send the provider takes.
 */
final class ProviderHealthCheck extends HealthCheck {
    private final HealthCheck transport;
    private final ProviderFailures failures;

    ProviderHealthCheck(HealthCheck transport, ProviderFailures failures) {
        this.transport = transport;
        this.failures = failures;
    }

    @Override
    protected Result check() {
        Result reachable = transport.execute();
        if (!reachable.isHealthy()) {
            return reachable;
        }
        String failing = failures.problem();
        return failing == null ? reachable : Result.unhealthy(failing);
    }
}
