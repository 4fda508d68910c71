package org.actionalerts.actions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.actionalerts.campaigns.CampaignDao;
import org.actionalerts.platform.errors.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a campaign did, in people, not events: a person with a text and an email counts once; clicking twice is one
 * person who clicked. The facts (outbox rows, link clicks, actions, replies, opt-outs) are summed up per person in
 * {@code campaign_people} (migration 0026, which defines each column), recomputed from the changes the database
 * notes as facts are written ({@link ReportPeople}; a report first catches its campaign up), so a report reads one
 * row per person through the campaign's index instead of grouping every fact on every call.
 *
 * <p>Per person: sent (a message of theirs was sent or delivered), delivered, failed (a message failed and none
 * reached them), clicked (their link), acted (any action), replied (a text attributed to the campaign), opted out
 * (a STOP attributed to the campaign, or the carrier said they had opted out when we sent it). People who acted
 * without being sent the campaign (a walk-in on a sign-in sheet) count in acted and in their county and language,
 * not in recipients.
 */
public class CampaignReport {
    /**
     * The campaign's people: their rows in {@code campaign_people}, and recipients whose messages are all queued or
     * being sent (no row yet; none once the campaign has gone out, read through {@code outbox_campaign_status}).
     */
    static final String PEOPLE = """
            WITH q AS (
                SELECT DISTINCT o.supporter_id FROM outbox o
                 WHERE o.campaign_id = :id AND o.status IN ('queued', 'sending') AND o.kind = 'campaign'
                   AND o.supporter_id IS NOT NULL),
            people AS (
                SELECT p.supporter_id, p.language, p.state, p.county,
                       p.recipient OR q.supporter_id IS NOT NULL AS recipient, p.sent,
                       p.delivered, p.failed, p.sent_at, p.clicked_at, p.acted_at, p.replied_at, p.opted_out_at
                  FROM campaign_people p LEFT JOIN q ON q.supporter_id = p.supporter_id
                 WHERE p.campaign_id = :id
                UNION ALL
                SELECT q.supporter_id, coalesce(s.language, 'en'), s.state, s.county, true, false, false, false, NULL,
                       NULL, NULL, NULL, NULL
                  FROM q JOIN supporters s ON s.id = q.supporter_id
                 WHERE NOT EXISTS (SELECT 1 FROM campaign_people p WHERE p.campaign_id = :id
                                                                    AND p.supporter_id = q.supporter_id))
            """;

    /**
     * The totals, each language, each county and the hours, in one pass over the campaign's people (grouping sets):
     * per hour, the people first sent, first clicking and first acting then (each person once, at their first time).
     * Public, like the statements below, for bench/ReportBench.java, which times them and prints their plans.
     */
    public static final String SUMMARY = PEOPLE + """
            SELECT GROUPING(language) AS no_language, GROUPING(state, county) AS no_county,
                   GROUPING(sent_hour) AS no_sent_hour, GROUPING(clicked_hour) AS no_clicked_hour,
                   GROUPING(acted_hour) AS no_acted_hour,
                   language, state, county, sent_hour, clicked_hour, acted_hour,
                   count(*) FILTER (WHERE recipient) AS recipients, count(*) FILTER (WHERE sent) AS sent,
                   count(*) FILTER (WHERE delivered) AS delivered, count(*) FILTER (WHERE failed) AS failed,
                   count(clicked_at) AS clicked, count(acted_at) AS acted, count(replied_at) AS replied,
                   count(opted_out_at) AS opted_out, count(sent_at) AS sent_then
              FROM (SELECT people.*, date_trunc('hour', sent_at AT TIME ZONE 'UTC') AS sent_hour,
                           date_trunc('hour', clicked_at AT TIME ZONE 'UTC') AS clicked_hour,
                           date_trunc('hour', acted_at AT TIME ZONE 'UTC') AS acted_hour
                      FROM people WHERE recipient OR acted_at IS NOT NULL) people
             GROUP BY GROUPING SETS ((), (language), (state, county), (sent_hour), (clicked_hour), (acted_hour))
             ORDER BY recipients DESC, state NULLS LAST, county NULLS LAST""";

    /** Failed messages (not people) per provider error code. */
    public static final String FAILURES = """
            SELECT coalesce(error_code, 'none') AS code, count(*) AS n FROM outbox
             WHERE campaign_id = :id AND kind = 'campaign' AND status = 'failed'
             GROUP BY 1 ORDER BY n DESC, code""";

    /**
     * report.csv: one row per recipient and channel, in one ordered pass over the campaign's outbox rows beside its
     * people, whose facts they share with the JSON report (none yet for someone whose messages are all queued).
     */
    public static final String CSV = """
            SELECT o.supporter_id, s.first_name, s.state, s.county, o.channel, o.status, o.error_code, p.clicked_at,
                   p.acted_at, p.replied_at, p.opted_out_at
              FROM outbox o
              LEFT JOIN campaign_people p ON p.campaign_id = o.campaign_id AND p.supporter_id = o.supporter_id
              JOIN supporters s ON s.id = o.supporter_id
             WHERE o.campaign_id = :id AND o.kind = 'campaign' AND o.supporter_id IS NOT NULL
             ORDER BY o.supporter_id, o.channel""";

    @JsonPropertyOrder({"recipients", "sent", "delivered", "failed", "clicked", "acted", "replied", "optedOut"})
    public record Counts(long recipients, long sent, long delivered, long failed, long clicked, long acted,
                         long replied, long optedOut) {}

    public record County(String state, String county, long recipients, long delivered, long clicked, long acted) {}

    public record Hour(Instant hour, long sent, long clicked, long acted) {}

    /**
     * The contract's fields, then {@code failuresByErrorCode}: failed messages (not people) per provider error code
     * ("none" when the provider gave none), so carrier filtering (30007) shows; and {@code upToDate}: false only
     * when more of the campaign's changes were waiting than a report catches up on (a million messages cancelled a
     * moment ago), so the people are those of a few seconds earlier.
     */
    @JsonPropertyOrder({"recipients", "sent", "delivered", "failed", "clicked", "acted", "replied", "optedOut",
            "byLanguage", "byCounty", "hourly", "failuresByErrorCode", "upToDate"})
    public record Report(long recipients, long sent, long delivered, long failed, long clicked, long acted,
                         long replied, long optedOut, Map<String, Counts> byLanguage, List<County> byCounty,
                         List<Hour> hourly, Map<String, Long> failuresByErrorCode, boolean upToDate) {}

    private final Jdbi jdbi;

    public CampaignReport(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Report report(long campaignId) {
        boolean upToDate = jdbi.withHandle(h -> ReportPeople.catchUp(h, campaignId));
        return jdbi.inTransaction(h -> {
            exists(h, campaignId);
            roomToSort(h);
            // One pass over the people for the totals, each language, each county and the hours (grouping sets).
            Counts[] total = new Counts[1];
            Map<String, Counts> byLanguage = new TreeMap<>();
            List<County> byCounty = new ArrayList<>();
            Map<Instant, long[]> hours = new TreeMap<>();
            h.createQuery(SUMMARY)
                    .bind("id", campaignId)
                    .map((rs, ctx) -> {
                        if (rs.getInt("no_language") == 0) {
                            byLanguage.put(rs.getString("language"), counts(rs));
                        } else if (rs.getInt("no_county") == 0) {
                            byCounty.add(new County(rs.getString("state"), rs.getString("county"),
                                    rs.getLong("recipients"), rs.getLong("delivered"), rs.getLong("clicked"),
                                    rs.getLong("acted")));
                        } else if (rs.getInt("no_sent_hour") == 0) {
                            // Everyone first sent in that hour, also those whose message failed later on.
                            hour(hours, rs, "sent_hour")[0] += rs.getLong("sent_then");
                        } else if (rs.getInt("no_clicked_hour") == 0) {
                            hour(hours, rs, "clicked_hour")[1] += rs.getLong("clicked");
                        } else if (rs.getInt("no_acted_hour") == 0) {
                            hour(hours, rs, "acted_hour")[2] += rs.getLong("acted");
                        } else {
                            total[0] = counts(rs);
                        }
                        return 0;
                    }).list();
            List<Hour> hourly = new ArrayList<>();
            hours.forEach((hour, n) -> hourly.add(new Hour(hour, n[0], n[1], n[2])));
            Map<String, Long> failures = new LinkedHashMap<>();
            h.createQuery(FAILURES)
                    .bind("id", campaignId).map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getLong("n")))
                    .forEach(e -> failures.put(e.getKey(), e.getValue()));
            Counts t = total[0];
            return new Report(t.recipients(), t.sent(), t.delivered(), t.failed(), t.clicked(), t.acted(), t.replied(),
                    t.optedOut(), byLanguage, byCounty, hourly, failures, upToDate);
        });
    }

    static final String[] CSV_COLUMNS = {"supporter_id", "first_name", "state", "county", "channel", "status",
            "error_code", "clicked_at", "acted_at", "replied_at", "opted_out_at"};

    /** 404 now, before the CSV's streaming starts, for a campaign that does not exist. */
    public void requireCampaign(long campaignId) {
        jdbi.useHandle(h -> exists(h, campaignId));
    }

    /**
     * One row per recipient and channel, streamed from a cursor (a 100,000-recipient campaign is never held in
     * memory). Cells a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) get
     * a leading '.
     */
    public void csv(long campaignId, OutputStream out) {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        jdbi.useHandle(h -> ReportPeople.catchUp(h, campaignId));
        jdbi.useTransaction(h -> {
            roomToSort(h);
            try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS).get())) {
                h.createQuery(CSV)
                        .bind("id", campaignId)
                        .setFetchSize(1000)
                        .map((rs, ctx) -> csvRow(rs))
                        .useStream(rows -> rows.forEach(row -> {
                            try {
                                printer.printRecord((Object[]) row);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }));
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String[] csvRow(ResultSet rs) throws SQLException {
        return new String[] {String.valueOf(rs.getLong("supporter_id")), safe(rs.getString("first_name")),
                safe(rs.getString("state")), safe(rs.getString("county")), rs.getString("channel"), rs.getString("status"),
                safe(rs.getString("error_code")), time(rs, "clicked_at"), time(rs, "acted_at"), time(rs, "replied_at"),
                time(rs, "opted_out_at")};
    }

    /** CSV injection: a cell a spreadsheet would read as a formula is made text. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    private static String time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? "" : t.toInstant().toString();
    }

    /** The counts of an hour of the hourly grouping sets ({sent, clicked, acted}); a dummy for the no-time group. */
    private static long[] hour(Map<Instant, long[]> hours, ResultSet rs, String column) throws SQLException {
        java.time.LocalDateTime hour = rs.getObject(column, java.time.LocalDateTime.class);
        return hour == null ? new long[3]
                : hours.computeIfAbsent(hour.toInstant(java.time.ZoneOffset.UTC), x -> new long[3]);
    }

    private static Counts counts(ResultSet rs) throws SQLException {
        return new Counts(rs.getLong("recipients"), rs.getLong("sent"), rs.getLong("delivered"), rs.getLong("failed"),
                rs.getLong("clicked"), rs.getLong("acted"), rs.getLong("replied"), rs.getLong("opted_out"));
    }

    /**
     * A 100,000-recipient campaign's people are hashed and sorted in memory rather than in temporary files (the
     * default 4 MB spilled, bench/ReportBench.java); for this transaction only.
     */
    static void roomToSort(Handle h) {
        h.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
    }

    /** The report's work_mem (public for bench/ReportBench.java, which explains the statements with it). */
    public static final String WORK_MEM = "32MB";

    private static void exists(Handle h, long campaignId) {
        h.attach(CampaignDao.class).find(campaignId).orElseThrow(() -> ApiException.notFound("Campaign"));
    }
}
