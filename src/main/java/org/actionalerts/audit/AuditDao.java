package org.actionalerts.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditEntry.class)
public interface AuditDao {
    @SqlUpdate("""
            INSERT INTO audit_log (at, actor_token_id, actor_user_id, actor_name, action, case_id, supporter_id, detail)
            VALUES (:at, :a.tokenId, :a.userId, :a.name, :action, :caseId, :supporterId, :detail)""")
    void insert(@Bind("at") Instant at, @BindMethods("a") Actor actor, @Bind("action") String action,
                @Bind("caseId") Long caseId, @Bind("supporterId") Long supporterId, @Bind("detail") String detail);

    /** One row per case in a single statement: a page of the case list is one read of each case on it. */
    @SqlUpdate("""
            INSERT INTO audit_log (at, actor_token_id, actor_user_id, actor_name, action, case_id)
            SELECT :at, :a.tokenId, :a.userId, :a.name, :action, unnest(:caseIds)""")
    void insertForCases(@Bind("at") Instant at, @BindMethods("a") Actor actor, @Bind("action") String action,
                        @Bind("caseIds") long[] caseIds);

    /** Rows about a person no longer name them: what was done stays, to whom is forgotten. */
    @SqlUpdate("UPDATE audit_log SET supporter_id = NULL WHERE supporter_id = :supporterId")
    int forgetSupporter(@Bind("supporterId") long supporterId);

    /** Rows about these cases no longer name their requester. */
    @SqlUpdate("UPDATE audit_log SET supporter_id = NULL WHERE case_id = ANY(:caseIds) AND supporter_id IS NOT NULL")
    int forgetRequestersOf(@Bind("caseIds") long[] caseIds);

    @SqlQuery("""
            SELECT id, at, actor_token_id, actor_user_id, actor_name, action, case_id, supporter_id, detail FROM audit_log
             WHERE (CAST(:caseId AS bigint) IS NULL OR case_id = :caseId)
               AND (CAST(:supporterId AS bigint) IS NULL OR supporter_id = :supporterId)
               AND id > :after
             ORDER BY id LIMIT :limit""")
    List<AuditEntry> find(@Bind("caseId") Long caseId, @Bind("supporterId") Long supporterId, @Bind("after") long after,
                          @Bind("limit") int limit);
}
