package org.actionalerts.campaigns;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.actionalerts.delivery.Outbox;
import org.actionalerts.delivery.OutboxDao;
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
              AND (CAST(:languages AS text[]) IS NULL OR s.language = ANY(:languages))
              AND (CAST(:engCampaign AS bigint) IS NULL OR (
                    EXISTS (SELECT 1 FROM outbox e WHERE e.campaign_id = :engCampaign AND e.supporter_id = s.id
                                                     AND e.kind = 'campaign')
                AND (CAST(:engClicked AS boolean) IS NULL OR CAST(:engClicked AS boolean) = EXISTS (
                        SELECT 1 FROM action_links l WHERE l.campaign_id = :engCampaign AND l.supporter_id = s.id
                                                       AND l.first_clicked_at IS NOT NULL))
                AND (CAST(:engActed AS boolean) IS NULL OR CAST(:engActed AS boolean) = EXISTS (
                        SELECT 1 FROM actions a WHERE a.campaign_id = :engCampaign AND a.supporter_id = s.id))))""";

    private AudienceQuery() {}

    /** Writes every recipient into the outbox in one statement; recipients already there are skipped. */
    static int fanOut(Handle h, Campaign c, Instant due) {
        return Outbox.fanOut(h, c.id(), c.urgent(), due, new Outbox.Recipients(
                "SELECT s.id AS supporter_id, ch AS channel" + FROM_WHERE,
                insert -> bind(insert, c.audience(), c.channels())));
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

    /** The longest value of each field among the SMS audience speaking one language. */
    record Longest(String language, long recipients, int firstName, int lastName, int state, int county) {}

    static List<Longest> longestSms(Handle h, Audience audience) {
        return bind(h.createQuery("""
                SELECT s.language, count(*) AS recipients, coalesce(max(length(s.first_name)), 0) AS first_name,
                       coalesce(max(length(s.last_name)), 0) AS last_name, coalesce(max(length(s.state)), 0) AS state,
                       coalesce(max(length(s.county)), 0) AS county""" + FROM_WHERE + " GROUP BY s.language"),
                audience, List.of("sms"))
                .map((rs, ctx) -> new Longest(rs.getString("language"), rs.getLong("recipients"), rs.getInt("first_name"),
                        rs.getInt("last_name"), rs.getInt("state"), rs.getInt("county")))
                .list();
    }

    /** A supporter in the SMS audience, with when they were last sent opt-out instructions (app clock; null: never). */
    record SmsRecipient(long id, String firstName, String lastName, String state, String county, String language,
                        Instant lastInstructed) {}

    /**
     * The SMS recipients, streamed (a random {@code percent} of them: 100 is all): the estimate renders each one's
     * text as the claim would.
     */
    static void eachSmsRecipient(Handle h, Audience audience, double percent, Consumer<SmsRecipient> each) {
        String from = FROM_WHERE.replace("FROM supporters s ", "FROM supporters s TABLESAMPLE BERNOULLI (:percent) ");
        bind(h.createQuery("""
                SELECT s.id, s.first_name, s.last_name, s.state, s.county, s.language,
                       (SELECT max(o.claimed_at) FROM outbox o WHERE o.supporter_id = s.id"""
                        + " AND " + OutboxDao.INSTRUCTED + ") AS last_instructed" + from), audience, List.of("sms"))
                .bind("percent", percent)
                .setFetchSize(1000)
                .map((rs, ctx) -> new SmsRecipient(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"),
                        rs.getString("state"), rs.getString("county"), rs.getString("language"),
                        rs.getTimestamp("last_instructed") == null ? null : rs.getTimestamp("last_instructed").toInstant()))
                .useStream(rows -> rows.forEach(each));
    }

    /** Recipients per channel and language. */
    static Map<String, Map<String, Long>> languages(Handle h, Audience audience, List<String> channels) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        channels.forEach(ch -> counts.put(ch, new TreeMap<>()));
        bind(h.createQuery("SELECT ch, s.language, count(*) AS n" + FROM_WHERE + " GROUP BY ch, s.language"), audience, channels)
                .map((rs, ctx) -> List.of(rs.getString("ch"), rs.getString("language"), rs.getLong("n")))
                .forEach(r -> counts.get((String) r.get(0)).put((String) r.get(1), (Long) r.get(2)));
        return counts;
    }

    /** The first supporter (lowest id) of each language in the audience. */
    static Map<String, Long> samples(Handle h, Audience audience, List<String> channels) {
        Map<String, Long> samples = new TreeMap<>();
        bind(h.createQuery("SELECT DISTINCT ON (s.language) s.language, s.id" + FROM_WHERE + " ORDER BY s.language, s.id"),
                audience, channels)
                .map((rs, ctx) -> Map.entry(rs.getString("language"), rs.getLong("id")))
                .forEach(e -> samples.put(e.getKey(), e.getValue()));
        return samples;
    }

    /** How many people in the audience lack each of these supporter fields (and so get its fallback). */
    static Map<String, Long> missing(Handle h, Audience audience, List<String> channels, List<MergeField> fields) {
        Map<String, Long> counts = new TreeMap<>();
        List<MergeField> columns = fields.stream().filter(f -> f.column() != null).toList();
        if (columns.isEmpty()) {
            return counts;
        }
        // Column names come from MergeField, never from a request.
        String select = columns.stream().map(f -> "count(DISTINCT s.id) FILTER (WHERE coalesce(btrim(s." + f.column()
                + "), '') = '') AS " + f.column()).collect(java.util.stream.Collectors.joining(", "));
        bind(h.createQuery("SELECT " + select + FROM_WHERE), audience, channels)
                .map((rs, ctx) -> {
                    for (MergeField f : columns) {
                        counts.put(f.wireName(), rs.getLong(f.column()));
                    }
                    return counts;
                }).one();
        return counts;
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement, Audience a, List<String> channels) {
        return statement
                .bind("channels", channels.toArray(String[]::new))
                .bind("listId", a.listId())
                .bind("states", array(a.states(), false))
                .bind("counties", array(a.counties(), true))
                .bind("tags", array(a.tags(), false))
                .bind("languages", array(a.languages(), false))
                // Engagement reads the actions feature's facts (links clicked, actions) by their campaign indexes.
                .bind("engCampaign", a.engagement() == null ? null : a.engagement().campaignId())
                .bind("engClicked", a.engagement() == null ? null : a.engagement().clicked())
                .bind("engActed", a.engagement() == null ? null : a.engagement().acted());
    }

    private static String[] array(List<String> values, boolean lowerCase) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.stream().map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v).toArray(String[]::new);
    }
}
