import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.actionalerts.actions.CampaignReport;

/**
 * The campaign report on a large campaign (issue 15): seeds, with set-based SQL, a finished Take Action campaign
 * to N recipients (texts to all, emails to 40 %; delivered, sent and failed with realistic error codes; short links,
 * 18 % clicked; 6.5 % acted by reply, by staff or from an import, plus walk-ins who were not sent it; 4 % replies,
 * 1.5 % STOPs; 32 counties in two states, four languages), beside an older campaign to N people so the tables hold
 * other campaigns' rows too. Then times GET /api/v1/campaigns/{id}/report and report.csv (CALLS each, after an
 * unmeasured warm-up of 3 each) and prints EXPLAIN (ANALYZE, BUFFERS) of each of the report's statements, taken
 * from the service's own classes ({@link CampaignReport}).
 *
 * <p>The machine may be shared, so besides the wall-clock times it prints the CPU time each call cost in the service
 * and in this database's PostgreSQL processes (Linux /proc; the children of POSTMASTER_PID only): roughly what a call
 * takes on an idle core.
 *
 *   java -cp target/action-alerts.jar bench/ReportBench.java JDBC_URL BASE_URL TOKEN N CALLS SERVICE_PID POSTMASTER_PID
 */
public class ReportBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String jdbc = args[0];
        String base = args[1];
        String token = args[2];
        int n = Integer.parseInt(args[3]);
        int calls = Integer.parseInt(args[4]);
        long servicePid = Long.parseLong(args[5]);
        long postmasterPid = Long.parseLong(args[6]);
        long campaign;
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", ""); Statement st = db.createStatement()) {
            long t0 = System.nanoTime();
            campaign = seed(st, n);
            System.out.printf(Locale.ROOT, "seeded campaign %d (%,d recipients) and an older one in %.1f s%n", campaign, n,
                    (System.nanoTime() - t0) / 1e9);
            try (ResultSet rs = st.executeQuery("""
                    SELECT (SELECT count(*) FROM supporters), (SELECT count(*) FROM outbox), (SELECT count(*) FROM action_links),
                           (SELECT count(*) FROM actions), (SELECT count(*) FROM inbound_messages)""")) {
                rs.next();
                System.out.printf(Locale.ROOT, "rows: supporters %,d, outbox %,d, action_links %,d, actions %,d,"
                        + " inbound_messages %,d%n", rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }
        String json = base + "/api/v1/campaigns/" + campaign + "/report";
        String csv = json + ".csv";
        for (int i = 0; i < 3; i++) {
            get(json, token);
            get(csv, token);
        }
        String body = new String(get(json, token), StandardCharsets.UTF_8);
        System.out.println("report: " + body.substring(0, Math.min(body.length(), body.indexOf(",\"byLanguage\"") + 1))
                + " … " + body.substring(Math.max(0, body.indexOf("\"failuresByErrorCode\""))));
        byte[] file = get(csv, token);
        long lines = new String(file, StandardCharsets.UTF_8).lines().count();
        System.out.printf(Locale.ROOT, "report.csv: %,d lines, %,d bytes%n", lines, file.length);
        System.out.printf(Locale.ROOT, "load average before timing: %s%n", loadAverage());
        double[] cpu0 = cpu(servicePid, postmasterPid);
        double[] j = time(json, token, calls);
        double[] cpu1 = cpu(servicePid, postmasterPid);
        double[] c = time(csv, token, calls);
        double[] cpu2 = cpu(servicePid, postmasterPid);
        System.out.printf(Locale.ROOT, "  GET report      %d calls: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", calls, j[0], j[1], j[2]);
        System.out.printf(Locale.ROOT, "  GET report.csv  %d calls: p50 %.0f ms, p99 %.0f ms, max %.0f ms (whole file read)%n",
                calls, c[0], c[1], c[2]);
        System.out.printf(Locale.ROOT, "  CPU per call: report service %.0f ms + PostgreSQL %.0f ms; report.csv service %.0f ms"
                + " + PostgreSQL %.0f ms%n", (cpu1[0] - cpu0[0]) / calls, (cpu1[1] - cpu0[1]) / calls,
                (cpu2[0] - cpu1[0]) / calls, (cpu2[1] - cpu1[1]) / calls);
        System.out.printf(Locale.ROOT, "RESULT report n=%d calls=%d json_p50_ms=%.0f json_p99_ms=%.0f json_max_ms=%.0f"
                + " csv_p50_ms=%.0f csv_p99_ms=%.0f csv_max_ms=%.0f load=\"%s\"%n", n, calls, j[0], j[1], j[2], c[0], c[1], c[2],
                loadAverage());
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", ""); Statement st = db.createStatement()) {
            st.execute("SET work_mem = '" + CampaignReport.WORK_MEM + "'"); // as the report's own transactions
            explain(st, "SUMMARY (totals, languages, counties, hours)", CampaignReport.SUMMARY, campaign);
            explain(st, "FAILURES (by error code)", CampaignReport.FAILURES, campaign);
            explain(st, "CSV", CampaignReport.CSV, campaign);
        }
    }

    static long seed(Statement st, int n) throws Exception {
        long before;
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM supporters")) {
            rs.next();
            before = rs.getLong(1);
        }
        // 1.5 N people: 1..N get the campaign, N/2+1..1.5N got the older one; 300 walk-ins after N acted unsent.
        st.executeUpdate("""
                INSERT INTO supporters (first_name, last_name, phone, email, language, state, county, tags, sms_status,
                                        email_status)
                SELECT (ARRAY['Maria', 'José', 'Ana', 'Luis', 'Fatima', 'Jean', 'Nguyen', 'Carmen'])[1 + g %% 8] || g,
                       'ReportBench', '+1301' || lpad((3000000 + %1$d + g)::text, 7, '0'),
                       CASE WHEN g %% 5 < 2 THEN 'report' || (%1$d + g) || '@example.org' END,
                       CASE WHEN g %% 20 < 11 THEN 'en' WHEN g %% 20 < 18 THEN 'es' WHEN g %% 20 = 18 THEN 'fr' ELSE 'pt' END,
                       CASE WHEN (g * 7) %% 10 = 0 THEN 'VA' ELSE 'MD' END,
                       CASE WHEN (g * 7) %% 10 = 0
                            THEN (ARRAY['Fairfax', 'Arlington', 'Prince William', 'Loudoun', 'Alexandria', 'Henrico',
                                        'Chesterfield', 'Richmond'])[1 + (g / 10) %% 8]
                            ELSE (ARRAY['Montgomery', 'Prince George''s', 'Baltimore County', 'Baltimore City',
                                        'Anne Arundel', 'Howard', 'Frederick', 'Harford', 'Carroll', 'Charles',
                                        'Washington', 'St. Mary''s', 'Cecil', 'Wicomico', 'Calvert', 'Allegany',
                                        'Worcester', 'Talbot', 'Queen Anne''s', 'Dorchester', 'Garrett', 'Caroline',
                                        'Somerset', 'Kent'])[1 + (g * 13) %% 24] END || ' County',
                       ARRAY['report-bench'], 'subscribed', CASE WHEN g %% 5 < 2 THEN 'subscribed' ELSE 'none' END
                  FROM generate_series(1, %2$d) AS g""".formatted(before, n + n / 2));
        st.execute("CREATE TEMP TABLE p AS SELECT id - " + before + " AS g, id, phone, email FROM supporters WHERE id > " + before);
        st.execute("CREATE INDEX ON p (g)");
        // The messages are written as the service writes them: queued, then their outcomes in set-based updates
        // (the database keeps the report's campaign_people from those updates, migration 0026).
        st.execute("CREATE TEMP TABLE seeded_outbox AS SELECT * FROM outbox WHERE false");
        long older = campaign(st, "Older alert (report bench)", "now() - interval '9 days'");
        long id = campaign(st, "Call the sheriff (report bench)", "now() - interval '26 hours'");
        // The older campaign: N texts, delivered.
        st.executeUpdate("""
                INSERT INTO seeded_outbox (kind, campaign_id, supporter_id, channel, needs_consent, priority, status, recipient,
                                    body, not_before, provider_id, created_at, sent_at, updated_at)
                SELECT 'campaign', c.id, p.id, 'sms', true, 2, 'delivered', p.phone, 'Vote tomorrow: https://alerts.example.org/a/x',
                       c.launched_at, 'SMold' || md5(p.g::text), c.launched_at, c.launched_at + p.g * interval '10 ms',
                       c.launched_at + p.g * interval '10 ms' + interval '4 s'
                  FROM p, campaigns c WHERE c.id = %d AND p.g > %d AND p.g <= %d""".formatted(older, n / 2, n + n / 2));
        // This campaign: texts to all (90 %% delivered, 5 %% sent, 5 %% failed), emails to those with an address.
        st.executeUpdate("""
                INSERT INTO seeded_outbox (kind, campaign_id, supporter_id, channel, needs_consent, priority, status, recipient,
                                    body, not_before, provider_id, error_code, created_at, sent_at, updated_at)
                SELECT 'campaign', c.id, p.id, 'sms', true, 2,
                       CASE WHEN r < 900 THEN 'delivered' WHEN r < 950 THEN 'sent' ELSE 'failed' END, p.phone,
                       'Immigrant Rights Now: the county votes on 287(g) tomorrow. Call the sheriff: '
                           || 'https://alerts.example.org/a/' || substr(md5('sms' || p.g), 1, 10) || ' Reply STOP to opt out',
                       c.launched_at, 'SM' || md5('sms' || p.g),
                       CASE WHEN r < 950 THEN NULL WHEN r < 975 THEN '30007' WHEN r < 985 THEN '30003'
                            WHEN r < 990 THEN '30006' WHEN r < 995 THEN '21610' ELSE '30005' END,
                       c.launched_at, CASE WHEN r < 950 THEN c.launched_at + p.g * interval '10 ms' END,
                       c.launched_at + p.g * interval '10 ms' + interval '5 s'
                  FROM (SELECT p.*, (p.g * 7919) %% 1000 AS r FROM p WHERE p.g <= %d) p, campaigns c
                 WHERE c.id = %d""".formatted(n, id));
        st.executeUpdate("""
                INSERT INTO seeded_outbox (kind, campaign_id, supporter_id, channel, needs_consent, priority, status, recipient,
                                    subject, body, not_before, provider_id, error_code, created_at, sent_at, updated_at)
                SELECT 'campaign', c.id, p.id, 'email', true, 2, CASE WHEN (p.g * 31) %% 100 < 97 THEN 'sent' ELSE 'failed' END,
                       p.email, 'The vote is tomorrow', 'Call the sheriff: https://alerts.example.org/a/' || substr(md5('email' || p.g), 1, 10),
                       c.launched_at, NULL, CASE WHEN (p.g * 31) %% 100 >= 97 THEN '550' END, c.launched_at,
                       CASE WHEN (p.g * 31) %% 100 < 97 THEN c.launched_at + p.g * interval '12 ms' END,
                       c.launched_at + p.g * interval '12 ms' + interval '1 s'
                  FROM p, campaigns c WHERE c.id = %d AND p.g <= %d AND p.email IS NOT NULL""".formatted(id, n));
        st.executeUpdate("""
                INSERT INTO outbox (kind, campaign_id, supporter_id, channel, needs_consent, priority, recipient, subject,
                                    body, not_before, provider_id, created_at)
                SELECT kind, campaign_id, supporter_id, channel, needs_consent, priority, recipient, subject, body,
                       not_before, provider_id, created_at FROM seeded_outbox""");
        st.executeUpdate("""
                UPDATE outbox o SET status = s.status, error_code = s.error_code, sent_at = s.sent_at, updated_at = s.updated_at
                  FROM seeded_outbox s
                 WHERE o.campaign_id = s.campaign_id AND o.supporter_id = s.supporter_id AND o.channel = s.channel""");
        // A short link per message; 18 %% of recipients click (some twice or more), over the day after the launch.
        st.executeUpdate("""
                INSERT INTO action_links (code, campaign_id, supporter_id, channel, created_at, first_clicked_at, clicks)
                SELECT substr(md5(o.channel || p.g), 1, 10) || CASE WHEN o.campaign_id = %1$d THEN '' ELSE 'o' END,
                       o.campaign_id, o.supporter_id, o.channel, o.created_at,
                       CASE WHEN (p.g * 104729) %% 1000 < 180 AND o.sent_at IS NOT NULL
                            THEN o.sent_at + ((p.g * 37) %% 72000) * interval '1 s' END,
                       CASE WHEN (p.g * 104729) %% 1000 < 180 AND o.sent_at IS NOT NULL THEN 1 + p.g %% 3 ELSE 0 END
                  FROM outbox o JOIN p ON p.id = o.supporter_id WHERE o.kind = 'campaign'""".formatted(id));
        // 6.5 %% act: by reply, recorded by staff, or from a sign-in sheet; and 300 walk-ins who were not sent it.
        st.executeUpdate("""
                INSERT INTO actions (campaign_id, supporter_id, type, source, note, recorded_by, at)
                SELECT %1$d, p.id, CASE WHEN p.g %% 10 < 7 THEN 'call' WHEN p.g %% 10 < 9 THEN 'signed' ELSE 'attended' END,
                       CASE WHEN p.g %% 10 < 5 THEN 'reply' WHEN p.g %% 10 < 8 THEN 'staff' ELSE 'import' END, NULL, NULL,
                       c.launched_at + interval '20 minutes' + ((p.g * 53) %% 80000) * interval '1 s'
                  FROM p, campaigns c WHERE c.id = %1$d AND ((p.g <= %2$d AND (p.g * 65537) %% 1000 < 65)
                                                             OR (p.g > %2$d AND p.g <= %2$d + 300))""".formatted(id, n));
        // Replies (4 %%) and STOPs (1.5 %%) attributed to this campaign, and replies to the older one.
        st.executeUpdate("""
                INSERT INTO inbound_messages (message_sid, supporter_id, channel, body, kind, campaign_id, received_at,
                                              processed_at)
                SELECT 'SMin' || md5(c.id || '-' || p.g), p.id, 'sms',
                       CASE WHEN (p.g * 7877) %% 1000 < 40 THEN 'DONE, called them' ELSE 'STOP' END,
                       CASE WHEN (p.g * 7877) %% 1000 < 40 THEN 'reply' ELSE 'opt-out' END, c.id,
                       c.launched_at + interval '3 minutes' + ((p.g * 11) %% 40000) * interval '1 s',
                       c.launched_at + interval '3 minutes' + ((p.g * 11) %% 40000) * interval '1 s'
                  FROM p, campaigns c
                 WHERE ((c.id = %1$d AND p.g <= %2$d) OR (c.id = %3$d AND p.g > %2$d / 2))
                   AND (p.g * 7877) %% 1000 < 55""".formatted(id, n, older));
        for (String table : new String[] {"supporters", "outbox", "action_links", "actions", "inbound_messages", "campaigns"}) {
            st.execute("VACUUM ANALYZE " + table);
        }
        return id;
    }

    static long campaign(Statement st, String name, String launched) throws Exception {
        try (ResultSet rs = st.executeQuery("""
                INSERT INTO campaigns (name, action_url, channels, audience, templates, status, created_by, created_at,
                                       launched_at, finished_at)
                VALUES ('%s', 'https://example.org/call-the-sheriff', ARRAY['sms', 'email'],
                        '{"tags": ["report-bench"]}', '{"sms": {"body": {"en": "Call: {{actionUrl}}"}}}', 'completed',
                        'bench', %s, %s, %s + interval '30 minutes') RETURNING id""".formatted(name, launched, launched, launched))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static byte[] get(String url, String token) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] body = in.readAllBytes();
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(body, StandardCharsets.UTF_8));
            }
            return body;
        }
    }

    /** {p50, p99, max} in ms of {@code calls} sequential calls, each timed to its last byte. */
    static double[] time(String url, String token, int calls) throws Exception {
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            get(url, token);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return new double[] {ns[calls / 2] / 1e6, ns[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)] / 1e6,
                ns[calls - 1] / 1e6};
    }

    static void explain(Statement st, String name, String sql, long campaign) throws Exception {
        System.out.println();
        System.out.println("EXPLAIN (ANALYZE, BUFFERS) " + name + ":");
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql.replaceAll(":id\\b", Long.toString(campaign)))) {
            while (rs.next()) {
                System.out.println("  " + rs.getString(1));
            }
        }
    }

    /** CPU time used so far in ms: {the service's process, the postmaster and its children}. */
    static double[] cpu(long servicePid, long postmasterPid) throws Exception {
        double postgres = 0;
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = java.nio.file.Files.readString(p.resolve("stat"));
                    if (Long.parseLong(p.getFileName().toString()) == postmasterPid || field(stat, 1) == postmasterPid) {
                        postgres += ticks(stat);
                    }
                } catch (java.io.IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return new double[] {ticks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + servicePid + "/stat"))),
                postgres};
    }

    /** utime + stime in ms (clock ticks of 10 ms). */
    static double ticks(String stat) {
        return (field(stat, 11) + field(stat, 12)) * 10.0;
    }

    /** A field of /proc/PID/stat, counted from the one after the command's name (1 ppid, 11 utime, 12 stime). */
    static long field(String stat, int i) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[i]);
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
