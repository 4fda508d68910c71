package org.actionalerts.assistance;

import java.util.Optional;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.platform.Organisation;
import org.jdbi.v3.core.Handle;

/**
 * The one automatic answer to a new case: its reference and when to expect an attorney, in the requester's
 * language. It answers a request the person just made, so it needs no alert consent; but never by SMS to a
 * number that unsubscribed (nor by email to an address that did): then the other channel, or nothing.
 */
public class Acknowledgements {
    /** What was sent, for the case thread. */
    public record Sent(long outboxId, String channel, String body) {}

    private final Sla sla;
    private final Organisation organisation;
    private final Outbox outbox;

    public Acknowledgements(Sla sla, Organisation organisation, Outbox outbox) {
        this.outbox = outbox;
        this.sla = sla;
        this.organisation = organisation;
    }

    /** {@code preferred} is tried first (the channel the request came by), then the other one. */
    public Optional<Sent> send(Handle h, CaseRef ref, long supporterId, String preferred, String language) {
        Optional<CaseView.Requester> found = h.attach(CaseDao.class).contact(ref.id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseView.Requester r = found.get();
        boolean smsOk = r.phone() != null && !"unsubscribed".equals(r.smsStatus());
        boolean emailOk = r.email() != null && !"unsubscribed".equals(r.emailStatus());
        String channel = "email".equals(preferred)
                ? (emailOk ? "email" : smsOk ? "sms" : null)
                : (smsOk ? "sms" : emailOk ? "email" : null);
        if (channel == null) {
            return Optional.empty();
        }
        String lang = "es".equals(language) ? "es" : "en";
        String body = text(ref, lang, channel);
        String subject = "sms".equals(channel) ? null
                : ("es".equals(lang) ? "Recibimos su solicitud " : "We received your request ") + ref.reference();
        long id = outbox.caseAcknowledgement(h, supporterId, channel, "sms".equals(channel) ? r.phone() : r.email(), subject, body);
        return Optional.of(new Sent(id, channel, body));
    }

    String text(CaseRef ref, String lang, String channel) {
        String org = organisation.name() == null || organisation.name().isBlank() ? "" : organisation.name().strip() + ": ";
        String when = sla.promise(ref.priority(), lang);
        boolean sms = "sms".equals(channel);
        if ("es".equals(lang)) {
            return org + "Recibimos su solicitud de ayuda legal. Referencia " + ref.reference()
                    + ". Un abogado le responderá " + when + "."
                    + (sms ? " Responda a este mensaje para agregar detalles." : " Mencione esta referencia si nos contacta.");
        }
        return org + "We received your request for legal help. Reference " + ref.reference()
                + ". An attorney will answer " + when + "."
                + (sms ? " Reply to this text to add details." : " Please quote this reference if you contact us.");
    }
}
