package org.actionalerts.delivery;

import com.codahale.metrics.CachedGauge;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.campaigns.CampaignRenderer;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.sms.SmsGateway;
import org.jdbi.v3.core.Jdbi;

/** Builds the outbox dispatcher with its gateways, health checks and metrics. */
public final class DeliveryModule {
    private DeliveryModule() {}

    public static void register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
                                ConsentService consent, CampaignRenderer renderer, SmsGateway sms, EmailGateway email) {
        DispatcherSettings settings = config.dispatcher();
        OutboxClaims claims = new OutboxClaims(jdbi, clock, renderer, QuietHours.parse(config.sms().quietHours()),
                config.publicBaseUrl());
        DeliveryRecorder recorder = new DeliveryRecorder(jdbi, clock, consent, settings.retryPolicy());
        Reconciler reconciler = new Reconciler(jdbi, clock, sms);
        // Managed objects stop in the reverse order of registration: the gateways close after the dispatcher has
        // drained (its scheduled sends go out and are recorded). Registered after it, they closed first, and every
        // send of a graceful stop failed with "Connection pool shut down" (found by bench/ResilienceHarness).
        environment.lifecycle().manage(new GatewayCloser(sms, email));
        if (settings.enabled()) {
            Dispatcher dispatcher = new Dispatcher(settings, clock, config.sms().ratePerSecond(),
                    config.email().ratePerSecond(), claims, new RateLimiter(jdbi), sms, email, recorder, reconciler,
                    environment.metrics());
            environment.lifecycle().manage(dispatcher);
            environment.healthChecks().register("dispatcher", DispatcherHealthCheck.of(dispatcher, claims, clock,
                    java.time.Duration.ofMillis(settings.stalledAfter().toMilliseconds())));
        } else {
            environment.healthChecks().register("dispatcher", DispatcherHealthCheck.disabled());
        }
        environment.healthChecks().register("sms", TransportHealthCheck.of(sms));
        environment.healthChecks().register("email", TransportHealthCheck.of(email));
        registerDepthGauges(environment, jdbi);
    }

    /** Closes the gateways' connection pools when the service stops, after the dispatcher's drain. */
    record GatewayCloser(SmsGateway sms, EmailGateway email) implements io.dropwizard.lifecycle.Managed {
        @Override
        public void stop() throws Exception {
            email.close();
            sms.close();
        }
    }

    private static void registerDepthGauges(Environment environment, Jdbi jdbi) {
        CachedGauge<Map<String, Long>> depth = new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                return jdbi.withHandle(h -> h.attach(OutboxDao.class).depth());
            }
        };
        environment.metrics().gauge("outbox.queued", () -> () -> depth.getValue().getOrDefault("queued", 0L));
        environment.metrics().gauge("outbox.sending", () -> () -> depth.getValue().getOrDefault("sending", 0L));
    }
}
