package org.actionalerts.inbound;

import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.actionalerts.ActionAlertsConfiguration;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.DeliveryReceipts;
import org.actionalerts.delivery.SmsCountries;
import org.jdbi.v3.core.Jdbi;

/** Builds what arrives from outside: Twilio's webhooks, unsubscribe links, and the message history. */
public final class InboundModule {
    private InboundModule() {}

    public static void register(ActionAlertsConfiguration config, Environment environment, Jdbi jdbi, Clock clock,
                                ConsentService consent, AssistanceDesk assistance, ActionReplies actions,
                                DeliveryReceipts receipts) {
        TwilioSignature signature = new TwilioSignature(config.sms().authToken(), config.publicBaseUrl());
        InboundRouter router = new InboundRouter(clock, consent, config.inbound(), config.organisation(), assistance,
                SmsCountries.parse(config.sms().allowedCountries()), actions);
        InboundProcessor processor = new InboundProcessor(jdbi, router, environment.metrics(),
                environment.lifecycle().executorService("inbound-processor").minThreads(1).maxThreads(1).build());
        environment.lifecycle().manage(processor);
        environment.metrics().registerGauge("inbound.pending", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM inbound_messages WHERE processed_at IS NULL").mapTo(Long.class).one()));
        // Texts set aside after repeated processing failures: anything above 0 needs an operator.
        environment.metrics().registerGauge("inbound.failed", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM inbound_messages WHERE kind = 'failed'").mapTo(Long.class).one()));
        InboundInbox inbox = new InboundInbox(jdbi, processor, new Keywords(config.inbound()), environment.metrics(),
                environment.lifecycle().executorService("inbound.store").minThreads(1).maxThreads(1).build());
        environment.lifecycle().manage(inbox);
        environment.servlets().addServlet("twilio-sms-webhook", new TwilioSmsWebhookServlet(signature, inbox,
                environment.getObjectMapper(), config.limits().webhookBodyBytes(), environment.metrics().timer("inbound.webhook.sms")))
                .addMapping(TwilioSmsWebhookServlet.PATH);
        environment.jersey().register(new TwilioStatusResource(signature, receipts,
                environment.metrics().timer("inbound.webhook.status")));
        environment.jersey().register(new UnsubscribeResource(jdbi, consent, config.organisation()));
        environment.jersey().register(new MessageHistoryResource(jdbi));
    }
}
