package org.actionalerts.assistance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.platform.Organisation;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one automatic answer to a new case: its reference and when to expect an attorney, in the requester's
 * language. It answers a request the person just made, so it needs no alert consent; but never by SMS to a
 * number that unsubscribed (nor by email to an address that did): then the other channel, or nothing.
 *
 * <p>The public form lets anyone name any number, so an acknowledgement by SMS also goes only to a country in
 * {@code SMS_ALLOWED_COUNTRIES} (the outbox decides) and at most once an hour per number, whatever the number of
 * requests: the cases open all the same, and the email address, when one was given, is acknowledged instead.
 */
class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    /** At most one acknowledgement by SMS per number in this time. */
    public static final Duration SMS_INTERVAL = Duration.ofHours(1);

    /** What was sent, for the case thread. */
    public record Sent(long outboxId, String channel, String body) {}

    private final Sla sla;
    private final Organisation organisation;
    private final Outbox outbox;
    private final Clock clock;

    public Acknowledgements(Sla sla, Organisation organisation, Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.sla = sla;
        this.organisation = organisation;
        this.clock = clock;
    }

    /** {@code preferred} is tried first (the channel the request came by), then the other one. */
    public Optional<Sent> send(Handle h, CaseRef ref, Long supporterId, String preferred, String language) {
        Optional<CaseView.Requester> found = h.attach(CaseDao.class).contact(ref.id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseView.Requester r = found.get();
        List<Channel> order = Channel.EMAIL.wireName().equals(preferred) ? List.of(Channel.EMAIL, Channel.SMS)
                : List.of(Channel.SMS, Channel.EMAIL);
        String lang = "es".equals(language) ? "es" : "en";
        for (Channel channel : order) {
            boolean sms = channel == Channel.SMS;
            String to = sms ? r.phone() : r.email();
            ConsentStatus status = sms ? r.smsStatus() : r.emailStatus();
            if (to == null || status == ConsentStatus.UNSUBSCRIBED) {
                continue;
            }
            if (sms && !mayText(h, ref, to)) {
                continue;
            }
            String body = text(ref, lang, channel);
            String subject = sms ? null
                    : ("es".equals(lang) ? "Recibimos su solicitud " : "We received your request ") + ref.reference();
            OptionalLong id = outbox.caseAcknowledgement(h, supporterId, channel, to, subject, body);
            if (id.isPresent()) {
                return Optional.of(new Sent(id.getAsLong(), channel.wireName(), body));
            }
        }
        return Optional.empty();
    }

    /**
     * An allowed country, and no acknowledgement by SMS to this number within the last hour; if so, this one is
     * recorded as the last. One statement, so instances sharing the database agree: a second request waits on the
     * first's row and then sees its time. Times are the application clock's only.
     */
    private boolean mayText(Handle h, CaseRef ref, String phone) {
        if (!outbox.mayAnswerAutomatically(Channel.SMS, phone)) {
            LOG.info("Case {}: no acknowledgement by SMS, the number's country is outside SMS_ALLOWED_COUNTRIES", ref.id());
            return false;
        }
        Instant now = clock.instant();
        boolean claimed = h.createQuery("""
                INSERT INTO sms_acknowledgements (phone_digest, sent_at) VALUES (:digest, :now)
                ON CONFLICT (phone_digest) DO UPDATE SET sent_at = :now
                 WHERE sms_acknowledgements.sent_at <= :since
                RETURNING 1""")
                .bind("digest", digest(phone)).bind("now", now).bind("since", now.minus(SMS_INTERVAL))
                .mapTo(Integer.class).findOne().isPresent();
        if (!claimed) {
            LOG.info("Case {}: no acknowledgement by SMS, the number had one less than {} ago", ref.id(), SMS_INTERVAL);
        }
        return claimed;
    }

    /** Marks older than the interval decide nothing; the daily retention job calls this. */
    public static int forgetBefore(Jdbi jdbi, Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sms_acknowledgements WHERE sent_at < :before")
                .bind("before", before).execute());
    }

    private static byte[] digest(String phone) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(phone.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String text(CaseRef ref, String lang, Channel channel) {
        String org = organisation.name() == null || organisation.name().isBlank() ? "" : organisation.name().strip() + ": ";
        String when = sla.promise(ref.priority(), lang);
        boolean sms = channel == Channel.SMS;
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
