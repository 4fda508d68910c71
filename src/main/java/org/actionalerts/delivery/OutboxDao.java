package org.actionalerts.delivery;

import java.util.List;
import java.util.Map;
import org.actionalerts.platform.StoredValue;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterArgumentFactory;
import org.jdbi.v3.sqlobject.config.RegisterColumnMapperFactory;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(OutboxMessage.class)
@RegisterColumnMapperFactory(StoredValue.Mappers.class)
@RegisterArgumentFactory(StoredValue.Arguments.class)
public interface OutboxDao {
    String COLUMNS = "id, kind, campaign_id, supporter_id, channel, status, recipient, subject, body, attempts, "
            + "provider_id, error_code, error_message, created_at, sent_at, updated_at";

    /** A text that tells its recipient how to opt out and has gone (or is going) to them; claimed_at is app-clock time. */
    String INSTRUCTED = "o.channel = 'sms' AND o.with_instructions AND o.status IN ('sending', 'sent', 'delivered')";

    /** When each of these supporters was last sent opt-out instructions (absent: never). One query for a claim. */
    @SqlQuery("SELECT o.supporter_id, max(o.claimed_at) AS at FROM outbox o WHERE o.supporter_id = ANY(:ids) AND "
            + INSTRUCTED + " GROUP BY o.supporter_id")
    @KeyColumn("supporter_id")
    @ValueColumn("at")
    Map<Long, java.time.Instant> lastInstructed(@Bind("ids") long[] supporterIds);

    @SqlQuery("SELECT status, count(*) FROM outbox WHERE campaign_id = :campaignId AND kind = 'campaign' GROUP BY status")
    @KeyColumn("status")
    @ValueColumn("count")
    Map<Status, Long> countByStatus(@Bind("campaignId") long campaignId);

    @SqlQuery("SELECT " + COLUMNS + """
             FROM outbox
            WHERE campaign_id = :campaignId AND kind = 'campaign'
              AND (CAST(:status AS text) IS NULL OR status = :status) AND id > :after
            ORDER BY id LIMIT :limit""")
    List<OutboxMessage> forCampaign(@Bind("campaignId") long campaignId, @Bind("status") Status status,
                                    @Bind("after") long after, @Bind("limit") int limit);

    /** Cancelling a campaign withdraws what has not been handed to a provider yet. */
    @SqlUpdate("UPDATE outbox SET status = 'cancelled', updated_at = now() WHERE campaign_id = :campaignId AND status = 'queued'")
    int cancelQueued(@Bind("campaignId") long campaignId);
}
