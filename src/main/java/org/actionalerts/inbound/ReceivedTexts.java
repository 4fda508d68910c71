package org.actionalerts.inbound;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** What other features may change of the texts we received: inbound's table is written by inbound alone. */
public final class ReceivedTexts {
    private ReceivedTexts() {}

    /**
     * Retention: the router's copies of texts it routed to the assistance desk from these people lose their words and
     * whom they came from (the caller has decided that none of the people's cases needs them any more).
     */
    public static void eraseAssistanceTexts(Handle h, long[] supporterIds) {
        h.createUpdate("""
                UPDATE inbound_messages SET body = NULL, supporter_id = NULL
                 WHERE kind = 'assistance' AND body IS NOT NULL AND supporter_id = ANY(:ids)""")
                .bind("ids", supporterIds).execute();
    }

    /** A text attributed to a campaign: a reply within the window after its alert. */
    public record Reply(long id, Long supporterId, String body, Instant receivedAt) {}

    /** How many texts were attributed to this campaign as replies. */
    public static long replyCount(Handle h, long campaignId) {
        return h.createQuery("SELECT count(*) FROM inbound_messages WHERE campaign_id = :id AND kind = 'reply'")
                .bind("id", campaignId).mapTo(Long.class).one();
    }

    /** The campaign's replies after id {@code after}, oldest first, at most {@code limit}. */
    public static List<Reply> replies(Handle h, long campaignId, long after, int limit) {
        return h.createQuery("SELECT id, supporter_id, body, received_at FROM inbound_messages"
                        + " WHERE campaign_id = :c AND kind = 'reply' AND id > :after ORDER BY id LIMIT :limit")
                .bind("c", campaignId).bind("after", after).bind("limit", limit)
                .map(ConstructorMapper.of(Reply.class)).list();
    }
}
