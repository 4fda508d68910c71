package org.actionalerts.audit;

import java.time.Instant;

/** One line of the audit log: never content, only who did what to which case or person, and when. */
public record AuditEntry(long id, Instant at, Long actorTokenId, Long actorUserId, String actorName, String action,
                         Long caseId, Long supporterId, String detail) {}
