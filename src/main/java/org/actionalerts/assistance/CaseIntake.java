package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.jdbi.v3.core.Handle;

/**
 * The seam the inbound SMS router calls, inside its own transaction (one per Twilio MessageSid).
 *
 * <p>Rule for a requester's new text (documented in the README): it joins their open case; a waiting case goes back
 * to its attorney (assigned); a case resolved less than {@code reopenWindow} ago is reopened (assigned if it has an
 * assignee, else new) rather than starting over; after that window the text is no longer part of any case, and an
 * assistance keyword opens a new one. Erased cases are never reopened.
 */
public class CaseIntake {
    private static final Set<String> SPANISH_KEYWORDS = Set.of("AYUDA LEGAL", "ABOGADO", "ABOGADA", "AYUDA");

    private final CaseOpening opening;
    private final Routing routing;
    private final Sla sla;
    private final UrgentNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;
    private final Set<String> keywords;
    private final java.time.Duration reopenWindow;

    public CaseIntake(AssistanceSettings settings, CaseOpening opening, Routing routing, Sla sla, UrgentNotifier notifier,
                      AuditLog audit, Clock clock) {
        this.opening = opening;
        this.routing = routing;
        this.sla = sla;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
        this.keywords = settings.keywords().stream().map(Texts::normalise).collect(Collectors.toUnmodifiableSet());
        this.reopenWindow = java.time.Duration.ofMillis(settings.reopenWindow().toMilliseconds());
    }

    /** The whole message is a keyword: case, accents, punctuation, emoji and extra spaces ignored ("¡Abogado!"). */
    public boolean isAssistanceKeyword(String text) {
        return keywords.contains(Texts.normalise(text));
    }

    /** The requester's case their texts belong to: open, or resolved within the reopen window. */
    public Optional<Long> openCaseFor(Handle h, long supporterId) {
        return casesOpenFor(h, List.of(supporterId)).stream().findFirst().map(OpenCase::caseId);
    }

    /** Which of these supporters have a case their texts belong to (see {@link #openCaseFor}). */
    public Set<Long> withOpenCase(Handle h, Collection<Long> supporterIds) {
        return casesOpenFor(h, supporterIds).stream().map(OpenCase::supporterId).collect(Collectors.toSet());
    }

    private record OpenCase(long supporterId, long caseId) {}

    /**
     * For each supporter, their open case, else the latest resolved within the reopen window. Asked for every
     * inbound text, so a plain query rather than a CaseDao call (attaching a DAO prepares all its methods).
     */
    private List<OpenCase> casesOpenFor(Handle h, Collection<Long> supporterIds) {
        if (supporterIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("""
                SELECT DISTINCT ON (supporter_id) supporter_id, id FROM cases
                 WHERE supporter_id = ANY(:ids) AND erased_at IS NULL
                   AND (status <> 'resolved' OR resolved_at > :reopenAfter)
                 ORDER BY supporter_id, (status <> 'resolved') DESC, id DESC""")
                .bind("ids", supporterIds.stream().mapToLong(Long::longValue).toArray())
                .bind("reopenAfter", clock.instant().minus(reopenWindow))
                .map((rs, ctx) -> new OpenCase(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    /**
     * A keyword text: a new case with routing, acknowledgement and urgent notification. A requester who already has
     * a case gets their text added to it instead: one request is never opened (or acknowledged) twice.
     */
    public CaseRef openFromSms(Handle h, long supporterId, String body, String language, String messageSid) {
        Optional<Long> existing = openCaseFor(h, supporterId);
        if (existing.isPresent()) {
            appendInbound(h, existing.get(), "sms", body, messageSid);
            CaseRow row = h.attach(CaseDao.class).find(existing.get()).orElseThrow();
            return new CaseRef(row.id(), row.reference(), row.queue(), row.priority());
        }
        record Sender(String state, String phone) {}
        Sender sender = h.createQuery("SELECT state, phone FROM supporters WHERE id = :id").bind("id", supporterId)
                .map((rs, ctx) -> new Sender(rs.getString(1), rs.getString(2))).one();
        // A first text from an unknown number: its Spanish keyword is the best clue to the language to answer in.
        String lang = SPANISH_KEYWORDS.contains(Texts.normalise(body)) ? "es" : language;
        return opening.open(h, new CaseOpening.NewCase(supporterId, new CaseOpening.Contact(null, sender.phone(), null),
                "sms", "sms", body, lang, sender.state(), "general", messageSid, Actor.REQUESTER, "sms"));
    }

    /** The requester's words join the thread; see the class comment for what this does to the case's status. */
    public void appendInbound(Handle h, long caseId, String channel, String body) {
        appendInbound(h, caseId, channel, body, null);
    }

    public void appendInbound(Handle h, long caseId, String channel, String body, String messageSid) {
        CaseDao dao = h.attach(CaseDao.class);
        CaseRow c = dao.findForUpdate(caseId).orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
        Instant now = clock.instant();
        dao.insertMessage(caseId, "in", channel, "message", body, null, messageSid, null, null, now);
        String status = switch (c.status()) {
            case "waiting" -> "assigned";
            case "resolved" -> c.assigneeUserId() != null || c.assigneeName() != null ? "assigned" : "new";
            default -> c.status();
        };
        boolean escalate = "normal".equals(c.priority()) && routing.isUrgent(body);
        String priority = escalate ? "urgent" : c.priority();
        Instant due = escalate ? sla.dueAt("urgent", now) : c.dueAt();
        dao.update(caseId, status, priority, c.queue(), c.topic(), c.assigneeUserId(), c.assigneeName(), due,
                "resolved".equals(status) ? c.resolvedAt() : null, now);
        if (escalate) {
            notifier.notify(h, new CaseRef(caseId, c.reference(), c.queue(), "urgent"));
        }
        audit.record(h, Actor.REQUESTER, "case.message-in", caseId, c.supporterId(),
                "resolved".equals(c.status()) ? "reopened" : escalate ? "escalated to urgent" : null);
    }
}
