package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.actionalerts.consent.ConsentService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records what the provider said about a message, and reacts: retry, fail, opt out, or pause the campaign. */
class DeliveryRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);
    /** Carrier filtering on this many messages of one campaign within ten minutes pauses it. */
    static final int FILTERING_BURST = 20;
    /** Twilio's carrier-filtering code as an outbox row stores it. */
    private static final Duration SYSTEMIC_BACKOFF = Duration.ofMinutes(1);
    /** The gateway's code for "the request may or may not have reached the provider". */
    static final String UNKNOWN_OUTCOME = "network";

    private final Jdbi jdbi;
    private final Clock clock;
    private final ConsentService consent;
    private final RetryPolicy retries;
    private final DeliverabilityGuard guard;
    private final CampaignOutcomes campaigns;

    /** {@code campaigns}: told to pause a campaign whose sending the provider refuses or carriers filter. */
    public DeliveryRecorder(Jdbi jdbi, Clock clock, ConsentService consent, RetryPolicy retries,
                            CampaignOutcomes campaigns, DeliverabilityGuard guard) {
        this.guard = guard;
        this.campaigns = campaigns;
        this.jdbi = jdbi;
        this.clock = clock;
        this.consent = consent;
        this.retries = retries;
    }

    public void record(Delivery d, SendResult result) {
        jdbi.useTransaction(h -> {
            switch (result.outcome()) {
                case ACCEPTED -> accepted(h, d.id(), result.providerId(), clock.instant(), guard);
                case TRANSIENT -> transientFailure(h, d, result);
                case PERMANENT -> failed(h, d, result);
                case OPTED_OUT -> optedOut(h, d, result);
                case SYSTEMIC -> systemic(h, d, result);
            }
        });
    }

    /**
     * Records many messages the provider accepted in one transaction: the common outcome, batched by the
     * dispatcher so that a fast provider is not held back by one commit per message. Same effect per message as
     * {@link #record} with {@link SendResult.Outcome#ACCEPTED}; if the batch fails as a whole (say one provider id
     * is a duplicate), each message is recorded on its own so one bad row cannot hold back the others.
     */
    public void recordAccepted(List<Delivery> deliveries, List<SendResult> results) {
        if (deliveries.isEmpty()) {
            return;
        }
        long[] ids = new long[deliveries.size()];
        String[] providerIds = new String[deliveries.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = deliveries.get(i).id();
            providerIds[i] = results.get(i).providerId();
        }
        try {
            jdbi.useTransaction(h -> acceptedAll(h, ids, providerIds, clock.instant(), guard));
        } catch (RuntimeException e) {
            LOG.warn("Recording {} accepted messages together failed; recording them one by one", ids.length, e);
            for (int i = 0; i < ids.length; i++) {
                try {
                    record(deliveries.get(i), results.get(i));
                } catch (RuntimeException single) {
                    LOG.error("Could not record the outcome of message {}; the reconciler will settle it", ids[i], single);
                }
            }
        }
    }

    private static void acceptedAll(Handle h, long[] ids, String[] providerIds, Instant now, DeliverabilityGuard guard) {
        h.createUpdate("""
                UPDATE outbox o SET status = 'sent', provider_id = v.provider_id, sent_at = :now, lease_until = NULL,
                       error_code = NULL, error_message = NULL, updated_at = now()
                  FROM unnest(CAST(:ids AS bigint[]), CAST(:providerIds AS text[])) AS v(id, provider_id)
                 WHERE o.id = v.id AND o.status = 'sending'""")
                .bind("ids", ids).bind("providerIds", providerIds).bind("now", now).execute();
        h.createQuery("SELECT provider_id, status, error_code FROM delivery_receipts WHERE provider_id = ANY(CAST(:providerIds AS text[]))")
                .bind("providerIds", providerIds)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list()
                .forEach(receipt -> DeliveryReceipts.apply(h, receipt[0], receipt[1], receipt[2], guard));
    }

    /** Also applies delivery receipts that arrived before we could record the provider's id. */
    static void accepted(Handle h, long id, String providerId, Instant now, DeliverabilityGuard guard) {
        h.createUpdate("""
                UPDATE outbox SET status = 'sent', provider_id = :providerId, sent_at = :now, lease_until = NULL,
                       error_code = NULL, error_message = NULL, updated_at = now()
                 WHERE id = :id AND status = 'sending'""")
                .bind("id", id).bind("providerId", providerId).bind("now", now).execute();
        h.createQuery("SELECT status, error_code FROM delivery_receipts WHERE provider_id = :providerId")
                .bind("providerId", providerId)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(receipt -> DeliveryReceipts.apply(h, providerId, receipt[0], receipt[1], guard));
    }

    private void transientFailure(Handle h, Delivery d, SendResult r) {
        if (UNKNOWN_OUTCOME.equals(r.errorCode())) {
            // The connection broke after the request may have reached the provider: let the reconciler ask
            // the provider before anything is resent, exactly as after a crash.
            h.createUpdate("UPDATE outbox SET lease_until = :now, error_code = :code, updated_at = now() WHERE id = :id AND status = 'sending'")
                    .bind("id", d.id()).bind("now", clock.instant()).bind("code", r.errorCode()).execute();
            return;
        }
        if (retries.exhausted(d.attempts())) {
            failed(h, d, r);
            return;
        }
        Instant next = clock.instant().plus(retries.delay(d.attempts(), r.retryAfter()));
        requeue(h, d.id(), next, r, 0);
    }

    private static void requeue(Handle h, long id, Instant notBefore, SendResult r, int attemptAdjustment) {
        h.createUpdate("""
                UPDATE outbox SET status = 'queued', not_before = :notBefore, lease_until = NULL,
                       attempts = attempts + :adjust, error_code = :code, error_message = :message, updated_at = now()
                 WHERE id = :id AND status = 'sending'""")
                .bind("id", id).bind("notBefore", notBefore).bind("adjust", attemptAdjustment)
                .bind("code", r.errorCode()).bind("message", r.errorMessage()).execute();
    }

    private void failed(Handle h, Delivery d, SendResult r) {
        h.createUpdate("""
                UPDATE outbox SET status = 'failed', lease_until = NULL, error_code = :code, error_message = :message,
                       updated_at = now()
                 WHERE id = :id AND status = 'sending'""")
                .bind("id", d.id()).bind("code", r.errorCode()).bind("message", r.errorMessage()).execute();
        if (d.kind() == Kind.CAMPAIGN && d.campaignId() != null) {
            if (ProviderCodes.CARRIER_FILTERED.equals(r.errorCode())) {
                pauseOnFilteringBurst(h, d.campaignId());
            }
            guard.failed(h, d.campaignId(), d.channel());
        }
    }

    /** The carrier says the person opted out (Twilio 21610): that is their consent decision, recorded as one. */
    private void optedOut(Handle h, Delivery d, SendResult r) {
        failed(h, d, r);
        if (d.supporterId() != null) {
            consent.optOut(h, d.supporterId(), d.channel(), "carrier", "provider error " + r.errorCode() + " on message " + d.id());
        }
    }

    /** Not this recipient's fault: put the message back and, for a campaign, pause it with the reason. */
    private void systemic(Handle h, Delivery d, SendResult r) {
        requeue(h, d.id(), clock.instant().plus(SYSTEMIC_BACKOFF), r, -1);
        if (d.campaignId() != null) {
            String reason = "Paused automatically: the provider refused our sending (" + r.errorCode() + ": "
                    + (r.errorMessage() == null ? "no details" : r.errorMessage()) + ")";
            if (campaigns.pause(h, d.campaignId(), reason)) {
                LOG.warn("Campaign {} paused: provider error {}", d.campaignId(), r.errorCode());
            }
        }
    }

    private void pauseOnFilteringBurst(Handle h, long campaignId) {
        int recent = h.createQuery("""
                SELECT count(*) FROM outbox WHERE campaign_id = :id AND status = 'failed' AND error_code = :filtered
                   AND updated_at > now() - interval '10 minutes'""")
                .bind("id", campaignId).bind("filtered", ProviderCodes.CARRIER_FILTERED).mapTo(Integer.class).one();
        if (recent >= FILTERING_BURST && campaigns.pause(h, campaignId,
                "Paused automatically: carriers filtered " + recent + " messages as spam (Twilio "
                        + ProviderCodes.CARRIER_FILTERED + ") in ten minutes;"
                        + " review the message text and your sender registration before resuming")) {
            LOG.warn("Campaign {} paused after {} carrier-filtered messages", campaignId, recent);
        }
    }
}
