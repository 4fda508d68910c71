package org.actionalerts.delivery;

import com.codahale.metrics.health.HealthCheck;
import java.util.function.Supplier;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.sms.SmsGateway;

/**
 * {@code /healthcheck} entry for an outbound transport: unhealthy with the gateway's reason when the provider
 * cannot be reached with our credentials. Dry-run gateways are healthy and say so.
 */
public final class TransportHealthCheck extends HealthCheck {

    private final String kind;
    private final Supplier<String> problem;

    public TransportHealthCheck(String kind, Supplier<String> problem) {
        this.kind = kind;
        this.problem = problem;
    }

    public static TransportHealthCheck of(SmsGateway sms) {
        return new TransportHealthCheck(sms.kind(), sms::problem);
    }

    public static TransportHealthCheck of(EmailGateway email) {
        return new TransportHealthCheck(email.kind(), email::problem);
    }

    @Override
    protected Result check() {
        String why = problem.get();
        if (why != null) {
            return Result.unhealthy(why);
        }
        return "dry-run".equals(kind) ? Result.healthy("dry-run: nothing leaves the machine") : Result.healthy(kind);
    }
}
