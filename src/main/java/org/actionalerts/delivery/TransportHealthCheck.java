package org.actionalerts.delivery;

import com.codahale.metrics.health.HealthCheck;
import java.util.function.Supplier;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailGateways;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsGateways;

/**
 * {@code /healthcheck} entry for an outbound transport: unhealthy with the gateway's reason when the provider
 * cannot be reached with our credentials. Dry-run gateways are healthy and say so, naming the variables that
 * would turn the transport on.
 */
final class TransportHealthCheck extends HealthCheck {

    private final String kind;
    private final Supplier<String> problem;
    private final String dryRunNotice;

    public TransportHealthCheck(String kind, Supplier<String> problem) {
        this(kind, problem, "dry-run: nothing leaves the machine");
    }

    public TransportHealthCheck(String kind, Supplier<String> problem, String dryRunNotice) {
        this.kind = kind;
        this.problem = problem;
        this.dryRunNotice = dryRunNotice;
    }

    public static TransportHealthCheck of(SmsGateway sms) {
        return new TransportHealthCheck(sms.kind(), sms::problem, SmsGateways.DRY_RUN_NOTICE);
    }

    public static TransportHealthCheck of(EmailGateway email) {
        return new TransportHealthCheck(email.kind(), email::problem, EmailGateways.DRY_RUN_NOTICE);
    }

    @Override
    protected Result check() {
        String why = problem.get();
        if (why != null) {
            return Result.unhealthy(why);
        }
        return "dry-run".equals(kind) ? Result.healthy(dryRunNotice) : Result.healthy(kind);
    }
}
