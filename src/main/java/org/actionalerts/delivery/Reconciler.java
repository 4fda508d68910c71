package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.sms.SmsGateway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A row still "sending" after its lease ran out belongs to an instance that died between handing the message
 * to the provider and recording the answer: its outcome is unknown. For SMS we ask Twilio (messages to that
 * number with that body since the claim); found → sent, no second copy; not found → queued again. Email has
 * no such query: it is queued again with the same Message-ID (at-least-once; receivers drop the duplicate).
 *
 * <p>No transaction is open while the provider is asked (up to two paged list requests a row): the rows are first
 * leased to this pass in one short transaction, then each answer is recorded in a short transaction of its own,
 * only if the row is still "sending" under this pass's lease. A pass that fails part-way gives its remaining rows
 * their expired lease back; one whose process dies leaves them to a later pass once {@link #LEASE} has run out.
 */
class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Provider clocks and ours may differ a little; look back this much before the claim time. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);
    /** How long the rows of one pass are this pass's to ask about: room for 100 list requests at 3 s each. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 50;

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

    private void count(Channel channel, String outcome, int n) {
        if (n > 0) {
            metrics.meter(com.codahale.metrics.MetricRegistry.name("delivery", "reconciler", channel.dbValue(), outcome)).mark(n);
        }
    }

    /** A row this pass holds: {@code expiredAt} is the lease it had, {@code leasedUntil} the one this pass gave it. */
    private record Expired(long id, Channel channel, String recipient, String body, Instant claimedAt, Instant expiredAt,
                           Instant leasedUntil) {}

    /**
     * Returns how many rows were resolved. One instance of the deployment takes a channel's expired rows at a time
     * (a transaction-scoped advisory lock): the others skip the pass rather than wait, and ask the provider nothing.
     */
    public int reconcile(Channel channel) {
        Optional<List<Expired>> taken = take(channel);
        if (taken.isEmpty()) {
            count(channel, "skipped", 1);
            return 0;
        }
        List<Expired> rows = taken.get();
        int resolved = 0;
        int settled = 0; // rows[0, settled) are recorded or given back
        try {
            for (Expired e : rows) {
                Optional<String> found;
                try {
                    found = e.channel() == Channel.SMS
                            ? sms.findSent(e.recipient(), e.body(), e.claimedAt().minus(CLOCK_SLACK))
                            : Optional.empty();
                } catch (ProviderUnavailableException unavailable) {
                    // No answer is not "no record": leave it sending and ask again on the next pass.
                    LOG.warn("Could not ask the provider about message {}; will ask again", e.id());
                    count(e.channel(), "unanswered", 1);
                    giveBack(e);
                    settled++;
                    continue;
                }
                resolved++;
                record(e, found);
                settled++;
            }
        } finally {
            // A pass that failed part-way gives the rest their expired lease back, as its rollback used to.
            for (Expired e : rows.subList(settled, rows.size())) {
                try {
                    giveBack(e);
                } catch (RuntimeException stillDown) {
                    break; // the database is away: the pass's lease runs out instead
                }
            }
        }
        return resolved;
    }

    /** Leases up to {@link #BATCH} expired rows to this pass and commits; empty when another instance is at it. */
    private Optional<List<Expired>> take(Channel channel) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            if (!org.actionalerts.platform.TimedWork.tryLock(h, "reconcile:" + channel.dbValue())) {
                return Optional.empty();
            }
            return Optional.of(h.createQuery("""
                    UPDATE outbox o SET lease_until = :until
                      FROM (SELECT id, lease_until AS expired_at FROM outbox
                             WHERE channel = :channel AND status = 'sending' AND lease_until < :now
                             ORDER BY lease_until LIMIT :n FOR UPDATE SKIP LOCKED) x
                     WHERE o.id = x.id
                    RETURNING o.id, o.channel, o.recipient, o.body, o.claimed_at, x.expired_at, o.lease_until""")
                    .bind("channel", channel.dbValue()).bind("now", now).bind("until", now.plus(LEASE)).bind("n", BATCH)
                    .map((rs, ctx) -> new Expired(rs.getLong("id"), Channel.of(rs.getString("channel")), rs.getString("recipient"),
                            rs.getString("body"), rs.getTimestamp("claimed_at").toInstant(),
                            rs.getTimestamp("expired_at").toInstant(), rs.getTimestamp("lease_until").toInstant()))
                    .list());
        });
    }

    /** The provider's answer, in a transaction of its own; nothing if the row is no longer this pass's. */
    private void record(Expired e, Optional<String> found) {
        jdbi.useTransaction(h -> {
            if (!stillHeld(h, e)) {
                return;
            }
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
        });
    }

    /** Unanswered: the row gets its expired lease back, so the next pass asks about it again. */
    private void giveBack(Expired e) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE outbox SET lease_until = :expiredAt WHERE id = :id AND status = 'sending' AND lease_until = :ours""")
                .bind("id", e.id()).bind("expiredAt", e.expiredAt()).bind("ours", e.leasedUntil()).execute());
    }

    /** Locks the row for this transaction if it is still "sending" under this pass's lease. */
    private static boolean stillHeld(Handle h, Expired e) {
        return h.createQuery("SELECT 1 FROM outbox WHERE id = :id AND status = 'sending' AND lease_until = :ours FOR UPDATE")
                .bind("id", e.id()).bind("ours", e.leasedUntil()).mapTo(Integer.class).findOne().isPresent();
    }
}
