package org.actionalerts.delivery;

import java.util.Map;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.actionalerts.delivery.sms.twilio.TwilioErrors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.Handle;

/**
 * Twilio's status callbacks. Each (MessageSid, status) takes effect once, and a message only moves forward:
 * a late "sent" never overwrites "delivered", and a final state (delivered, failed) is never replaced.
 */
public final class DeliveryReceipts {
    private final Jdbi jdbi;
    private final ConsentService consent;
    private final DeliverabilityGuard guard;

    public DeliveryReceipts(Jdbi jdbi, ConsentService consent) {
        this(jdbi, consent, new DeliverabilityGuard(DeliverabilityGuard.Settings.DEFAULTS));
    }

    public DeliveryReceipts(Jdbi jdbi, ConsentService consent, DeliverabilityGuard guard) {
        this.jdbi = jdbi;
        this.consent = consent;
        this.guard = guard;
    }

    /**
     * A callback from Twilio. An "undelivered" with 21610 means the person opted out at the carrier:
     * recorded as their consent decision, like the same error on sending.
     */
    public void receive(String providerId, String twilioStatus, String errorCode) {
        jdbi.useTransaction(h -> {
            if (store(h, providerId, twilioStatus, errorCode, guard) && errorCode != null
                    && String.valueOf(TwilioErrors.UNSUBSCRIBED_RECIPIENT).equals(errorCode.strip())) {
                h.createQuery("SELECT supporter_id FROM outbox WHERE provider_id = :id AND supporter_id IS NOT NULL")
                        .bind("id", providerId).mapTo(Long.class).findOne()
                        .ifPresent(supporterId -> consent.optOut(h, supporterId, Channel.SMS, "carrier",
                                "status callback " + errorCode + " for " + providerId));
            }
        });
    }

    /** Twilio status → our status and its rank; callbacks for earlier stages than ours are ignored. */
    private static final Map<String, String> OUR_STATUS = Map.of(
            "queued", "sending", "accepted", "sending", "sending", "sending", "sent", "sent",
            "delivered", "delivered", "undelivered", "failed", "failed", "failed");
    private static final Map<String, Integer> RANK = Map.of(
            "queued", 0, "sending", 1, "sent", 2, "delivered", 3, "failed", 3);

    /** Stores a callback; false when this (MessageSid, status) was seen before. */
    public static boolean store(Handle h, String providerId, String twilioStatus, String errorCode,
                                DeliverabilityGuard guard) {
        int inserted = h.createUpdate("""
                INSERT INTO delivery_receipts (provider_id, status, error_code) VALUES (:id, :status, :code)
                ON CONFLICT DO NOTHING""")
                .bind("id", providerId).bind("status", twilioStatus).bind("code", errorCode).execute();
        if (inserted == 1) {
            apply(h, providerId, twilioStatus, errorCode, guard);
        }
        return inserted == 1;
    }

    /** Moves the message forward; a campaign message that failed is shown to the {@link DeliverabilityGuard}. */
    static void apply(Handle h, String providerId, String twilioStatus, String errorCode, DeliverabilityGuard guard) {
        String ours = OUR_STATUS.get(twilioStatus);
        if (ours == null || RANK.get(ours) < RANK.get("sent")) {
            return;
        }
        h.createQuery("""
                UPDATE outbox SET status = :status, updated_at = now(),
                       error_code = COALESCE(:code, error_code)
                 WHERE provider_id = :id
                   AND status IN ('sent', 'sending')
                   AND (CASE status WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 ELSE 3 END) < :rank
                RETURNING campaign_id, channel, kind""")
                .bind("status", ours).bind("code", "failed".equals(ours) ? errorCode : null)
                .bind("id", providerId).bind("rank", RANK.get(ours))
                .map((rs, ctx) -> new Object[] {rs.getObject("campaign_id", Long.class), rs.getString("channel"),
                        rs.getString("kind")})
                .list()
                .forEach(row -> {
                    if ("failed".equals(ours) && row[0] != null && "campaign".equals(row[2]) && guard != null) {
                        guard.failed(h, (Long) row[0], (String) row[1]);
                    }
                });
    }
}
