package org.actionalerts.delivery;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsMessage;

/**
 * Runs one {@link ChannelDispatcher} per channel for the life of the service. Its threads are Dropwizard's
 * managed executors, built (and so registered) before this is managed: Dropwizard stops in reverse order, so this
 * stop runs first and puts the design's order on them, each step for every channel before the next step: stop
 * claiming, drain the scheduled sends, stop recording. A SIGTERM mid-campaign leaves no row leased: a batch being
 * claimed is scheduled or given back, each scheduled send goes out, and its answer is recorded. The executors'
 * own managers stop afterwards and find them already ended.
 */
class Dispatcher implements Managed {
    private final List<ChannelDispatcher> channels = new ArrayList<>();

    public Dispatcher(DispatcherSettings settings, Clock clock, int smsRate, int emailRate, OutboxClaims claims,
                      RateLimiter limiter, SmsGateway sms, EmailGateway email, DeliveryRecorder recorder,
                      Reconciler reconciler, MetricRegistry metrics, ProviderFailures smsFailures,
                      ProviderFailures emailFailures, StopSignals smsStops, LifecycleEnvironment lifecycle) {
        channels.add(new ChannelDispatcher(Channel.SMS, clock, smsRate, settings, claims, limiter, smsSender(sms), recorder,
                reconciler, metrics, smsFailures, smsStops, lifecycle));
        channels.add(new ChannelDispatcher(Channel.EMAIL, clock, emailRate, settings, claims, limiter, emailSender(email),
                recorder, reconciler, metrics, emailFailures, StopSignals.NONE, lifecycle));
    }

    static Function<Delivery, SendResult> smsSender(SmsGateway sms) {
        return d -> sms.send(new SmsMessage(d.recipient(), d.body()));
    }

    /** Message-ID is fixed per outbox row (one per campaign and supporter), so a resend after a crash is recognisable. */
    static Function<Delivery, SendResult> emailSender(EmailGateway email) {
        return d -> email.send(new EmailMessage(d.recipient(), d.subject(), d.body(), d.html(),
                "<outbox-" + d.id() + (d.campaignId() == null ? "" : ".campaign-" + d.campaignId()) + "@action-alerts>",
                d.unsubscribeUrl()));
    }

    /** When each channel last claimed (see {@link ChannelDispatcher#lastClaim}), for the health check. */
    Map<Channel, Instant> lastClaims() {
        Map<Channel, Instant> last = new LinkedHashMap<>();
        for (ChannelDispatcher c : channels) {
            last.put(c.channel(), c.lastClaim());
        }
        return last;
    }

    @Override
    public void start() {
        for (ChannelDispatcher c : channels) {
            c.start();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        for (ChannelDispatcher c : channels) {
            c.stopClaiming();
        }
        for (ChannelDispatcher c : channels) {
            c.drain();
        }
        for (ChannelDispatcher c : channels) {
            c.stopRecording();
        }
    }
}
