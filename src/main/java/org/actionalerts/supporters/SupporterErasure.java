package org.actionalerts.supporters;

import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.consent.ConsentStatus;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a person is erased, whoever asks (staff through the API, retention forgetting someone who only asked
 * for help). Deleting the row removes them from every table: by foreign key (consent, lists, cases with their
 * threads and notes, received texts) and by the database's erasure trigger (migration 0017: outbox rows and
 * delivery receipts, unlinked received texts from their number, the contact details other cases hold for them).
 * Audit rows about them stop naming them, and the erasure itself is audited with the erased id only. A number or
 * address that had unsubscribed is kept as a digest, so it stays blocked.
 */
public class SupporterErasure {
    private static final Logger LOG = LoggerFactory.getLogger(SupporterErasure.class);

    private final ConsentService consent;
    private final AuditLog audit;

    public SupporterErasure(ConsentService consent, AuditLog audit) {
        this.consent = consent;
        this.audit = audit;
    }

    /** Erases the supporter, whose row the caller's transaction holds locked. */
    public void erase(Handle h, Supporter s, Actor actor) {
        if (s.phone() != null && s.smsStatus() == ConsentStatus.UNSUBSCRIBED) {
            consent.suppressForever(h, Channel.SMS, s.phone());
        }
        if (s.email() != null && s.emailStatus() == ConsentStatus.UNSUBSCRIBED) {
            consent.suppressForever(h, Channel.EMAIL, s.email());
        }
        h.attach(SupporterDao.class).delete(s.id());
        audit.recordErasure(h, actor, s.id());
        LOG.info("Supporter {} erased by {}", s.id(), actor.name());
    }

    /** Erases the supporter with this id if the row is still there; locks it first. Returns whether it was. */
    public boolean erase(Handle h, long id, Actor actor) {
        return h.attach(SupporterDao.class).findForUpdate(id).map(s -> {
            erase(h, s, actor);
            return true;
        }).orElse(false);
    }
}
