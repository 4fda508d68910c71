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
                                ConsentService consent, CampaignRenderer renderer, ShortLinks links, SmsGateway sms,
                                EmailGateway email) {
        DispatcherSettings settings = config.dispatcher();
        OutboxClaims claims = new OutboxClaims(jdbi, clock, renderer, QuietHours.parse(config.sms().quietHours()),
                config.publicBaseUrl(), links);
        DeliveryRecorder recorder = new DeliveryRecorder(jdbi, clock, consent, settings.retryPolicy(),
                new DeliverabilityGuard(config.deliverability()));
        Reconciler reconciler = new Reconciler(jdbi, clock, sms);
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
        environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
            @Override
            public void stop() throws Exception {
                email.close();
                sms.close();
            }
        });
        environment.healthChecks().register("sms", TransportHealthCheck.of(sms));
        environment.healthChecks().register("email", TransportHealthCheck.of(email));
        registerDepthGauges(environment, jdbi);
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
