package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a case, whatever brought it (a text, the web form, an attorney): routes it, sets its answer-time target,
 * stores the requester's first words, acknowledges once, and alerts the on-call attorneys when urgent. All in the
 * caller's transaction, so a request either becomes a complete case or nothing.
 */
class CaseOpening {
    private static final Logger LOG = LoggerFactory.getLogger(CaseOpening.class);
    private static final int REFERENCE_TRIES = 20;

    /**
     * @param channel            how the first words came: sms, email or web
     * @param preferredAckChannel where to acknowledge first (sms or email); the other is the fallback
     */
    /** {@code supporterId} null: a request whose details did not all belong to one person (see Requesters). */
    public record NewCase(Long supporterId, Contact contact, String source, String channel, String body, String language,
                          String state, String topic, String messageSid, Actor actor, String preferredAckChannel) {}

    /**
     * The name, phone and email the requester gave for this case (a text's sender number): kept on the case as
     * given, and where replies go. {@code preferredAckChannel} null means no acknowledgement: the person did not
     * write in (staff or an attorney opened the case for them).
     */
    public record Contact(String name, String phone, String email) {}

    private final Routing routing;
    private final Sla sla;
    private final Acknowledgements acknowledgements;
    private final UrgentNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;

    public CaseOpening(Routing routing, Sla sla, Acknowledgements acknowledgements, UrgentNotifier notifier,
                       AuditLog audit, Clock clock) {
        this.routing = routing;
        this.sla = sla;
        this.acknowledgements = acknowledgements;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    public CaseRef open(Handle h, NewCase c) {
        Instant now = clock.instant();
        String language = "es".equals(c.language()) ? "es" : c.language() == null ? "en" : c.language();
        Routing.Decision d = routing.route(new Routing.Facts(c.state(), c.topic(), language, c.body()));
        CaseDao dao = h.attach(CaseDao.class);
        Instant due = sla.dueAt(d.priority(), now);
        long id = insert(dao, c, d, language, now, due);
        CaseRef ref = new CaseRef(id, dao.find(id).orElseThrow().reference(), d.queue(), d.priority());
        dao.insertMessage(id, "in", c.channel(), "message", c.body(), null, c.messageSid(), null, null, now);
        if (c.preferredAckChannel() != null) {
            acknowledgements.send(h, ref, c.supporterId(), c.preferredAckChannel(), language).ifPresent(sent ->
                    dao.insertMessage(id, "out", sent.channel(), "acknowledgement", sent.body(), sent.outboxId(), null,
                            null, "automatic", now));
        }
        if ("urgent".equals(d.priority())) {
            notifier.notify(h, ref);
        }
        audit.record(h, c.actor(), "case.open", id, c.supporterId(),
                "source=" + c.source() + " queue=" + d.queue() + " priority=" + d.priority());
        LOG.info("Case {} opened from {} in queue {} ({})", id, c.source(), d.queue(), d.priority());
        return ref;
    }

    private static long insert(CaseDao dao, NewCase c, Routing.Decision d, String language, Instant now, Instant due) {
        for (int i = 0; i < REFERENCE_TRIES; i++) {
            Optional<Long> id = dao.insert(References.next(), c.supporterId(), c.source(), d.priority(), d.queue(),
                    c.topic() == null ? "general" : c.topic(), language, c.state(), now, due, c.contact());
            if (id.isPresent()) {
                return id.get();
            }
        }
        throw new IllegalStateException("no free case reference after " + REFERENCE_TRIES + " tries");
    }
}
