package org.actionalerts.delivery;

import com.codahale.metrics.CachedGauge;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.sms.SmsGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds the outbox dispatcher with its gateways, health checks and metrics. Campaign rows are rendered when claimed
 * by {@code texts}, and {@code campaigns} hears which campaign should pause: both implemented by campaigns.
 */
public final class DeliveryModule {
    private DeliveryModule() {}

    /** Returns the receiver of the provider's delivery receipts (status callbacks), for inbound's webhook. */
    public static DeliveryReceipts register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi,
                                            Clock clock, ConsentService consent, CampaignTexts texts,
                                            CampaignOutcomes campaigns, ShortLinks links, SmsGateway sms,
                                            EmailGateway email, StopSignals smsStops) {
        DispatcherSettings settings = config.dispatcher();
        OutboxClaims claims = new OutboxClaims(jdbi, clock, texts, campaigns, QuietHours.parse(config.sms().quietHours()),
                config.publicBaseUrl(), links);
        DeliverabilityGuard guard = new DeliverabilityGuard(config.deliverability(), campaigns);
        DeliveryRecorder recorder = new DeliveryRecorder(jdbi, clock, consent, settings.retryPolicy(), campaigns, guard);
        Reconciler reconciler = new Reconciler(jdbi, clock, sms, environment.metrics());
        ProviderFailures smsFailures = new ProviderFailures();
        ProviderFailures emailFailures = new ProviderFailures();
        // Managed objects stop in the reverse order of registration: the gateways close after the dispatcher has
        // drained (its scheduled sends go out and are recorded). Registered after it, they closed first, and every
        // send of a graceful stop failed with "Connection pool shut down" (found by bench/ResilienceHarness).
        environment.lifecycle().manage(new GatewayCloser(sms, email));
        if (settings.enabled()) {
            Dispatcher dispatcher = new Dispatcher(settings, clock, config.sms().ratePerSecond(),
                    config.email().ratePerSecond(), claims, new RateLimiter(jdbi), sms, email, recorder, reconciler,
                    environment.metrics(), smsFailures, emailFailures, smsStops, environment.lifecycle());
            // After its executors (built just above): it stops first and stops them in order (see Dispatcher).
            environment.lifecycle().manage(dispatcher);
            environment.healthChecks().register("dispatcher", DispatcherHealthCheck.of(dispatcher, claims, clock,
                    java.time.Duration.ofMillis(settings.stalledAfter().toMilliseconds())));
        } else {
            environment.healthChecks().register("dispatcher", DispatcherHealthCheck.disabled());
        }
        // Unhealthy when the provider cannot be reached, and while this instance's sends keep failing.
        environment.healthChecks().register("sms", new ProviderHealthCheck(TransportHealthCheck.of(sms), smsFailures));
        environment.healthChecks().register("email", new ProviderHealthCheck(TransportHealthCheck.of(email), emailFailures));
        registerDepthGauges(environment, jdbi);
        return new DeliveryReceipts(jdbi, consent, guard);
    }

    /** Closes the gateways' connection pools when the service stops, after the dispatcher's drain. */
    record GatewayCloser(SmsGateway sms, EmailGateway email) implements io.dropwizard.lifecycle.Managed {
        @Override
        public void stop() throws Exception {
            email.close();
            sms.close();
        }
    }

    /**
     * Outbox depth, asked of the database at most every 5 s and only when read (a scrape, /metrics): totals
     * {@code outbox.queued} and {@code outbox.sending}, and per channel {@code outbox.depth.<channel>.<status>}.
     */
    private static void registerDepthGauges(Environment environment, Jdbi jdbi) {
        CachedGauge<Map<String, Long>> depth = new CachedGauge<>(5, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                return jdbi.withHandle(h -> h.createQuery("""
                        SELECT channel || '.' || status AS key, count(*) AS n FROM outbox
                         WHERE status IN ('queued', 'sending') GROUP BY channel, status""")
                        .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getLong("n")))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            }
        };
        for (Status counted : java.util.List.of(Status.QUEUED, Status.SENDING)) {
            String status = counted.dbValue();
            environment.metrics().gauge("outbox." + status, () -> () -> depth.getValue().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("." + status)).mapToLong(Map.Entry::getValue).sum());
            for (Channel ch : Channel.values()) {
                String channel = ch.dbValue();
                environment.metrics().gauge("outbox.depth." + channel + "." + status,
                        () -> () -> depth.getValue().getOrDefault(channel + "." + status, 0L));
            }
        }
    }
}
