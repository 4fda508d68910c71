package org.actionalerts.campaigns;

import com.github.mustachejava.MustacheException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.actionalerts.accounts.Role;
import org.actionalerts.delivery.OutboxDao;
import org.actionalerts.delivery.OutboxMessage;
import org.actionalerts.delivery.ShortLinks;
import org.actionalerts.delivery.Status;
import org.actionalerts.inbound.ReceivedTexts;
import org.actionalerts.lists.ListDao;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.supporters.Supporter;
import org.actionalerts.supporters.SupporterDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Campaign life cycle: draft → (scheduled →) sending → completed, with pause/resume/cancel. Launching writes
 * the recipients into the outbox in one statement; the dispatcher does the rest.
 */
public class CampaignService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final CampaignRenderer renderer;
    private final TestSends testSends;

    public CampaignService(Jdbi jdbi, Clock clock, CampaignRenderer renderer) {
        this(jdbi, clock, renderer, ShortLinks.NONE);
    }

    /** {@code links}: test sends carry a short link of their own, which redirects and counts nothing. */
    public CampaignService(Jdbi jdbi, Clock clock, CampaignRenderer renderer, ShortLinks links) {
        this.testSends = new TestSends(jdbi, clock, renderer, links);
        this.jdbi = jdbi;
        this.clock = clock;
        this.renderer = renderer;
    }

    public CampaignView create(CampaignRequest request, String actor) {
        return create(request, actor, Role.STAFF);
    }

    /**
     * Creates a draft, refused (422) when a text would be too long for Twilio with the audience's longest values.
     * Only an admin may leave the compliance footer off ({@code "complianceFooter": false}).
     */
    public CampaignView create(CampaignRequest request, String actor, Role role) {
        CampaignRequest r = CampaignChecks.check(request);
        if (!r.complianceFooter() && role != Role.ADMIN) {
            throw new ApiException(403, "Only an admin can turn off the compliance footer (the organisation name and "
                    + "opt-out instructions carriers expect)");
        }
        return jdbi.inTransaction(h -> {
            if (r.audience().listId() != null && !h.attach(ListDao.class).exists(r.audience().listId())) {
                throw ApiException.invalid("audience.listId", "no such list");
            }
            if (r.audience().engagement() != null && h.attach(CampaignDao.class)
                    .find(r.audience().engagement().campaignId()).isEmpty()) {
                throw ApiException.invalid("audience.engagement.campaignId", "no such campaign");
            }
            long id = h.attach(CampaignDao.class).insert(r.name(), r.actionUrl(), r.channels().toArray(String[]::new),
                    CampaignMapper.audienceJson(r.audience()), CampaignMapper.templatesJson(r.sms(), r.email()),
                    r.sendAt(), r.urgent(), actor, r.complianceFooter(), r.trackLinks());
            Campaign c = find(h, id);
            SmsCost.Assessment assessment = SmsCost.assess(h, c, renderer, clock.instant());
            if (!assessment.refusals().isEmpty()) {
                throw ApiException.invalid(assessment.refusals()); // rolls the draft back
            }
            return view(h, c, assessment);
        });
    }

    /** A draft or scheduled campaign also carries its SMS warnings and the segments its audience would cost. */
    public CampaignView get(long id) {
        return jdbi.inTransaction(h -> {
            Campaign c = find(h, id);
            boolean pending = c.status() == CampaignStatus.DRAFT || c.status() == CampaignStatus.SCHEDULED;
            SmsCost.Assessment assessment = null;
            try {
                assessment = pending ? SmsCost.assess(h, c, renderer, clock.instant()) : null;
            } catch (MustacheException e) {
                // A template stored before today's checks: the campaign is still shown, without an estimate.
            }
            return view(h, c, assessment);
        });
    }

    public Page<CampaignView> list(long after, int limit) {
        return jdbi.inTransaction(h -> Page.of(
                h.attach(CampaignDao.class).list(after, limit + 1).stream().map(c -> view(h, c, null)).toList(),
                limit, v -> String.valueOf(v.id())));
    }

    /**
     * Idempotent: a draft becomes scheduled (sendAt in the future) or sending with its recipients queued;
     * launching anything else changes nothing. The row lock makes a manual launch and the scheduler take turns,
     * and the outbox's unique (campaign, supporter, channel) means nobody is queued twice in any case.
     */
    public CampaignView launch(long id) {
        return jdbi.inTransaction(h -> {
            CampaignDao dao = h.attach(CampaignDao.class);
            Campaign c = dao.lock(id).orElseThrow(() -> ApiException.notFound("Campaign"));
            if (c.status() == CampaignStatus.DRAFT) {
                if (c.sendAt() != null && c.sendAt().isAfter(clock.instant())) {
                    dao.setStatus(id, CampaignStatus.SCHEDULED.wireName(), null);
                } else {
                    startSending(h, c, clock.instant());
                }
            } else if (c.status() == CampaignStatus.SCHEDULED && (c.sendAt() == null || !c.sendAt().isAfter(clock.instant()))) {
                startSending(h, c, clock.instant());
            }
            return view(h, find(h, id));
        });
    }

    /** Fans out and marks the campaign sending; the caller holds the campaign's row lock. */
    static void startSending(Handle h, Campaign c, Instant now) {
        h.attach(CampaignDao.class).setStatus(c.id(), CampaignStatus.SENDING.wireName(), null);
        AudienceQuery.fanOut(h, c, now);
    }

    public CampaignView pause(long id) {
        return transition(id, List.of(CampaignStatus.SENDING, CampaignStatus.SCHEDULED), CampaignStatus.PAUSED, "paused by staff");
    }

    /** A paused campaign goes on where it stopped; one paused before its time goes back to waiting for it. */
    public CampaignView resume(long id) {
        return jdbi.inTransaction(h -> {
            CampaignDao dao = h.attach(CampaignDao.class);
            Campaign c = dao.lock(id).orElseThrow(() -> ApiException.notFound("Campaign"));
            if (c.status() != CampaignStatus.PAUSED) {
                throw new ApiException(409, "Only a paused campaign can be resumed; this one is " + c.status().wireName());
            }
            if (c.launchedAt() == null) {
                dao.setStatus(id, CampaignStatus.SCHEDULED.wireName(), null);
            } else {
                dao.setStatus(id, CampaignStatus.SENDING.wireName(), null);
            }
            return view(h, find(h, id));
        });
    }

    public CampaignView cancel(long id) {
        return jdbi.inTransaction(h -> {
            CampaignDao dao = h.attach(CampaignDao.class);
            Campaign c = dao.lock(id).orElseThrow(() -> ApiException.notFound("Campaign"));
            if (c.status() == CampaignStatus.COMPLETED || c.status() == CampaignStatus.CANCELLED) {
                throw new ApiException(409, "The campaign is already " + c.status().wireName());
            }
            dao.setStatus(id, CampaignStatus.CANCELLED.wireName(), "cancelled by staff");
            h.attach(OutboxDao.class).cancelQueued(id);
            return view(h, find(h, id));
        });
    }

    private CampaignView transition(long id, List<CampaignStatus> from, CampaignStatus to, String reason) {
        return jdbi.inTransaction(h -> {
            CampaignDao dao = h.attach(CampaignDao.class);
            Campaign c = dao.lock(id).orElseThrow(() -> ApiException.notFound("Campaign"));
            if (!from.contains(c.status())) {
                throw new ApiException(409, "Cannot go from " + c.status().wireName() + " to " + to.wireName());
            }
            dao.setStatus(id, to.wireName(), reason);
            return view(h, find(h, id));
        });
    }

    /** @param complianceFooter the footer was added to this supporter's text (their first, or renewal due now) */
    public record Preview(String sms, int smsSegments, String smsEncoding, String subject, String text, String html,
                          boolean complianceFooter) {}

    /** What one supporter would get if their text were claimed now, compliance footer included. */
    public Preview preview(long id, long supporterId) {
        return jdbi.inTransaction(h -> {
            Campaign c = find(h, id);
            Supporter s = h.attach(SupporterDao.class).find(supporterId)
                    .orElseThrow(() -> ApiException.invalid("supporterId", "no such supporter"));
            Instant last = h.attach(OutboxDao.class).lastInstructed(new long[] {supporterId}).get(supporterId);
            CampaignRenderer.Rendered r = render(renderer, c, new CampaignRenderer.Recipient(
                    s.firstName(), s.lastName(), s.state(), s.county(), s.language()),
                    renderer.footer().due(last, clock.instant()));
            var segments = r.smsBody() == null ? null : org.actionalerts.delivery.SmsSegments.count(r.smsBody());
            return new Preview(r.smsBody(), segments == null ? 0 : segments.segments(),
                    segments == null ? null : segments.encoding(), r.subject(), r.text(), r.html(), r.smsFooter());
        });
    }

    /** One rendering per language for a sample recipient, and who gets which variant and which fallbacks. */
    public AudiencePreview preview(long id) {
        return jdbi.inTransaction(h -> AudiencePreview.of(h, find(h, id), renderer, clock.instant()));
    }

    /** A template the checks refuse (one stored before they existed) is the campaign's fault, not the server's. */
    static CampaignRenderer.Rendered render(CampaignRenderer renderer, Campaign c, CampaignRenderer.Recipient recipient,
                                            boolean instructionsDue) {
        try {
            return renderer.render(c, recipient, instructionsDue);
        } catch (MustacheException e) {
            throw new ApiException(422, "This campaign's templates cannot be rendered (partials, inheritance and "
                    + "delimiter changes are refused); create it again");
        }
    }

    public record TestSend(String phone, String email, String language, String firstName) {}

    /** Renders the alert with sample fields and queues it to a staff member's own phone or inbox. */
    public Map<String, Object> test(long id, TestSend request) {
        return testSends.send(id, request);
    }

    public Page<OutboxMessage> messages(long id, String status, long after, int limit) {
        return jdbi.inTransaction(h -> {
            find(h, id);
            return Page.of(h.attach(OutboxDao.class).forCampaign(id, status == null ? null : Status.of(status), after, limit + 1), limit,
                    m -> String.valueOf(m.id()));
        });
    }

    static Campaign find(Handle h, long id) {
        return h.attach(CampaignDao.class).find(id).orElseThrow(() -> ApiException.notFound("Campaign"));
    }

    private CampaignView view(Handle h, Campaign c) {
        return view(h, c, null);
    }

    private CampaignView view(Handle h, Campaign c, SmsCost.Assessment assessment) {
        Map<Status, Long> counts = h.attach(OutboxDao.class).countByStatus(c.id());
        long recipients = counts.values().stream().mapToLong(Long::longValue).sum();
        long replies = ReceivedTexts.replyCount(h, c.id());
        CampaignStats stats = new CampaignStats(recipients, n(counts, Status.QUEUED), n(counts, Status.SENDING),
                n(counts, Status.SENT), n(counts, Status.DELIVERED), n(counts, Status.FAILED), n(counts, Status.SUPPRESSED),
                n(counts, Status.CANCELLED), replies);
        Map<String, Long> audienceSize = c.status() == CampaignStatus.DRAFT || c.status() == CampaignStatus.SCHEDULED
                ? AudienceQuery.sizes(h, c.audience(), c.channels()) : null;
        return CampaignView.of(c, stats, audienceSize, assessment);
    }

    public record Reply(long id, Long supporterId, String body, Instant receivedAt) {}

    /** Texts attributed to this campaign (a reply within the window after its alert), oldest first. */
    public Page<Reply> replies(long id, long after, int limit) {
        return jdbi.withHandle(h -> {
            find(h, id);
            return Page.of(ReceivedTexts.replies(h, id, after, limit + 1).stream()
                            .map(r -> new Reply(r.id(), r.supporterId(), r.body(), r.receivedAt())).toList(),
                    limit, r -> String.valueOf(r.id()));
        });
    }

    private static long n(Map<Status, Long> counts, Status status) {
        return counts.getOrDefault(status, 0L);
    }
}
