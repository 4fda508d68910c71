package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(CampaignMapper.class)
public interface CampaignDao {
    @SqlUpdate("""
            INSERT INTO campaigns (name, action_url, channels, audience, templates, send_at, urgent, created_by, compliance_footer, track_links)
            VALUES (:name, :actionUrl, :channels, CAST(:audience AS jsonb), CAST(:templates AS jsonb), :sendAt, :urgent, :createdBy,
                    :complianceFooter, :trackLinks)""")
    @GetGeneratedKeys("id")
    long insert(@Bind("name") String name, @Bind("actionUrl") String actionUrl, @Bind("channels") String[] channels,
                @Bind("audience") String audienceJson, @Bind("templates") String templatesJson,
                @Bind("sendAt") Instant sendAt, @Bind("urgent") boolean urgent, @Bind("createdBy") String createdBy,
                @Bind("complianceFooter") boolean complianceFooter, @Bind("trackLinks") boolean trackLinks);

    @SqlQuery("SELECT * FROM campaigns WHERE id = :id")
    Optional<Campaign> find(@Bind("id") long id);

    @SqlQuery("SELECT * FROM campaigns WHERE id = :id FOR UPDATE")
    Optional<Campaign> lock(@Bind("id") long id);

    @SqlQuery("SELECT * FROM campaigns WHERE id = ANY(:ids)")
    List<Campaign> findAll(@Bind("ids") long[] ids);

    @SqlQuery("SELECT * FROM campaigns WHERE id > :after ORDER BY id LIMIT :limit")
    List<Campaign> list(@Bind("after") long after, @Bind("limit") int limit);

    @SqlUpdate("""
            UPDATE campaigns SET status = :status, status_reason = :reason,
              launched_at = CASE WHEN :status = 'sending' THEN COALESCE(launched_at, now()) ELSE launched_at END,
              finished_at = CASE WHEN :status IN ('completed', 'cancelled') THEN now() ELSE finished_at END
            WHERE id = :id""")
    void setStatus(@Bind("id") long id, @Bind("status") String status, @Bind("reason") String reason);

    /** Scheduled campaigns whose time has come, locked so that exactly one instance launches each. */
    @SqlQuery("SELECT * FROM campaigns WHERE status = 'scheduled' AND send_at <= :now ORDER BY send_at LIMIT 10 FOR UPDATE SKIP LOCKED")
    List<Campaign> lockDue(@Bind("now") Instant now);

    /** Sending campaigns with nothing left to send become completed. */
    @SqlUpdate("""
            UPDATE campaigns c SET status = 'completed', finished_at = now()
            WHERE c.status = 'sending'
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.campaign_id = c.id AND o.status IN ('queued', 'sending'))""")
    int completeFinished();

    /** Pauses a sending campaign, once, with the reason staff will see. */
    @SqlUpdate("UPDATE campaigns SET status = 'paused', status_reason = :reason WHERE id = :id AND status = 'sending'")
    int pauseIfSending(@Bind("id") long id, @Bind("reason") String reason);
}
