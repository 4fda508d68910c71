package org.actionalerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.actionalerts.campaigns.Campaign;
import org.actionalerts.campaigns.CampaignDao;
import org.actionalerts.campaigns.CampaignRenderer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Claim: in one short transaction, lock due rows (SKIP LOCKED, so instances never share a row), and decide
 * each one now rather than at launch: not subscribed any more → suppressed; quiet hours where the recipient
 * is → moved to the morning; otherwise rendered, addressed and marked sending under a lease. Committing
 * "sending" before the provider is called is what lets a crash be reconciled later instead of guessed.
 */
public class OutboxClaims {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboxClaims.class);
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
    private final CampaignRenderer renderer;
    private final QuietHours quietHours;
    private final String publicBaseUrl;
    private final ShortLinks links;

    public OutboxClaims(Jdbi jdbi, Clock clock, CampaignRenderer renderer, QuietHours quietHours, String publicBaseUrl) {
        this(jdbi, clock, renderer, quietHours, publicBaseUrl, ShortLinks.NONE);
    }

    public OutboxClaims(Jdbi jdbi, Clock clock, CampaignRenderer renderer, QuietHours quietHours, String publicBaseUrl,
                        ShortLinks links) {
        this.links = links;
        this.jdbi = jdbi;
        this.clock = clock;
        this.renderer = renderer;
        this.quietHours = quietHours;
        this.publicBaseUrl = publicBaseUrl;
    }

    public List<Delivery> claim(String channel, int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            List<ClaimedRow> rows = h.createQuery(CLAIM)
                    .bind("channel", channel).bind("now", now).bind("limit", limit)
                    .map(ConstructorMapper.of(ClaimedRow.class)).list();
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<Long, Campaign> campaigns = campaigns(h, rows);
            Decisions decisions = new Decisions(h, now, lease);
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
    public boolean anyDue(String channel, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(ANY_DUE).bind("channel", channel).bind("now", now)
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

    private void decide(ClaimedRow row, Campaign campaign, Instant now, Decisions decisions) {
        boolean sms = "sms".equals(row.channel());
        String status = sms ? row.smsStatus() : row.emailStatus();
        if (row.needsConsent() && !"subscribed".equals(status)) {
            decisions.suppress(row.id());
            return;
        }
        // An attorney's reply needs no alerts consent, but a "stop" that arrived while it was queued still wins.
        if ("case-reply".equals(row.kind()) && "unsubscribed".equals(status)) {
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
        if ("campaign".equals(row.kind()) && campaign != null) {
            CampaignRenderer.Rendered r;
            // Opt-out instructions on a first text and after the renewal period; once per supporter per claim.
            boolean instructionsDue = sms && row.supporterId() != null
                    && !decisions.instructedNow.contains(row.supporterId())
                    && renderer.footer().due(decisions.lastInstructed.get(row.supporterId()), now);
            try {
                r = renderer.render(campaign, new CampaignRenderer.Recipient(
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
    private Map<Long, Instant> lastInstructed(Handle h, List<ClaimedRow> rows, Map<Long, Campaign> campaigns) {
        long[] supporters = rows.stream()
                .filter(r -> "sms".equals(r.channel()) && "campaign".equals(r.kind()) && r.supporterId() != null)
                .filter(r -> campaigns.get(r.campaignId()) != null && renderer.footer().appliesTo(campaigns.get(r.campaignId())))
                .mapToLong(ClaimedRow::supporterId).distinct().toArray();
        return supporters.length == 0 ? Map.of() : h.attach(OutboxDao.class).lastInstructed(supporters);
    }

    /**
     * The short links of the claim's campaign rows that may be sent (consent holds): made together, not one per row.
     * A row moved past quiet hours keeps its code for later.
     */
    private Map<ShortLinks.Key, String> codes(Handle h, List<ClaimedRow> rows, Map<Long, Campaign> campaigns, Instant now) {
        List<ShortLinks.Key> keys = new ArrayList<>();
        for (ClaimedRow r : rows) {
            Campaign c = r.campaignId() == null ? null : campaigns.get(r.campaignId());
            String status = "sms".equals(r.channel()) ? r.smsStatus() : r.emailStatus();
            if ("campaign".equals(r.kind()) && c != null && org.actionalerts.campaigns.ActionLink.tracked(c)
                    && r.supporterId() != null && (!r.needsConsent() || "subscribed".equals(status))) {
                keys.add(new ShortLinks.Key(c.id(), r.supporterId(), r.channel()));
            }
        }
        return keys.isEmpty() ? Map.of() : links.codes(h, keys, now);
    }

    private static Map<Long, Campaign> campaigns(Handle h, List<ClaimedRow> rows) {
        long[] ids = rows.stream().filter(r -> r.campaignId() != null).mapToLong(ClaimedRow::campaignId).distinct().toArray();
        Map<Long, Campaign> byId = new HashMap<>();
        if (ids.length > 0) {
            h.attach(CampaignDao.class).findAll(ids).forEach(c -> byId.put(c.id(), c));
        }
        return byId;
    }

    /** The claim's outcomes, written back in three batched statements. */
    private static final class Decisions {
        final List<Delivery> deliveries = new ArrayList<>();
        private final Handle h;
        private final Instant now;
        private final Duration lease;
        private final List<Long> suppressed = new ArrayList<>();
        private final java.util.Set<Long> paused = new java.util.HashSet<>();
        Map<Long, Instant> lastInstructed = Map.of();
        Map<ShortLinks.Key, String> codes = Map.of();
        final java.util.Set<Long> instructedNow = new java.util.HashSet<>();
        private final java.util.Set<Long> instructedRows = new java.util.HashSet<>();
        private PreparedBatch deferBatch;

        Decisions(Handle h, Instant now, Duration lease) {
            this.h = h;
            this.now = now;
            this.lease = lease;
        }

        void suppress(long id) {
            suppressed.add(id);
        }

        void pause(long campaignId) {
            if (paused.add(campaignId) && h.attach(CampaignDao.class).pauseIfSending(campaignId,
                    "Paused automatically: the campaign's template cannot be rendered; create the campaign again") > 0) {
                LOG.error("Campaign {} paused: its template cannot be rendered", campaignId);
            }
        }

        void defer(long id, Instant notBefore) {
            if (deferBatch == null) {
                deferBatch = h.prepareBatch("UPDATE outbox SET not_before = :notBefore, updated_at = now() WHERE id = :id");
            }
            deferBatch.bind("id", id).bind("notBefore", notBefore).add();
        }

        void instructed(long rowId, Long supporterId) {
            instructedRows.add(rowId);
            if (supporterId != null) {
                instructedNow.add(supporterId);
            }
        }

        void send(Delivery d) {
            deliveries.add(d);
        }

        void execute() {
            if (!suppressed.isEmpty()) {
                h.createUpdate("UPDATE outbox SET status = 'suppressed', updated_at = now() WHERE id = ANY(:ids)")
                        .bind("ids", suppressed.stream().mapToLong(Long::longValue).toArray()).execute();
            }
            if (deferBatch != null && deferBatch.size() > 0) {
                deferBatch.execute();
            }
            if (!deliveries.isEmpty()) {
                // One statement for the whole claim (arrays unnested in step), not one per row.
                int n = deliveries.size();
                long[] ids = new long[n];
                int[] attempts = new int[n];
                String[] recipients = new String[n];
                String[] subjects = new String[n];
                String[] bodies = new String[n];
                String[] htmls = new String[n];
                boolean[] instructions = new boolean[n];
                for (int i = 0; i < n; i++) {
                    Delivery d = deliveries.get(i);
                    ids[i] = d.id();
                    attempts[i] = d.attempts();
                    recipients[i] = d.recipient();
                    subjects[i] = d.subject();
                    bodies[i] = d.body();
                    htmls[i] = d.html();
                    instructions[i] = instructedRows.contains(d.id());
                }
                h.createUpdate("""
                        UPDATE outbox o SET status = 'sending', recipient = v.recipient, subject = v.subject,
                               body = v.body, html = v.html, attempts = v.attempts, with_instructions = v.instructions,
                               claimed_at = :now, lease_until = :leaseUntil, updated_at = now()
                          FROM unnest(CAST(:ids AS bigint[]), CAST(:recipients AS text[]), CAST(:subjects AS text[]),
                                      CAST(:bodies AS text[]), CAST(:htmls AS text[]), CAST(:attempts AS int[]),
                                      CAST(:instructions AS boolean[]))
                               AS v(id, recipient, subject, body, html, attempts, instructions)
                         WHERE o.id = v.id""")
                        .bind("ids", ids).bind("recipients", recipients).bind("subjects", subjects)
                        .bind("bodies", bodies).bind("htmls", htmls).bind("attempts", attempts)
                        .bind("instructions", instructions)
                        .bind("now", now).bind("leaseUntil", now.plus(lease)).execute();
            }
        }
    }
}
