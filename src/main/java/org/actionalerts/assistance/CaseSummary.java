package org.actionalerts.assistance;

import java.time.Instant;

/** A case in a list: no conversation, and of the requester only their name. */
public record CaseSummary(long id, String reference, String status, String priority, String queue, String topic,
                          String language, String source, CaseView.Assignee assignee, Long supporterId,
                          String requesterName, int messages, Instant createdAt, Instant updatedAt, Instant dueAt,
                          boolean overdue, Instant firstResponseAt, Instant resolvedAt) {

    static CaseSummary of(CaseRow row, String requesterName, int messages, Instant now) {
        return new CaseSummary(row.id(), row.reference(), row.status(), row.priority(), row.queue(), row.topic(),
                row.language(), row.source(), CaseView.Assignee.of(row), row.supporterId(), requesterName, messages,
                row.createdAt(), row.updatedAt(), row.dueAt(), row.overdue(now), row.firstResponseAt(), row.resolvedAt());
    }
}
