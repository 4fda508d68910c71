package org.actionalerts.consent;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The consent history and the current-status columns it keeps up to date. Both statements of {@link #append}
 * run on the caller's handle, inside the caller's transaction.
 */
@RegisterConstructorMapper(ConsentEvent.class)
public interface ConsentDao {
    @SqlUpdate("""
            WITH event AS (
              INSERT INTO consent_events (supporter_id, channel, status, source, evidence)
              VALUES (:supporterId, :channel, :status, :source, :evidence))
            UPDATE supporters SET
              sms_status = CASE WHEN :channel = 'sms' THEN :status ELSE sms_status END,
              email_status = CASE WHEN :channel = 'email' THEN :status ELSE email_status END,
              updated_at = now()
            WHERE id = :supporterId""")
    void append(@Bind("supporterId") long supporterId, @Bind("channel") String channel, @Bind("status") String status,
                @Bind("source") String source, @Bind("evidence") String evidence);

    /** The supporter's status on the channel, their row locked until the transaction ends; empty when erased. */
    @SqlQuery("SELECT CASE WHEN :channel = 'sms' THEN sms_status ELSE email_status END FROM supporters WHERE id = :id FOR UPDATE")
    Optional<ConsentStatus> lockStatus(@Bind("id") long supporterId, @Bind("channel") String channel);

    /**
     * Appends many events with one statement, in array order, <em>without</em> touching the status columns: only
     * for a caller that writes those columns itself, in the same transaction, from the same events
     * ({@link ConsentBatch}, for the CSV import). An opt-in whose status did not take (the person opted out while
     * the import ran: the status columns keep "unsubscribed") is not written as if it had.
     */
    @SqlUpdate("""
            INSERT INTO consent_events (supporter_id, channel, status, source, evidence)
            SELECT e.supporter_id, e.channel, e.status, :source, e.evidence
              FROM unnest(CAST(:supporterIds AS bigint[]), CAST(:channels AS text[]), CAST(:statuses AS text[]),
                          CAST(:evidence AS text[]))
                   WITH ORDINALITY AS e(supporter_id, channel, status, evidence, n)
              JOIN supporters s ON s.id = e.supporter_id
             WHERE NOT (e.status = 'subscribed'
                        AND CASE e.channel WHEN 'sms' THEN s.sms_status ELSE s.email_status END = 'unsubscribed')
             ORDER BY e.n""")
    void insertEvents(@Bind("supporterIds") Long[] supporterIds, @Bind("channels") String[] channels,
                      @Bind("statuses") String[] statuses, @Bind("source") String source,
                      @Bind("evidence") String[] evidence);

    @SqlQuery("SELECT channel, status, source, at, evidence FROM consent_events WHERE supporter_id = :id ORDER BY id")
    List<ConsentEvent> history(@Bind("id") long supporterId);

    @SqlUpdate("INSERT INTO suppressions (channel, digest) VALUES (:channel, :digest) ON CONFLICT DO NOTHING")
    void suppress(@Bind("channel") String channel, @Bind("digest") byte[] digest);

    @SqlUpdate("DELETE FROM suppressions WHERE channel = :channel AND digest = :digest")
    void unsuppress(@Bind("channel") String channel, @Bind("digest") byte[] digest);

    @SqlQuery("SELECT digest FROM suppressions WHERE channel = :channel AND digest = ANY(:digests)")
    List<byte[]> suppressed(@Bind("channel") String channel, @Bind("digests") byte[][] digests);
}
