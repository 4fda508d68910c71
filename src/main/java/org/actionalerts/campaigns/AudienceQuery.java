package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The audience as SQL over supporters {@code s} crossed with the campaign's channels {@code ch}: only people
 * subscribed on a channel get that channel, and a person appears once per channel.
 */
final class AudienceQuery {
    private static final String FROM_WHERE = """
             FROM supporters s CROSS JOIN unnest(CAST(:channels AS text[])) AS ch
            WHERE ((ch = 'sms' AND s.sms_status = 'subscribed' AND s.phone IS NOT NULL)
                OR (ch = 'email' AND s.email_status = 'subscribed' AND s.email IS NOT NULL))
              AND (CAST(:listId AS bigint) IS NULL OR s.id IN (SELECT m.supporter_id FROM list_members m WHERE m.list_id = :listId))
              AND (CAST(:states AS text[]) IS NULL OR s.state = ANY(:states))
              AND (CAST(:counties AS text[]) IS NULL OR lower(s.county) = ANY(:counties))
              AND (CAST(:tags AS text[]) IS NULL OR s.tags && CAST(:tags AS text[]))
              AND (CAST(:languages AS text[]) IS NULL OR s.language = ANY(:languages))""";

    private AudienceQuery() {}

    /** Writes every recipient into the outbox in one statement; recipients already there are skipped. */
    static int fanOut(Handle h, Campaign c, Instant due) {
        return bind(h.createUpdate("""
                INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, urgent, priority, not_before)
                SELECT 'campaign', :campaignId, s.id, ch, true, :urgent, CASE WHEN :urgent THEN 1 ELSE 2 END, :due""" + FROM_WHERE + """

                ON CONFLICT (campaign_id, supporter_id, channel) DO NOTHING"""), c.audience(), c.channels())
                .bind("campaignId", c.id())
                .bind("urgent", c.urgent())
                .bind("due", due)
                .execute();
    }

    /** How many people each channel would reach now. */
    static Map<String, Long> sizes(Handle h, Audience audience, List<String> channels) {
        Map<String, Long> sizes = new TreeMap<>();
        channels.forEach(ch -> sizes.put(ch, 0L));
        bind(h.createQuery("SELECT ch, count(*) AS n" + FROM_WHERE + " GROUP BY ch"), audience, channels)
                .map((rs, ctx) -> Map.entry(rs.getString("ch"), rs.getLong("n")))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        return sizes;
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement, Audience a, List<String> channels) {
        return statement
                .bind("channels", channels.toArray(String[]::new))
                .bind("listId", a.listId())
                .bind("states", array(a.states(), false))
                .bind("counties", array(a.counties(), true))
                .bind("tags", array(a.tags(), false))
                .bind("languages", array(a.languages(), false));
    }

    private static String[] array(List<String> values, boolean lowerCase) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.stream().map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v).toArray(String[]::new);
    }
}
