package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.platform.StoredValue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Claim: in one short transaction, lock due rows (SKIP LOCKED, so instances never share a row), and decide
 * each one now rather than at launch: not subscribed any more → suppressed; quiet hours where the recipient
 * is → moved to the morning; otherwise rendered, addressed and marked sending under a lease. Committing
 * "sending" before the provider is called is what lets a crash be reconciled later instead of guessed.
 */
class OutboxClaims {
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboxClaims.class);
    /** What a claim may take: due on the application clock, and not held back by a paused campaign. */
    private static final String DUE = """
             WHERE o.channel = :channel AND o.status = 'queued' AND o.not_before <= :now
               AND (o.campaign_id IS NULL OR o.kind <> 'campaign'
                    OR EXISTS (SELECT 1 FROM campaigns c WHERE c.id = o.campaign_id AND c.status = 'sending'))
             ORDER BY o.priority, o.not_before, o.id
            """;
    private static final String CLAIM = """
            SELECT o.id, o.kind, o.campaign_id, o.supporter_id, o.channel, o.needs_consent, o.urgent, o.recipient,
                   o.subject, o.body, o.html, o.attempts, s.phone, s.email, s.sms_status, s.email_status, s.state,
                   s.county, s.first_name, s.last_name, s.language, CAST(s.email_unsubscribe_token AS text) AS unsubscribe_token
              FROM outbox o
              LEFT JOIN supporters s ON s.id = o.supporter_id
            """ + DUE + """
             LIMIT :limit
               FOR UPDATE OF o SKIP LOCKED""";
    /** The same rows as {@link #CLAIM}, through the same index, without locking any. */
    private static final String ANY_DUE = "SELECT o.id FROM outbox o\n" + DUE + " LIMIT 1";

    private final Jdbi jdbi;
    private final Clock clock;
    private final CampaignTexts texts;
    private final CampaignOutcomes outcomes;
    private final QuietHours quietHours;
    private final String publicBaseUrl;
    private final ShortLinks links;

    public OutboxClaims(Jdbi jdbi, Clock clock, CampaignTexts texts, CampaignOutcomes outcomes, QuietHours quietHours,
                        String publicBaseUrl) {
        this(jdbi, clock, texts, outcomes, quietHours, publicBaseUrl, ShortLinks.NONE);
    }

    /** {@code texts} renders campaign rows when claimed; {@code outcomes} hears of a campaign that cannot render. */
    public OutboxClaims(Jdbi jdbi, Clock clock, CampaignTexts texts, CampaignOutcomes outcomes, QuietHours quietHours,
                        String publicBaseUrl, ShortLinks links) {
        this.links = links;
        this.jdbi = jdbi;
        this.clock = clock;
        this.texts = texts;
        this.outcomes = outcomes;
        this.quietHours = quietHours;
        this.publicBaseUrl = publicBaseUrl;
    }

    public List<Delivery> claim(Channel channel, int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            List<ClaimedRow> rows = h.createQuery(CLAIM)
                    .bind("channel", channel.dbValue()).bind("now", now).bind("limit", limit)
                    .registerColumnMapper(new StoredValue.Mappers())
                    .map(ConstructorMapper.of(ClaimedRow.class)).list();
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<Long, CampaignTexts.Text> campaigns = campaigns(h, rows);
            ClaimDecisions decisions = new ClaimDecisions(h, now, lease, outcomes);
            decisions.lastInstructed = lastInstructed(h, rows, campaigns);
            decisions.codes = codes(h, rows, campaigns, now);
            for (ClaimedRow row : rows) {
                decide(row, campaigns.get(row.campaignId()), now, decisions);
            }
            decisions.execute();
            return decisions.deliveries;
        });
    }

    /** Whether a claim at {@code now} (the application clock, as for {@link #claim}) would find a message to take. */
    public boolean anyDue(Channel channel, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(ANY_DUE).bind("channel", channel.dbValue()).bind("now", now)
                .mapTo(Long.class).findOne().isPresent());
    }

    /**
     * Gives claimed messages back to the queue when we know they never reached the provider (no rate-limit slot
     * could be had, or the dispatcher is stopping): queued again in their old place, the attempt not counted, the
     * lease released, so they need not wait for the lease to run out and the reconciler to ask Twilio. All from
     * one claim; only rows still under that claim are touched.
     */
    public int giveBack(List<Delivery> unsent) {
        if (unsent.isEmpty()) {
            return 0;
        }
        long[] ids = unsent.stream().mapToLong(Delivery::id).toArray();
        Instant claimedAt = unsent.get(0).claimedAt();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE outbox SET status = 'queued', lease_until = NULL, attempts = GREATEST(attempts - 1, 0),
                               updated_at = now()
                         WHERE id = ANY(:ids) AND status = 'sending' AND claimed_at = :claimedAt""")
                .bind("ids", ids).bind("claimedAt", claimedAt).execute());
    }

    /**
     * Gives back claimed messages unsent that must not go before {@code notBefore}: alerts to a number whose STOP
     * is stored but not yet acted on. When they are claimed again the STOP has usually been acted on, and they are
     * suppressed then like any alert to someone who has opted out.
     */
    public int holdBack(List<Delivery> unsent, Instant notBefore) {
        if (unsent.isEmpty()) {
            return 0;
        }
        long[] ids = unsent.stream().mapToLong(Delivery::id).toArray();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE outbox SET status = 'queued', lease_until = NULL, attempts = GREATEST(attempts - 1, 0),
                               not_before = GREATEST(not_before, :notBefore), updated_at = now()
                         WHERE id = ANY(:ids) AND status = 'sending' AND claimed_at = :claimedAt""")
                .bind("ids", ids).bind("claimedAt", unsent.get(0).claimedAt()).bind("notBefore", notBefore).execute());
    }

    private void decide(ClaimedRow row, CampaignTexts.Text campaign, Instant now, ClaimDecisions decisions) {
        boolean sms = row.channel() == Channel.SMS;
        if (!row.consentAllows()) {
            decisions.suppress(row.id());
            return;
        }
        // An attorney's reply needs no alerts consent, but a "stop" that arrived while it was queued still wins.
        if (row.kind() == Kind.CASE_REPLY && row.consent() == ConsentStatus.UNSUBSCRIBED) {
            decisions.suppress(row.id());
            return;
        }
        String recipient = row.recipient() != null ? row.recipient() : (sms ? row.phone() : row.email());
        if (recipient == null) {
            decisions.suppress(row.id());
            return;
        }
        if (sms && !row.urgent() && quietHours.enabled()) { // (working out the recipient's zones is not free)
            Optional<Instant> allowed = quietHours.nextAllowed(now, RecipientZones.forRecipient(recipient, row.state()));
            if (allowed.isPresent()) {
                decisions.defer(row.id(), allowed.get());
                return;
            }
        }
        String subject = row.subject();
        String body = row.body();
        String html = row.html();
        String unsubscribeUrl = null;
        if (row.kind() == Kind.CAMPAIGN && campaign != null) {
            CampaignTexts.Rendered r;
            // Opt-out instructions on a first text and after the renewal period; once per supporter per claim.
            boolean instructionsDue = sms && row.supporterId() != null
                    && !decisions.instructedNow.contains(row.supporterId())
                    && texts.instructionsDue(decisions.lastInstructed.get(row.supporterId()), now);
            try {
                r = campaign.render(new CampaignTexts.Recipient(
                        row.firstName(), row.lastName(), row.state(), row.county(), row.language(),
                        row.supporterId() == null ? null : decisions.codes.get(
                                new ShortLinks.Key(campaign.id(), row.supporterId(), row.channel()))), instructionsDue);
            } catch (RuntimeException e) {
                // A template that cannot render (one stored before partials were refused) would fail every claim
                // and stop the whole channel: its campaign is paused, its messages stay queued, the rest go on.
                decisions.pause(campaign.id());
                return;
            }
            body = sms ? r.smsBody() : r.text();
            subject = sms ? null : r.subject();
            html = sms ? null : r.html();
            if (!sms && row.unsubscribeToken() != null) {
                unsubscribeUrl = publicBaseUrl + "/unsubscribe/" + row.unsubscribeToken();
            }
            if (sms && r.smsInstructions()) {
                decisions.instructed(row.id(), row.supporterId());
            }
        }
        decisions.send(new Delivery(row.id(), row.kind(), row.campaignId(), row.supporterId(), row.channel(), recipient,
                subject, body, html, unsubscribeUrl, row.attempts() + 1, now));
    }

    /** For the claim's campaign texts whose campaign carries the compliance footer: one query, not one per row. */
    private Map<Long, Instant> lastInstructed(Handle h, List<ClaimedRow> rows, Map<Long, CampaignTexts.Text> campaigns) {
        long[] supporters = rows.stream()
                .filter(r -> r.channel() == Channel.SMS && r.kind() == Kind.CAMPAIGN && r.supporterId() != null)
                .filter(r -> campaigns.get(r.campaignId()) != null && campaigns.get(r.campaignId()).carriesFooter())
                .mapToLong(ClaimedRow::supporterId).distinct().toArray();
        return supporters.length == 0 ? Map.of() : h.attach(OutboxDao.class).lastInstructed(supporters);
    }

    /**
     * The short links of the claim's campaign rows that may be sent (consent holds): made together, not one per row.
     * A row moved past quiet hours keeps its code for later.
     */
    private Map<ShortLinks.Key, String> codes(Handle h, List<ClaimedRow> rows, Map<Long, CampaignTexts.Text> campaigns,
                                              Instant now) {
        List<ShortLinks.Key> keys = new ArrayList<>();
        for (ClaimedRow r : rows) {
            CampaignTexts.Text c = r.campaignId() == null ? null : campaigns.get(r.campaignId());
            if (r.kind() == Kind.CAMPAIGN && c != null && c.tracksLinks() && r.supporterId() != null && r.consentAllows()) {
                keys.add(new ShortLinks.Key(c.id(), r.supporterId(), r.channel()));
            }
        }
        return keys.isEmpty() ? Map.of() : links.codes(h, keys, now);
    }

    private Map<Long, CampaignTexts.Text> campaigns(Handle h, List<ClaimedRow> rows) {
        long[] ids = rows.stream().filter(r -> r.campaignId() != null).mapToLong(ClaimedRow::campaignId).distinct().toArray();
        Map<Long, CampaignTexts.Text> byId = new HashMap<>(); // rows without a campaign look up null
        if (ids.length > 0) {
            byId.putAll(texts.find(h, ids));
        }
        return byId;
    }
}
