package org.actionalerts.assistance;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.actionalerts.consent.ConsentStatus;

/** A case as attorneys see it: the requester, the whole conversation with its delivery status, and the notes. */
public record CaseView(long id, String reference, String status, String priority, String queue, String topic,
                       String language, String source, Assignee assignee, Requester requester,
                       @JsonRawValue @ArraySchema(schema = @Schema(implementation = ThreadEntry.class)) String thread,
                       @JsonRawValue @ArraySchema(schema = @Schema(implementation = Note.class)) String notes,
                       Instant createdAt, Instant updatedAt,
                       Instant dueAt, boolean overdue, Instant firstResponseAt, Instant resolvedAt, Instant erasedAt) {

    public record Assignee(Long userId, String name) {
        static Assignee of(CaseRow row) {
            return row.assigneeUserId() == null && row.assigneeName() == null ? null
                    : new Assignee(row.assigneeUserId(), row.assigneeName());
        }
    }

    public record Requester(Long supporterId, String name, String phone, String email, String language,
                            ConsentStatus smsStatus, ConsentStatus emailStatus) {}

    /**
     * One message. {@code status} is "received" for the requester's words and the outbox status
     * (queued, sending, sent, delivered, failed, suppressed) for ours. {@code body} is null once erased.
     */
    public record ThreadEntry(long id, String direction, String channel, String kind, String body, Instant at,
                              String author, String status, String errorCode, Instant sentAt) {}

    public record Note(long id, String body, String author, Instant at) {}

    /** {@code thread} and {@code notes} are JSON arrays of {@link ThreadEntry} and {@link Note}, written as they are. */
    static CaseView of(CaseRow row, Requester requester, String thread, String notes, Instant now) {
        return new CaseView(row.id(), row.reference(), row.status(), row.priority(), row.queue(), row.topic(),
                row.language(), row.source(), Assignee.of(row), requester, thread, notes, row.createdAt(),
                row.updatedAt(), row.dueAt(), row.overdue(now), row.firstResponseAt(), row.resolvedAt(), row.erasedAt());
    }
}
