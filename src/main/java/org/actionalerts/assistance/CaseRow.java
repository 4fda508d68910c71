package org.actionalerts.assistance;

import java.time.Instant;

/** A case as stored. */
public record CaseRow(long id, String reference, Long supporterId, String source, String status, String priority,
                      String queue, String topic, String language, String state, Long assigneeUserId,
                      String assigneeName, Instant createdAt, Instant updatedAt, Instant dueAt,
                      Instant firstResponseAt, Instant resolvedAt, Instant erasedAt) {

    /** Past its first-response target with no answer yet. */
    public boolean overdue(Instant now) {
        return !"resolved".equals(status) && firstResponseAt == null && dueAt.isBefore(now);
    }

    public boolean open() {
        return !"resolved".equals(status);
    }
}
