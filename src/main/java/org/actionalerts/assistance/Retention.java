package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.inbound.ReceivedTexts;
import org.actionalerts.supporters.SupporterErasure;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases what people wrote (and what we wrote back) in cases resolved more than {@code retentionDays} ago: thread
 * bodies, notes, and the copies of those bodies in the outbox and in received texts. The rows stay, with their
 * times, so counts and response-time statistics survive, but no longer say who asked: each case is unlinked from
 * its requester (in the audit log too). People who existed only as requesters of those cases (no consent ever given,
 * on no list, never sent an alert, no other case) are then erased altogether, through supporters/' erasure.
 * Idempotent; safe on several instances at once. A dry run counts and changes nothing.
 */
class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** {@code forgottenPeople}: requesters erased because nothing but these cases linked us to them. */
    public record Result(int cases, int messages, int notes, int forgottenPeople, boolean dryRun) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final int retentionDays;
    private final AuditLog audit;
    private final SupporterErasure erasure;

    public Retention(Jdbi jdbi, Clock clock, int retentionDays, AuditLog audit) {
        this(jdbi, clock, retentionDays, audit, new SupporterErasure(new ConsentService(jdbi), audit));
    }

    public Retention(Jdbi jdbi, Clock clock, int retentionDays, AuditLog audit, SupporterErasure erasure) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.audit = audit;
        this.erasure = erasure;
    }

    public Instant cutoff() {
        return clock.instant().minus(Duration.ofDays(retentionDays));
    }

    public Result run(boolean dryRun) {
        Instant cutoff = cutoff();
        Instant now = clock.instant();
        Result result = jdbi.inTransaction(h -> {
            long[] ids = ids(h.createQuery("""
                    SELECT id FROM cases WHERE status = 'resolved' AND erased_at IS NULL AND resolved_at < :cutoff
                     ORDER BY id FOR UPDATE SKIP LOCKED""").bind("cutoff", cutoff).mapTo(Long.class).list());
            // Cases erased before retention unlinked requesters are unlinked now (and not counted again).
            long[] unlink = LongStream.concat(Arrays.stream(ids), Arrays.stream(ids(h.createQuery("""
                    SELECT id FROM cases WHERE status = 'resolved' AND erased_at IS NOT NULL AND supporter_id IS NOT NULL
                     ORDER BY id FOR UPDATE SKIP LOCKED""").mapTo(Long.class).list()))).toArray();
            if (unlink.length == 0) {
                return new Result(0, 0, 0, 0, dryRun);
            }
            int messages = h.createQuery("SELECT count(*) FROM case_messages WHERE case_id = ANY(:ids) AND body IS NOT NULL")
                    .bind("ids", ids).mapTo(Integer.class).one();
            int notes = h.createQuery("SELECT count(*) FROM case_notes WHERE case_id = ANY(:ids) AND body IS NOT NULL")
                    .bind("ids", ids).mapTo(Integer.class).one();
            List<Long> forget = requestersOnlyOf(h, unlink);
            if (dryRun) {
                return new Result(ids.length, messages, notes, forget.size(), true);
            }
            if (ids.length > 0) {
                eraseContent(h, ids, cutoff, now);
            }
            h.createUpdate("UPDATE cases SET supporter_id = NULL WHERE id = ANY(:ids)").bind("ids", unlink).execute();
            audit.forgetRequestersOf(h, unlink);
            audit.recordCases(h, Actor.RETENTION, "case.erase", Arrays.stream(ids).boxed().toList());
            int forgotten = 0;
            for (long person : forget) {
                forgotten += erasure.erase(h, person, Actor.RETENTION) ? 1 : 0;
            }
            return new Result(ids.length, messages, notes, forgotten, false);
        });
        LOG.info("Retention {}: {} cases resolved before {}, {} messages, {} notes, {} people who only asked for help",
                result.dryRun() ? "(dry run) would erase" : "erased", result.cases(), cutoff, result.messages(),
                result.notes(), result.forgottenPeople());
        return result;
    }

    private static void eraseContent(Handle h, long[] ids, Instant cutoff, Instant now) {
        // The case's messages in the outbox lose their words and who they went to (the recipient is the requester),
        // through delivery, which owns the outbox.
        Outbox.eraseContent(h, ids(h.createQuery(
                        "SELECT outbox_id FROM case_messages WHERE case_id = ANY(:ids) AND outbox_id IS NOT NULL")
                .bind("ids", ids).mapTo(Long.class).list()));
        // The router keeps its own copy of texts it routed to us; erased (by inbound) once none of the person's cases
        // needs it.
        ReceivedTexts.eraseAssistanceTexts(h, ids(h.createQuery("""
                        SELECT DISTINCT r.supporter_id FROM cases r
                         WHERE r.id = ANY(:ids) AND r.supporter_id IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.supporter_id = r.supporter_id
                                            AND NOT (c.status = 'resolved' AND c.resolved_at < :cutoff))""")
                .bind("ids", ids).bind("cutoff", cutoff).mapTo(Long.class).list()));
        // A text's MessageSid is resolvable at Twilio too.
        h.createUpdate("UPDATE case_messages SET body = NULL, message_sid = NULL WHERE case_id = ANY(:ids)").bind("ids", ids)
                .execute();
        h.createUpdate("UPDATE case_notes SET body = NULL WHERE case_id = ANY(:ids)").bind("ids", ids).execute();
        h.createUpdate("""
                UPDATE cases SET erased_at = :now, contact_name = NULL, contact_phone = NULL, contact_email = NULL
                 WHERE id = ANY(:ids)""").bind("ids", ids).bind("now", now).execute();
    }

    /**
     * The requesters of these cases whom nothing else links to us: no consent ever given (none on both channels and
     * no consent event), on no list, never a campaign recipient, and no case besides these. Their rows are locked
     * first (skipping any another transaction holds) and only then checked, so what a concurrent transaction
     * committed is seen, and what it does next waits for us.
     */
    private static List<Long> requestersOnlyOf(Handle h, long[] caseIds) {
        long[] locked = ids(h.createQuery("""
                SELECT s.id FROM supporters s
                 WHERE s.id IN (SELECT supporter_id FROM cases WHERE id = ANY(:cases))
                   AND s.sms_status = 'none' AND s.email_status = 'none'
                 ORDER BY s.id FOR UPDATE OF s SKIP LOCKED""").bind("cases", caseIds).mapTo(Long.class).list());
        if (locked.length == 0) {
            return List.of();
        }
        return h.createQuery("""
                SELECT s.id FROM supporters s
                 WHERE s.id = ANY(:ids) AND s.sms_status = 'none' AND s.email_status = 'none'
                   AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.supporter_id = s.id)
                   AND NOT EXISTS (SELECT 1 FROM list_members m WHERE m.supporter_id = s.id)
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.supporter_id = s.id AND o.kind = 'campaign')
                   AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.supporter_id = s.id AND NOT (c.id = ANY(:cases)))
                 ORDER BY s.id""").bind("ids", locked).bind("cases", caseIds).mapTo(Long.class).list();
    }

    private static long[] ids(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
