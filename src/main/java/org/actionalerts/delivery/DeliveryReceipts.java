package org.actionalerts.delivery;

import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentService;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.Handle;

/**
 * Twilio's status callbacks. Each (MessageSid, status) takes effect once, and a message only moves forward
 * ({@link ReceiptStatus}): a late "sent" never overwrites "delivered", and a final state (delivered, failed) is
 * never replaced.
 */
public final class DeliveryReceipts {
    private final Jdbi jdbi;
    private final ConsentService consent;
    private final DeliverabilityGuard guard;

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
                    && ProviderCodes.CARRIER_OPT_OUT.equals(errorCode.strip())) {
                h.createQuery("SELECT supporter_id FROM outbox WHERE provider_id = :id AND supporter_id IS NOT NULL")
                        .bind("id", providerId).mapTo(Long.class).findOne()
                        .ifPresent(supporterId -> consent.optOut(h, supporterId, Channel.SMS, "carrier",
                                "status callback " + errorCode + " for " + providerId));
            }
        });
    }

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

    /** A message a receipt moved forward. */
    private record Updated(Long campaignId, Channel channel, Kind kind) {}

    /** Moves the message forward; a campaign message that failed is shown to the {@link DeliverabilityGuard}. */
    static void apply(Handle h, String providerId, String twilioStatus, String errorCode, DeliverabilityGuard guard) {
        ReceiptStatus receipt = ReceiptStatus.parse(twilioStatus).orElse(null);
        if (receipt == null || !receipt.afterSending()) {
            return; // callbacks for earlier stages than ours (or for a status Twilio may add) are only stored
        }
        h.createQuery("""
                UPDATE outbox SET status = :status, updated_at = now(),
                       error_code = COALESCE(:code, error_code)
                 WHERE provider_id = :id AND status = ANY(:earlier)
                RETURNING campaign_id, channel, kind""")
                .bind("status", receipt.outboxStatus().dbValue()).bind("code", receipt.failed() ? errorCode : null)
                .bind("id", providerId).bind("earlier", receipt.overtakes().toArray(String[]::new))
                .map((rs, ctx) -> new Updated(rs.getObject("campaign_id", Long.class), Channel.of(rs.getString("channel")),
                        Kind.of(rs.getString("kind"))))
                .list()
                .forEach(row -> {
                    if (receipt.failed() && row.campaignId() != null && row.kind() == Kind.CAMPAIGN && guard != null) {
                        guard.failed(h, row.campaignId(), row.channel());
                    }
                });
    }
}
