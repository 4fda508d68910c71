package org.actionalerts.inbound;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.actionalerts.accounts.Role;
import org.actionalerts.platform.errors.ApiException;
import org.actionalerts.platform.paging.Page;
import org.actionalerts.platform.paging.PageRequest;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Everything sent to and received from one person, oldest first: alerts, auto-replies, their texts. */
@Path("/api/v1/supporters/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.STAFF_NAME)
@SecurityRequirement(name = "bearer")
public class MessageHistoryResource {
    private final Jdbi jdbi;

    public MessageHistoryResource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code status} is "received" for their texts; {@code kind} says what the message was (campaign, opt-out, ...). */
    public record HistoryEntry(String direction, String channel, String kind, String status, String body, String subject,
                               Long campaignId, Instant at, Instant sentAt, String errorCode) {}

    @GET
    @Operation(summary = "Every message to and from the person, in order, with direction, channel and status")
    public Page<HistoryEntry> history(@PathParam("id") long id, @QueryParam("limit") Integer limit,
                                      @QueryParam("after") String after) {
        int n = PageRequest.limit(limit);
        long offset = PageRequest.after(after);
        return jdbi.withHandle(h -> {
            if (h.createQuery("SELECT count(*) FROM supporters WHERE id = :id").bind("id", id).mapTo(Integer.class).one() == 0) {
                throw ApiException.notFound("Supporter");
            }
            List<HistoryEntry> rows = h.createQuery("""
                    SELECT direction, channel, kind, status, body, subject, campaign_id, at, sent_at, error_code FROM (
                      SELECT 'out' AS direction, channel, kind, status, body, subject, campaign_id, created_at AS at,
                             sent_at, error_code, id
                        FROM outbox WHERE supporter_id = :id AND kind IN ('campaign', 'auto-reply')
                      UNION ALL
                      SELECT 'in', channel, kind, 'received', body, NULL, campaign_id, received_at, NULL, NULL, id
                        FROM inbound_messages WHERE supporter_id = :id AND kind IN ('opt-out', 'opt-in', 'help', 'reply')
                    ) m ORDER BY at, direction, id LIMIT :limit OFFSET :offset""")
                    .bind("id", id).bind("limit", n + 1).bind("offset", offset)
                    .map(ConstructorMapper.of(HistoryEntry.class)).list();
            // The cursor is a position in this append-only history.
            Page<HistoryEntry> page = Page.of(rows, n, e -> String.valueOf(offset + n));
            return page;
        });
    }
}
