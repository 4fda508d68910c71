package org.actionalerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** What one claim decided for each of its rows ({@link OutboxClaims}), written back in three batched statements. */
final class ClaimDecisions {
    final List<Delivery> deliveries = new ArrayList<>();
    private final Handle h;
    private final Instant now;
    private final Duration lease;
    private final List<Long> suppressed = new ArrayList<>();
    private final Set<Long> paused = new HashSet<>();
    Map<Long, Instant> lastInstructed = Map.of();
    Map<ShortLinks.Key, String> codes = Map.of();
    final Set<Long> instructedNow = new HashSet<>();
    private final Set<Long> instructedRows = new HashSet<>();
    private final CampaignOutcomes campaigns;
    private PreparedBatch deferBatch;

    ClaimDecisions(Handle h, Instant now, Duration lease, CampaignOutcomes campaigns) {
        this.campaigns = campaigns;
        this.h = h;
        this.now = now;
        this.lease = lease;
    }

    void suppress(long id) {
        suppressed.add(id);
    }

    void pause(long campaignId) {
        if (paused.add(campaignId) && campaigns.pause(h, campaignId,
                "Paused automatically: the campaign's template cannot be rendered; create the campaign again")) {
            OutboxClaims.LOG.error("Campaign {} paused: its template cannot be rendered", campaignId);
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
