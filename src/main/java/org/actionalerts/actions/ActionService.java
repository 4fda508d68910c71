package org.actionalerts.actions;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.actionalerts.campaigns.CampaignDao;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.inbound.ActionReplies;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Records actions: by hand (one, or a CSV file: {@link ActionImport}), and from action replies. One action per
 * supporter, campaign and type: recording the same again changes nothing and says so.
 */
public class ActionService implements ActionReplies {
    static final Set<String> MANUAL_TYPES = Set.of("call", "attended", "signed", "other");
    static final int MAX_NOTE = 2000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Outbox outbox;
    private final ActionSettings.ThankYou thankYou;
    private final ActionImport imports;

    public ActionService(Jdbi jdbi, Clock clock, Outbox outbox, ActionSettings.ThankYou thankYou) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.outbox = outbox;
        this.thankYou = thankYou;
        this.imports = new ActionImport(jdbi, clock);
    }

    public record ActionRequest(Long supporterId, String type, String note) {}

    /** {@code created} false: the same action (supporter, campaign, type) was recorded before; it is returned. */
    public record Recorded(Action action, boolean created) {}

    public Recorded record(long campaignId, ActionRequest request, String actor) {
        if (request.supporterId() == null) {
            throw ApiException.invalid("supporterId", "is required");
        }
        String type = type(request.type()).orElseThrow(() -> ApiException.invalid("type",
                "must be one of call, attended, signed, other"));
        String note = note(request.note());
        return jdbi.inTransaction(h -> {
            campaign(h, campaignId);
            if (h.createQuery("SELECT count(*) FROM supporters WHERE id = :id").bind("id", request.supporterId())
                    .mapTo(Integer.class).one() == 0) {
                throw ApiException.invalid("supporterId", "no such supporter");
            }
            Optional<Action> inserted = h.createQuery("""
                            INSERT INTO actions (campaign_id, supporter_id, type, source, note, recorded_by, at)
                            VALUES (:c, :s, :type, 'staff', :note, :by, :at)
                            ON CONFLICT (campaign_id, supporter_id, type) DO NOTHING
                            RETURNING id, campaign_id, supporter_id, type, source, note, recorded_by, at""")
                    .bind("c", campaignId).bind("s", request.supporterId()).bind("type", type).bind("note", note)
                    .bind("by", actor).bind("at", clock.instant())
                    .map(ConstructorMapper.of(Action.class)).findOne();
            if (inserted.isPresent()) {
                return new Recorded(inserted.get(), true);
            }
            return new Recorded(h.createQuery("""
                            SELECT id, campaign_id, supporter_id, type, source, note, recorded_by, at FROM actions
                             WHERE campaign_id = :c AND supporter_id = :s AND type = :type""")
                    .bind("c", campaignId).bind("s", request.supporterId()).bind("type", type)
                    .map(ConstructorMapper.of(Action.class)).one(), false);
        });
    }

    public record Rejection(long line, String reason) {}

    /** {@code alreadyRecorded}: rows whose action was there before (or earlier in the same file). */
    public record ImportResult(int recorded, int alreadyRecorded, List<Rejection> rejected) {}

    /** Actions recorded from a CSV file: see {@link ActionImport#run}. */
    public ImportResult importCsv(long campaignId, InputStream body, String actor) {
        return imports.run(campaignId, body, actor);
    }

    /** Action replies from the inbound batch; a thank-you (when configured) for each one recorded now. */
    @Override
    public void record(Handle h, List<ActionReply> replies) {
        Instant now = clock.instant();
        for (ActionReply r : replies) {
            int inserted = h.createUpdate("""
                            INSERT INTO actions (campaign_id, supporter_id, type, source, inbound_id, at)
                            VALUES (:c, :s, 'reply', 'reply', :inbound, :at)
                            ON CONFLICT (campaign_id, supporter_id, type) DO NOTHING""")
                    .bind("c", r.campaignId()).bind("s", r.supporterId()).bind("inbound", r.inboundId()).bind("at", now)
                    .execute();
            String text = thankYou.text(r.language());
            if (inserted == 1 && thankYou.enabled() && text != null && !text.isBlank()) {
                outbox.actionThanks(h, r.supporterId(), r.campaignId(), r.phone(), text);
            }
        }
    }

    static void campaign(Handle h, long campaignId) {
        h.attach(CampaignDao.class).find(campaignId).orElseThrow(() -> ApiException.notFound("Campaign"));
    }

    static Optional<String> type(String type) {
        String t = type == null ? null : type.strip().toLowerCase(Locale.ROOT);
        return t != null && MANUAL_TYPES.contains(t) ? Optional.of(t) : Optional.empty();
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw ApiException.invalid("note", "is longer than " + MAX_NOTE + " characters");
        }
        return note.strip();
    }
}
