package org.actionalerts.assistance;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.actionalerts.accounts.Caller;
import org.actionalerts.audit.Actor;
import org.actionalerts.audit.AuditLog;
import org.actionalerts.consent.Channel;
import org.actionalerts.consent.ConsentStatus;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.platform.errors.ApiException;
import org.jdbi.v3.core.Jdbi;

/**
 * Attorneys' replies (through the one outbox, so they are rate limited, retried and visible with their delivery
 * status) and internal notes (never sent). A reply by text to someone who unsubscribed from texts is refused.
 */
public class CaseConversation {
    public static final int MAX_REPLY_CHARS = 1600; // Twilio's limit for one message
    public static final int MAX_NOTE_CHARS = 20_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Outbox outbox;
    private final AuditLog audit;
    private final CaseService cases;

    public CaseConversation(Jdbi jdbi, Clock clock, AuditLog audit, CaseService cases) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.outbox = new Outbox(clock);
        this.audit = audit;
        this.cases = cases;
    }

    public record ReplyRequest(String body, String channel) {}

    public record NoteRequest(String body) {}

    /** Returns the thread entry of the reply (status queued). */
    public CaseView.ThreadEntry reply(long caseId, ReplyRequest request, Caller caller) {
        String body = required(request == null ? null : request.body(), MAX_REPLY_CHARS);
        String channel = request.channel() == null ? "sms" : request.channel();
        if (!channel.equals("sms") && !channel.equals("email")) {
            throw ApiException.invalid("channel", "must be sms or email");
        }
        Channel via = Channel.of(channel);
        return jdbi.inTransaction(h -> {
            CaseDao dao = h.attach(CaseDao.class);
            CaseRow c = dao.findForUpdate(caseId).orElseThrow(() -> ApiException.notFound("Case"));
            if (c.erasedAt() != null) {
                throw new ApiException(409, "This case's content was erased under the retention policy");
            }
            CaseView.Requester r = dao.contact(caseId).orElse(null);
            String to = recipient(r, via);
            Instant now = clock.instant();
            String subject = via == Channel.EMAIL ? ("es".equals(c.language()) ? "Su solicitud " : "Your request ") + c.reference() : null;
            // Urgent cases skip quiet hours: an answer about a detention should not wait for the morning.
            long outboxId = outbox.caseReply(h, c.supporterId(), via, "urgent".equals(c.priority()), to, subject, body);
            CaseService.Assignee me = CaseService.assignee(h, caller);
            long messageId = dao.insertMessage(caseId, "out", channel, "message", body, outboxId, null, me.userId(), me.name(), now);
            dao.responded(caseId, now);
            if ("new".equals(c.status())) {
                // Whoever answers a case from the queue has taken it.
                dao.update(caseId, "assigned", c.priority(), c.queue(), c.topic(), me.userId(), me.name(), c.dueAt(), null, now);
            }
            audit.record(h, Actor.of(caller), "case.reply", caseId, c.supporterId(), "channel=" + channel);
            return dao.threadEntry(messageId).orElseThrow();
        });
    }

    public CaseView.Note note(long caseId, NoteRequest request, Caller caller) {
        String body = required(request == null ? null : request.body(), MAX_NOTE_CHARS);
        return jdbi.inTransaction(h -> {
            CaseDao dao = h.attach(CaseDao.class);
            CaseRow c = dao.findForUpdate(caseId).orElseThrow(() -> ApiException.notFound("Case"));
            CaseService.Assignee me = CaseService.assignee(h, caller);
            Instant now = clock.instant();
            long id = dao.insertNote(caseId, body, me.userId(), me.name(), now);
            dao.touch(caseId, now);
            audit.record(h, Actor.of(caller), "case.note", caseId, c.supporterId(), null);
            return dao.note(id).orElseThrow();
        });
    }

    private static String recipient(CaseView.Requester r, Channel channel) {
        if (channel == Channel.SMS) {
            if (r == null || r.phone() == null) {
                throw conflict("The requester has no phone number", r != null && r.email() != null, "email");
            }
            if (r.smsStatus() == ConsentStatus.UNSUBSCRIBED) {
                boolean email = r.email() != null && r.emailStatus() != ConsentStatus.UNSUBSCRIBED;
                throw conflict("The requester has unsubscribed from text messages" + (email ? "; reply by email instead" : ""),
                        email, "email");
            }
            return r.phone();
        }
        if (r == null || r.email() == null) {
            throw conflict("The requester has no email address", r != null && r.phone() != null, "sms");
        }
        if (r.emailStatus() == ConsentStatus.UNSUBSCRIBED) {
            throw conflict("The requester has unsubscribed from email", false, "sms");
        }
        return r.email();
    }

    private static ApiException conflict(String message, boolean alternative, String channel) {
        return new ApiException(409, message, List.of(), alternative ? Map.of("alternativeChannel", channel) : Map.of());
    }

    private static String required(String body, int max) {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("body", "is required");
        }
        if (body.length() > max) {
            throw ApiException.invalid("body", "is longer than " + max + " characters");
        }
        return body.strip();
    }
}
