package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.actionalerts.accounts.User;
import org.actionalerts.accounts.UserDao;
import org.actionalerts.consent.Channel;
import org.actionalerts.delivery.Outbox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the on-call attorneys of a queue about urgent cases, by text and email, through the outbox. Only
 * references, counts and a link: never the requester's words or contact, since an attorney's phone screen may be
 * seen by others. A queue with nobody on call falls back to the default queue's on-call attorneys rather than to
 * no one.
 *
 * <p>At most one page per queue per {@code window}, so a burst of requests (or someone flooding the public form)
 * cannot bury the attorneys' phones: the first urgent case of a quiet queue pages at once with its reference and
 * link; the urgent cases that follow within the window are counted in the queue's {@code urgent_pages} row, and
 * {@link #sendDueSummaries()} (a periodic task on every instance) sends one page saying how many at the end of the
 * window. The row is the lock: a case and a summary of the same queue wait for each other, and two instances never
 * send the same summary. Times are the application clock's only.
 */
public class UrgentNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(UrgentNotifier.class);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final String publicBaseUrl;
    private final String defaultQueue;
    private final Outbox outbox;
    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration window;
    private final ZoneId zone;

    public UrgentNotifier(String publicBaseUrl, String defaultQueue, Outbox outbox, Jdbi jdbi, Clock clock,
                          Duration window, ZoneId zone) {
        this.outbox = outbox;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.defaultQueue = defaultQueue;
        this.jdbi = jdbi;
        this.clock = clock;
        this.window = window;
        this.zone = zone;
    }

    /**
     * An urgent case arrived in {@code ref.queue()} (in the caller's transaction): pages now if the queue has not
     * paged within the window, else counts it for the summary. Returns how many messages were queued now.
     */
    public int notify(Handle h, CaseRef ref) {
        Instant now = clock.instant();
        boolean pageNow = h.createQuery("""
                INSERT INTO urgent_pages (queue, paged_at, pending) VALUES (:queue, :now, 0)
                ON CONFLICT (queue) DO UPDATE SET
                    paged_at = CASE WHEN urgent_pages.pending = 0 AND urgent_pages.paged_at <= :quietSince
                                    THEN :now ELSE urgent_pages.paged_at END,
                    pending  = CASE WHEN urgent_pages.pending = 0 AND urgent_pages.paged_at <= :quietSince
                                    THEN 0 ELSE urgent_pages.pending + 1 END
                RETURNING pending = 0""")
                .bind("queue", ref.queue()).bind("now", now).bind("quietSince", now.minus(window))
                .mapTo(Boolean.class).one();
        if (!pageNow) {
            LOG.info("Urgent case {} in queue {}: counted for the queue's next page", ref.id(), ref.queue());
            return 0;
        }
        return page(h, ref.queue(), "URGENT help request " + ref.reference(), text(ref));
    }

    /**
     * One page per queue whose window has ended with urgent cases still untold: "2 more URGENT help requests in
     * queue X since 14:03. Open: link". Safe on every instance at once ({@code FOR UPDATE SKIP LOCKED}).
     * Returns how many queues were paged.
     */
    public int sendDueSummaries() {
        return jdbi.inTransaction(h -> {
            Instant now = clock.instant();
            record Due(String queue, Instant pagedAt, int pending) {}
            List<Due> due = h.createQuery("""
                    SELECT queue, paged_at, pending FROM urgent_pages
                     WHERE pending > 0 AND paged_at <= :quietSince
                     ORDER BY queue FOR UPDATE SKIP LOCKED""")
                    .bind("quietSince", now.minus(window))
                    .map((rs, ctx) -> new Due(rs.getString("queue"), rs.getTimestamp("paged_at").toInstant(),
                            rs.getInt("pending")))
                    .list();
            for (Due d : due) {
                String what = d.pending() + " more URGENT help request" + (d.pending() == 1 ? "" : "s") + " in queue "
                        + d.queue();
                page(h, d.queue(), what, summaryText(d.queue(), d.pending(), d.pagedAt()));
                h.createUpdate("UPDATE urgent_pages SET paged_at = :now, pending = 0 WHERE queue = :queue")
                        .bind("now", now).bind("queue", d.queue()).execute();
            }
            return due.size();
        });
    }

    private int page(Handle h, String queue, String subject, String text) {
        UserDao users = h.attach(UserDao.class);
        List<User> onCall = users.onCallFor(queue);
        if (onCall.isEmpty() && !queue.equals(defaultQueue)) {
            onCall = users.onCallFor(defaultQueue);
        }
        if (onCall.isEmpty()) {
            LOG.warn("Urgent page for queue {} ({}): nobody is on call", queue, subject);
            return 0;
        }
        int queued = 0;
        for (User u : onCall) {
            if (u.phone() != null) {
                outbox.notification(h, Channel.SMS, u.phone(), null, text);
                queued++;
            }
            if (u.email() != null) {
                outbox.notification(h, Channel.EMAIL, u.email(), subject, text);
                queued++;
            }
        }
        return queued;
    }

    String text(CaseRef ref) {
        return "URGENT help request " + ref.reference() + " in queue " + ref.queue() + ". Open: " + link(ref.id());
    }

    String summaryText(String queue, int count, Instant since) {
        return count + " more URGENT help request" + (count == 1 ? "" : "s") + " in queue " + queue + " since "
                + HH_MM.format(since.atZone(zone)) + ". Open: " + publicBaseUrl + "/queue";
    }

    public String link(long caseId) {
        return publicBaseUrl + "/queue#" + caseId;
    }
}
