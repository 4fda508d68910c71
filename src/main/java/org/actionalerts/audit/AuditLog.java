package org.actionalerts.audit;

import java.time.Clock;
import java.util.List;
import org.actionalerts.platform.paging.Page;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes who read or changed a case or its requester. Always inside the caller's transaction: a read or a change
 * that happened is logged, and one that rolled back is not.
 */
public class AuditLog {
    private final Jdbi jdbi;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Audit rows written by the statement they record, for a hot path that must stay one statement (claiming
     * cases, group-committed): a data-modifying CTE's body. {@code rows} is a SELECT of at, actor token id, actor
     * user id, actor name, action, case id and supporter id, in that order.
     */
    public static String insertRows(String rows) {
        return "INSERT INTO audit_log (at, actor_token_id, actor_user_id, actor_name, action, case_id, supporter_id)\n"
                + rows;
    }

    public void record(Handle h, Actor actor, String action, Long caseId, Long supporterId, String detail) {
        h.attach(AuditDao.class).insert(clock.instant(), actor, action, caseId, supporterId, detail);
    }

    public void recordCases(Handle h, Actor actor, String action, List<Long> caseIds) {
        if (!caseIds.isEmpty()) {
            h.attach(AuditDao.class).insertForCases(clock.instant(), actor, action,
                    caseIds.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /**
     * An erased person: earlier rows about them keep what was done but no longer say to whom, and one row records
     * the erasure itself, with the erased id and nothing else about them.
     */
    public void recordErasure(Handle h, Actor actor, long supporterId) {
        AuditDao dao = h.attach(AuditDao.class);
        dao.forgetSupporter(supporterId);
        dao.insert(clock.instant(), actor, "supporter.erase", null, supporterId, null);
    }

    /** Cases unlinked from their requester (retention): their rows no longer say who asked. */
    public void forgetRequestersOf(Handle h, long[] caseIds) {
        if (caseIds.length > 0) {
            h.attach(AuditDao.class).forgetRequestersOf(caseIds);
        }
    }

    public Page<AuditEntry> find(Long caseId, Long supporterId, long after, int limit) {
        List<AuditEntry> rows = jdbi.withHandle(h -> h.attach(AuditDao.class).find(caseId, supporterId, after, limit + 1));
        return Page.of(rows, limit, e -> String.valueOf(e.id()));
    }
}
