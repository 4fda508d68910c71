package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases what people wrote (and what we wrote back) in cases resolved more than {@code retentionDays} ago: thread
 * bodies, notes, and the copies of those bodies in the outbox and in received texts. The rows stay, with their
 * times, so counts and response-time statistics survive. Idempotent; safe on several instances at once.
 */
public class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    public record Result(int cases, int messages, int notes, boolean dryRun) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final int retentionDays;
    private final AuditLog audit;

    public Retention(Jdbi jdbi, Clock clock, int retentionDays, AuditLog audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.audit = audit;
    }

    public Instant cutoff() {
        return clock.instant().minus(Duration.ofDays(retentionDays));
    }

    public Result run(boolean dryRun) {
        Instant cutoff = cutoff();
        Instant now = clock.instant();
        Result result = jdbi.inTransaction(h -> {
            long[] ids = h.createQuery("""
                    SELECT id FROM cases WHERE status = 'resolved' AND erased_at IS NULL AND resolved_at < :cutoff
                     ORDER BY id FOR UPDATE SKIP LOCKED""")
                    .bind("cutoff", cutoff).mapTo(Long.class).list().stream().mapToLong(Long::longValue).toArray();
            if (ids.length == 0) {
                return new Result(0, 0, 0, dryRun);
            }
            int messages = h.createQuery("SELECT count(*) FROM case_messages WHERE case_id = ANY(:ids) AND body IS NOT NULL")
                    .bind("ids", ids).mapTo(Integer.class).one();
            int notes = h.createQuery("SELECT count(*) FROM case_notes WHERE case_id = ANY(:ids) AND body IS NOT NULL")
                    .bind("ids", ids).mapTo(Integer.class).one();
            if (dryRun) {
                return new Result(ids.length, messages, notes, true);
            }
            h.createUpdate("""
                    UPDATE outbox SET body = NULL, subject = NULL, html = NULL
                     WHERE id IN (SELECT outbox_id FROM case_messages WHERE case_id = ANY(:ids) AND outbox_id IS NOT NULL)""")
                    .bind("ids", ids).execute();
            // The router keeps its own copy of texts it routed to us; erase it once none of the person's cases needs it.
            h.createUpdate("""
                    UPDATE inbound_messages im SET body = NULL
                     WHERE im.kind = 'assistance' AND im.body IS NOT NULL
                       AND im.supporter_id IN (SELECT supporter_id FROM cases WHERE id = ANY(:ids))
                       AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.supporter_id = im.supporter_id
                                        AND NOT (c.status = 'resolved' AND c.resolved_at < :cutoff))""")
                    .bind("ids", ids).bind("cutoff", cutoff).execute();
            h.createUpdate("UPDATE case_messages SET body = NULL WHERE case_id = ANY(:ids)").bind("ids", ids).execute();
            h.createUpdate("UPDATE case_notes SET body = NULL WHERE case_id = ANY(:ids)").bind("ids", ids).execute();
            h.createUpdate("""
                    UPDATE cases SET erased_at = :now, contact_name = NULL, contact_phone = NULL, contact_email = NULL
                     WHERE id = ANY(:ids)""").bind("ids", ids).bind("now", now).execute();
            audit.recordCases(h, Actor.RETENTION, "case.erase", java.util.Arrays.stream(ids).boxed().toList());
            return new Result(ids.length, messages, notes, false);
        });
        LOG.info("Retention {}: {} cases resolved before {}, {} messages, {} notes", dryRun ? "(dry run) would erase" : "erased",
                result.cases(), cutoff, result.messages(), result.notes());
        return result;
    }
}
