package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.actionalerts.delivery.sms.SmsGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A row still "sending" after its lease ran out belongs to an instance that died between handing the message
 * to the provider and recording the answer: its outcome is unknown. For SMS we ask Twilio (messages to that
 * number with that body since the claim); found → sent, no second copy; not found → queued again. Email has
 * no such query: it is queued again with the same Message-ID (at-least-once; receivers drop the duplicate).
 */
public class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Provider clocks and ours may differ a little; look back this much before the claim time. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final Jdbi jdbi;
    private final Clock clock;
    private final SmsGateway sms;
    private final com.codahale.metrics.MetricRegistry metrics;

    /** Outcomes are counted as {@code delivery.reconciler.<channel>.found|requeued|unanswered|skipped}. */
    public Reconciler(Jdbi jdbi, Clock clock, SmsGateway sms, com.codahale.metrics.MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.sms = sms;
        this.metrics = metrics;
    }

    private void count(String channel, String outcome, int n) {
        if (n > 0) {
            metrics.meter(com.codahale.metrics.MetricRegistry.name("delivery", "reconciler", channel, outcome)).mark(n);
        }
    }

    private record Expired(long id, String channel, String recipient, String body, Instant claimedAt) {}

    /**
     * Returns how many rows were resolved. One instance of the deployment reconciles a channel at a time (a
     * transaction-scoped advisory lock): the others skip the pass rather than wait, and ask the provider nothing.
     */
    public int reconcile(String channel) {
        return jdbi.inTransaction(h -> {
            if (!org.actionalerts.platform.TimedWork.tryLock(h, "reconcile:" + channel)) {
                count(channel, "skipped", 1);
                return 0;
            }
            List<Expired> expired = h.createQuery("""
                    SELECT id, channel, recipient, body, claimed_at FROM outbox
                     WHERE channel = :channel AND status = 'sending' AND lease_until < :now
                     ORDER BY lease_until LIMIT 50 FOR UPDATE SKIP LOCKED""")
                    .bind("channel", channel).bind("now", clock.instant())
                    .map((rs, ctx) -> new Expired(rs.getLong("id"), rs.getString("channel"), rs.getString("recipient"),
                            rs.getString("body"), rs.getTimestamp("claimed_at").toInstant()))
                    .list();
            int resolved = 0;
            for (Expired e : expired) {
                Optional<String> found;
                try {
                    found = "sms".equals(e.channel())
                            ? sms.findSent(e.recipient(), e.body(), e.claimedAt().minus(CLOCK_SLACK))
                            : Optional.empty();
                } catch (ProviderUnavailableException unavailable) {
                    // No answer is not "no record": leave it sending and ask again on the next pass.
                    LOG.warn("Could not ask the provider about message {}; will ask again", e.id());
                    count(e.channel(), "unanswered", 1);
                    continue;
                }
                resolved++;
                if (found.isPresent()) {
                    DeliveryRecorder.accepted(h, e.id(), found.get(), clock.instant(), null);
                    count(e.channel(), "found", 1);
                    LOG.info("Message {} was accepted by the provider before a crash; recorded it, not resent", e.id());
                } else {
                    h.createUpdate("""
                            UPDATE outbox SET status = 'queued', not_before = :now, lease_until = NULL, updated_at = now()
                             WHERE id = :id""").bind("id", e.id()).bind("now", clock.instant()).execute();
                    count(e.channel(), "requeued", 1);
                }
            }
            return resolved;
        });
    }
}
