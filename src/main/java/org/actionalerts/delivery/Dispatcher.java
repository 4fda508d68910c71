package org.actionalerts.delivery;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.actionalerts.delivery.email.EmailGateway;
import org.actionalerts.delivery.email.EmailMessage;
import org.actionalerts.delivery.sms.SmsGateway;
import org.actionalerts.delivery.sms.SmsMessage;

/** Runs one {@link ChannelDispatcher} per channel for the life of the service. */
public class Dispatcher implements Managed {
    private final List<ChannelDispatcher> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public Dispatcher(DispatcherSettings settings, int smsRate, int emailRate, OutboxClaims claims, RateLimiter limiter,
                      SmsGateway sms, EmailGateway email, DeliveryRecorder recorder, Reconciler reconciler,
                      MetricRegistry metrics) {
        channels.add(new ChannelDispatcher("sms", smsRate, settings, claims, limiter, smsSender(sms), recorder,
                reconciler, metrics));
        channels.add(new ChannelDispatcher("email", emailRate, settings, claims, limiter, emailSender(email), recorder,
                reconciler, metrics));
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

    @Override
    public void start() {
        for (ChannelDispatcher c : channels) {
            Thread t = new Thread(c, "dispatcher");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        for (ChannelDispatcher c : channels) {
            c.stop();
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(10_000);
        }
    }
}
