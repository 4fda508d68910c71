import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resilience harness (issue 13, point 1): real processes - one standalone PostgreSQL server, the fake Twilio
 * (bench/FakeTwilioServer.java) and 2-3 service instances ({@code java -jar}, separate JVMs) on it - and the
 * scenarios of the issue, each printing its figures and a PASS/FAIL line. Exits 1 if any scenario failed.
 *
 * <pre>
 *   java -cp postgresql.jar bench/ResilienceHarness.java JAR N SCENARIO...
 *   SCENARIO: shared crashes provider database flood
 * </pre>
 * bench/run-resilience.sh builds the jar, finds the driver and runs this. Findings that the brief says another
 * engineer is adding (the SMS health check during a provider outage) are printed as NOTE, not failed.
 */
public class ResilienceHarness {
    static final int RATE = Integer.parseInt(env("SMS_RATE", "100"));
    static final int INSTANCES = Integer.parseInt(env("INSTANCES", "3"));
    static final int PG_PORT = Integer.parseInt(env("PG_PORT", "18532"));
    static final int FAKE_PORT = Integer.parseInt(env("FAKE_PORT", "18590"));
    static final int BASE_PORT = Integer.parseInt(env("BASE_PORT", "18600")); // instance i: BASE+2i (HTTP), +1 (admin)
    static final String PUBLIC_BASE = "https://alerts.example.org";
    static final String TWILIO_TOKEN = "resilience-twilio-auth-token";
    static final String ADMIN_TOKEN = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final String FAKE = "http://127.0.0.1:" + FAKE_PORT;
    /**
     * The 503 JSON in a database outage and the sms health check following a provider outage are checked (they
     * were added after the harness); STRICT=0 reports them as NOTE lines only, for a jar built before they existed.
     */
    static final boolean STRICT = !"0".equals(System.getenv("STRICT"));

    static Path work;
    static String jar;
    static String config;
    static Postgres pg;
    static Process fake;
    static final List<Instance> instances = new ArrayList<>();
    static final Map<String, Boolean> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        jar = args[0];
        int n = Integer.parseInt(args[1]);
        List<String> scenarios = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of("shared", "crashes", "provider", "database", "flood");
        work = Files.createTempDirectory("resilience.");
        Runtime.getRuntime().addShutdownHook(new Thread(ResilienceHarness::stopAll));
        System.out.printf("machine: %d cores, load %s; work dir %s; %d instances, SMS_RATE_PER_SECOND=%d%n",
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim(), work, INSTANCES, RATE);
        config = writeConfig();
        pg = new Postgres(work.resolve("pg"), PG_PORT);
        pg.initAndStart();
        // The fake is the measuring instrument: as root it runs at a higher priority, so that its arrival times are
        // not bunched by the service instances competing with it for the two cores.
        List<String> fakeCommand = new ArrayList<>(List.of("java", "bench/FakeTwilioServer.java", Integer.toString(FAKE_PORT), "0", "3600"));
        if ("root".equals(System.getProperty("user.name"))) {
            fakeCommand.addAll(0, List.of("nice", "-n", "-10"));
        }
        fake = new ProcessBuilder(fakeCommand)
                .redirectErrorStream(true).redirectOutput(work.resolve("fake.log").toFile()).start();
        waitFor("fake Twilio", 30, () -> httpGet(FAKE + "/bench/count") != null);
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new Instance(i));
        }
        for (Instance in : instances) { // one at a time: the first runs the migrations
            in.start();
        }
        for (String s : scenarios) {
            System.out.println("\n=== " + s + " ===");
            boolean ok;
            try {
                ok = switch (s) {
                    case "shared" -> shared(n);
                    case "crashes" -> crashes(n);
                    case "provider" -> provider(n);
                    case "database" -> database(n);
                    case "flood" -> flood(n);
                    default -> throw new IllegalArgumentException("unknown scenario " + s);
                };
            } catch (Exception e) {
                e.printStackTrace(System.out);
                ok = false;
            }
            results.put(s, ok);
            System.out.println((ok ? "PASS " : "FAIL ") + s);
            for (Instance in : instances) { // a scenario that left one down must not spoil the next
                if (!in.alive()) {
                    in.start();
                }
            }
        }
        System.out.println("\nRESULTS " + results);
        System.exit(results.containsValue(false) ? 1 : 0);
    }

    // ---- scenarios ---------------------------------------------------------------------------------------------

    /** (a) N recipients across the instances: each exactly once, every instance a share, no second above the rate. */
    static boolean shared(int n) throws Exception {
        Map<Instance, Long> before = acceptedByInstance();
        Campaign c = Campaign.launch("shared", n, instances.get(0));
        c.awaitDone(Duration.ofSeconds(n / RATE * 3L + 120));
        Map<Instance, Long> after = acceptedByInstance();
        boolean ok = c.report();
        for (Instance in : instances) {
            long share = after.get(in) - before.get(in);
            System.out.printf("  instance %d sent %,d (delivery.sms.accepted)%n", in.index, share);
            ok &= check(share > 0, "instance " + in.index + " sent a share");
        }
        return ok;
    }

    /**
     * (b) kill -9 of the last instance three times during dispatch, restarted each time; then SIGTERM of every
     * instance mid-dispatch: no row may be left "sending" with a lease. Needs a campaign long enough for three
     * restarts: at least 60 s of sending.
     */
    static boolean crashes(int n) throws Exception {
        int size = Math.max(n, RATE * 60);
        Campaign c = Campaign.launch("crash", size, instances.get(0));
        Instance victim = instances.get(instances.size() - 1);
        boolean ok = true;
        for (int k = 1; k <= 3; k++) {
            int target = c.delivered() + RATE * 2; // two seconds of sending after the (re)start
            waitFor("sends before kill " + k, 120, () -> c.delivered() >= target);
            victim.kill9();
            System.out.printf("  kill -9 #%d of instance %d at %,d delivered; leased rows now %d%n", k, victim.index,
                    c.delivered(), leasedRows());
            victim.start();
        }
        if (c.delivered() >= size) {
            System.out.println("  NOTE: the campaign finished before the SIGTERM step; it ran on idle instances");
        }
        // The killed instance's rows keep their lease (20 s) until the reconciler settles them: only rows claimed
        // from now on are the SIGTERM's to drain.
        String sigtermAt = sqlString("SELECT now()::text");
        Thread.sleep(2000); // the restarted instance takes part in the dispatch first
        for (Instance in : instances) {
            in.sigterm();
        }
        for (Instance in : instances) {
            in.awaitExit(60);
        }
        long leased = sqlLong("SELECT count(*) FROM outbox WHERE status = 'sending' AND lease_until > now()"
                + " AND claimed_at >= '" + sigtermAt + "'");
        System.out.printf("  SIGTERM of all %d instances at %,d delivered: rows claimed since then still 'sending' with a"
                + " lease: %d (the kill -9 victim's, waiting for the reconciler: %d)%n", instances.size(), c.delivered(),
                leased, leasedRows() - leased);
        ok &= check(leased == 0, "SIGTERM leaves no leased row");
        for (Instance in : instances) {
            in.start();
        }
        c.awaitDone(Duration.ofSeconds(size / RATE * 2L + 180));
        return c.report() && ok;
    }

    /** (c) the fake answers 503 for 30 s, then 429 with Retry-After for 10 s, then recovers. */
    static boolean provider(int n) throws Exception {
        Campaign c = Campaign.launch("provider", n, instances.get(0));
        waitFor("first sends", 60, () -> c.delivered() >= Math.min(n / 10, RATE));
        fakeMode("503", 0);
        List<String> health = new ArrayList<>();
        health.add("503: " + sampleSmsHealth(30));
        fakeMode("429", 5);
        health.add("429 (Retry-After 5): " + sampleSmsHealth(10));
        fakeMode("ok", 0);
        health.add("recovered: " + sampleSmsHealth(6));
        c.awaitDone(Duration.ofMinutes(6));
        System.out.println("  /healthcheck 'sms' on instance 0, sampled every 2 s:");
        health.forEach(h -> System.out.println("    " + h));
        boolean healthOk = health.get(0).contains("unhealthy") && health.get(2).endsWith("healthy")
                && !health.get(2).endsWith("unhealthy");
        if (STRICT) {
            return check(healthOk, "sms health unhealthy while failing, healthy after") & c.report();
        }
        if (!healthOk) {
            System.out.println("  NOTE: the sms health check did not follow the outage (STRICT=0: reported only)");
        }
        return c.report();
    }

    /**
     * (d) PostgreSQL stopped for 10 s mid-run: what the API and the webhook answer meanwhile; recovery without a
     * restart; nothing accepted lost; a STOP refused during the outage and retried by "Twilio" afterwards works.
     */
    static boolean database(int n) throws Exception {
        Campaign c = Campaign.launch("database", n, instances.get(0));
        String stopper = c.phones.get(c.phones.size() - 1); // claimed last: not yet texted when it sends STOP
        waitFor("first sends", 60, () -> c.delivered() >= Math.min(n / 5, RATE * 2));
        long pids = instances.stream().mapToLong(Instance::pid).sum();
        pg.stop();
        long down = System.nanoTime();
        Map<String, Integer> apiAnswers = new TreeMap<>();
        Map<String, Integer> hookAnswers = new TreeMap<>();
        String sampleApi = null;
        String sid = "SMdbstop" + System.currentTimeMillis();
        boolean ok = true;
        while (System.nanoTime() - down < 10_000_000_000L) {
            Instance in = instances.get(apiAnswers.values().stream().mapToInt(i -> i).sum() % instances.size());
            HttpResponse<String> api = in.api("GET", "/api/v1/campaigns/" + c.id, null);
            String key = api.statusCode() + " " + api.headers().firstValue("Content-Type").orElse("-");
            apiAnswers.merge(key, 1, Integer::sum);
            if (api.statusCode() != 200 && sampleApi == null) {
                sampleApi = api.statusCode() + " " + api.body();
            }
            hookAnswers.merge(Integer.toString(in.webhook(sid, stopper, "STOP").statusCode()), 1, Integer::sum);
            Thread.sleep(500);
        }
        pg.start();
        System.out.printf("  PostgreSQL down 10 s. JSON API answers: %s; e.g. %s%n", apiAnswers, abbreviate(sampleApi));
        System.out.printf("  STOP webhook answers during the outage: %s%n", hookAnswers);
        boolean api503 = apiAnswers.keySet().stream().allMatch(k -> k.startsWith("200") || k.startsWith("503 application/json"));
        if (STRICT || api503) {
            ok &= check(api503, "the API answers 503 JSON (or 200) while the database is down");
        } else {
            System.out.println("  NOTE: the API did not answer 503 JSON while the database was down (STRICT=0: reported only)");
        }
        ok &= check(hookAnswers.keySet().stream().allMatch(k -> k.equals("503")), "the webhook answers 503 so Twilio retries");
        // Twilio retries the refused STOP; keep retrying (as Twilio would) until the database is back.
        long retryFrom = System.nanoTime();
        int status = 0;
        while (System.nanoTime() - retryFrom < 60_000_000_000L && (status = instances.get(1 % instances.size())
                .webhook(sid, stopper, "STOP").statusCode()) != 200) {
            Thread.sleep(1000);
        }
        System.out.printf("  retried STOP answered %d after %.1f s%n", status, (System.nanoTime() - retryFrom) / 1e9);
        c.awaitDone(Duration.ofSeconds(n / RATE * 3L + 180));
        ok &= check(instances.stream().mapToLong(Instance::pid).sum() == pids && instances.stream().allMatch(Instance::alive),
                "recovered without a restart");
        waitFor("the STOP to be acted on", 30, () -> "unsubscribed".equals(sqlString(
                "SELECT sms_status FROM supporters WHERE phone = '" + stopper + "'")));
        ok &= check(sqlLong("SELECT count(*) FROM inbound_messages WHERE message_sid = '" + sid + "'") == 1,
                "the retried STOP is recorded once");
        c.excused.add(stopper); // unsubscribed before its turn: not texted is right
        return c.report() && ok;
    }

    /**
     * (e) 5,000 inbound texts in 10 s across the instances while a campaign to their senders dispatches; every
     * tenth is a STOP from a recipient whose alert is due about 2 s later, the rest replies. Each text must be
     * recorded exactly once, and nobody may get an alert more than a second after their STOP was answered.
     */
    static boolean flood(int n) throws Exception {
        int texts = Integer.parseInt(env("FLOOD_TEXTS", "5000"));
        Campaign c = Campaign.launch("flood", n, instances.get(0));
        waitFor("the campaign to be under way", 60, () -> c.delivered() >= RATE);
        int base = c.delivered();
        String prefix = "SMflood" + System.currentTimeMillis() + "x";
        long interval = 10_000_000_000L / texts;
        java.util.Set<String> stoppers = new java.util.LinkedHashSet<>();
        List<String[]> plan = new ArrayList<>(); // {phone, body}
        for (int k = 0; k < texts; k++) {
            int due = (int) Math.min(n - 1, base + RATE / RateLimiterSpacing.SAFETY * (k * interval / 1e9 + 2.0));
            String phone = c.phones.get(due);
            if (k % 10 == 0 && stoppers.add(phone)) {
                plan.add(new String[] {phone, "STOP"});
            } else {
                plan.add(new String[] {c.phones.get(k % Math.max(1, base)), "Llamé, gracias"});
            }
        }
        Map<String, Long> stopAnsweredMicros = new ConcurrentHashMap<>();
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(48);
        long start = System.nanoTime() + 200_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            int k = i;
            done.add(pool.submit(() -> {
                long wait = start + k * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String[] text = plan.get(k);
                int code = instances.get(k % instances.size()).webhook(prefix + k, text[0], text[1]).statusCode();
                answers.merge(code, 1, Integer::sum);
                if (code == 200 && text[1].equals("STOP")) {
                    stopAnsweredMicros.put(text[0], nowMicros());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %,d inbound texts (%,d STOP, each ~2 s before its sender's alert) sent in %.1f s; answers %s%n",
                texts, stoppers.size(), took, answers);
        c.awaitDone(Duration.ofSeconds(n / RATE * 3L + 120));
        String mine = "message_sid LIKE '" + prefix + "%'";
        long t0 = System.nanoTime();
        waitFor("inbound processing", 180, () -> sqlLong("SELECT count(*) FROM inbound_messages WHERE " + mine
                + " AND processed_at IS NULL") == 0);
        System.out.printf("  every text acted on %.1f s after the campaign finished%n", (System.nanoTime() - t0) / 1e9);
        long recorded = sqlLong("SELECT count(*) FROM inbound_messages WHERE " + mine);
        long optOuts = sqlLong("SELECT count(*) FROM inbound_messages WHERE " + mine + " AND kind = 'opt-out'");
        System.out.printf("  recorded %,d inbound rows for %,d texts (%,d opt-out); STOP received → acted on: %s%n",
                recorded, texts, optOuts, sqlString("SELECT 'p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY"
                        + " extract(epoch FROM processed_at - received_at))::numeric, 2) || ' s, max '"
                        + " || round(max(extract(epoch FROM processed_at - received_at))::numeric, 2) || ' s'"
                        + " FROM inbound_messages WHERE " + mine + " AND kind = 'opt-out'"));
        boolean ok = check(answers.getOrDefault(200, 0) == texts, "every webhook answered 200");
        ok &= check(recorded == texts, "each text recorded exactly once");
        ok &= check(optOuts == stoppers.size(), "each STOP recorded as an opt-out");
        int late = 0;
        long worst = Long.MIN_VALUE;
        for (FakeLog.Entry e : FakeLog.read()) {
            Long answered = stopAnsweredMicros.get(e.to());
            if (answered != null && e.accepted() && e.word().equals(c.marker)) {
                worst = Math.max(worst, e.micros() - answered);
                if (e.micros() - answered > 1_000_000) {
                    late++;
                }
            }
        }
        System.out.printf("  alerts to STOP senders after their STOP was answered: %d more than 1 s later; latest %s%n", late,
                worst == Long.MIN_VALUE ? "none after" : String.format(Locale.ROOT, "%+.3f s", worst / 1e6));
        ok &= check(late == 0, "no alert more than a second after a STOP");
        c.excused.addAll(stopAnsweredMicros.keySet()); // opted out before their turn: not texted is right
        return c.report() && ok;
    }

    /** The rate limiter's spacing factor (RateLimiter.SAFETY): sends run at RATE / 1.08 per second. */
    static final class RateLimiterSpacing {
        static final double SAFETY = 1.08;
    }

    // ---- a campaign and its checks -------------------------------------------------------------------------------

    static final class Campaign {
        final String tag;
        final String marker;
        final long id;
        final int n;
        final List<String> phones;
        final java.util.Set<String> excused = ConcurrentHashMap.newKeySet();
        final long startMicros = nowMicros();

        private Campaign(String tag, long id, int n, List<String> phones) {
            this.tag = tag;
            this.marker = "ALERT-" + tag;
            this.id = id;
            this.n = n;
            this.phones = phones;
        }

        /** Seeds N subscribed supporters tagged uniquely (SQL: a harness shortcut), creates and launches a campaign. */
        static Campaign launch(String name, int n, Instance via) throws Exception {
            String tag = name + System.currentTimeMillis() % 100000;
            List<String> phones = new ArrayList<>(n);
            try (Connection c = db(); Statement st = c.createStatement()) {
                long base;
                try (ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM supporters")) {
                    rs.next();
                    base = rs.getLong(1);
                }
                st.executeUpdate("""
                        INSERT INTO supporters (first_name, last_name, phone, language, state, tags, sms_status, email_status)
                        SELECT 'Ana' || g, 'Harness', '+1301' || lpad((2000000 + %d + g)::text, 7, '0'), 'en', 'MD',
                               ARRAY['%s'], 'subscribed', 'none'
                          FROM generate_series(1, %d) AS g""".formatted(base, tag, n));
                try (ResultSet rs = st.executeQuery("SELECT phone FROM supporters WHERE tags && ARRAY['" + tag + "'] ORDER BY id")) {
                    while (rs.next()) {
                        phones.add(rs.getString(1));
                    }
                }
            }
            String json = "{\"name\": \"" + tag + "\", \"actionUrl\": \"https://example.org/act\", \"channels\": [\"sms\"],"
                    + " \"audience\": {\"tags\": [\"" + tag + "\"]},"
                    + " \"sms\": {\"body\": {\"en\": \"ALERT-" + tag + " Hi {{firstName}}, call the sheriff: {{actionUrl}}\"}}}";
            HttpResponse<String> created = via.api("POST", "/api/v1/campaigns", json);
            require(created.statusCode() == 201, "create campaign: " + created.statusCode() + " " + created.body());
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)").matcher(created.body());
            require(m.find(), "no id in " + created.body());
            long id = Long.parseLong(m.group(1));
            HttpResponse<String> launched = via.api("POST", "/api/v1/campaigns/" + id + "/launch", "");
            require(launched.statusCode() == 202, "launch: " + launched.statusCode() + " " + launched.body());
            System.out.printf("  campaign %d (%s) launched to %,d recipients%n", id, tag, n);
            return new Campaign(tag, id, n, phones);
        }

        /** Accepted at the fake so far (with repeats). */
        int delivered() {
            return (int) FakeLog.read().stream().filter(e -> e.accepted() && e.word().equals(marker)).count();
        }

        /** Done when no row of the campaign is queued or sending any more. */
        void awaitDone(Duration limit) throws Exception {
            long t0 = System.nanoTime();
            long lastPrint = 0;
            while (System.nanoTime() - t0 < limit.toNanos()) {
                long open = sqlLong("SELECT count(*) FROM outbox WHERE campaign_id = " + id + " AND status IN ('queued', 'sending')");
                if (open == 0) {
                    return;
                }
                if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                    System.out.printf("    %5.0f s: %,d at the fake, %,d rows still queued or sending%n",
                            (System.nanoTime() - t0) / 1e9, delivered(), open);
                    lastPrint = System.nanoTime();
                }
                Thread.sleep(500);
            }
            System.out.println("  campaign not done within " + limit.toSeconds() + " s");
        }

        /** Each recipient exactly once at the fake, none lost; the busiest sliding second at the door. */
        boolean report() throws Exception {
            Map<String, Integer> perPhone = new HashMap<>();
            List<FakeLog.Entry> door = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long last = 0;
            for (FakeLog.Entry e : FakeLog.read()) {
                if (e.micros() >= startMicros) {
                    door.add(e); // every send request in the scenario, answered 201 or not
                }
                if (e.accepted() && e.word().equals(marker)) {
                    perPhone.merge(e.to(), 1, Integer::sum);
                    first = Math.min(first, e.micros());
                    last = Math.max(last, e.micros());
                }
            }
            long twice = perPhone.values().stream().filter(v -> v > 1).count();
            long lost = phones.stream().filter(p -> !perPhone.containsKey(p) && !excused.contains(p)).count();
            long excusedSent = excused.stream().filter(perPhone::containsKey).count();
            Map<String, Long> rows = new TreeMap<>();
            try (Connection c = db(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT status, count(*) FROM outbox WHERE campaign_id = " + id + " GROUP BY status")) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
            int maxWindow = maxSlidingSecond(door.stream().map(FakeLog.Entry::micros).toList());
            System.out.printf(Locale.ROOT, "  RESULT %s: %,d recipients, %,d received once or more, %d more than once, %d lost"
                            + " (%d excused by STOP, %d of them texted before it); outbox rows %s; first to last %.1f s;"
                            + " busiest sliding 1-s window at the fake's door %d (ceiling %d)%n", tag, n, perPhone.size(), twice,
                    lost, excused.size(), excusedSent, rows, (last - first) / 1e6, maxWindow, RATE);
            if (maxWindow > RATE) {
                describeBusiestSecond(door);
            }
            boolean ok = check(twice == 0, "nobody texted twice");
            ok &= check(lost == 0, "nobody lost");
            ok &= check(maxWindow <= RATE, "no sliding second above " + RATE);
            return ok;
        }
    }

    /** Where the busiest sliding second was, who sent in it, and how its sends fell in 100 ms steps. */
    static void describeBusiestSecond(List<FakeLog.Entry> door) {
        List<FakeLog.Entry> t = new ArrayList<>(door);
        t.sort(java.util.Comparator.comparingLong(FakeLog.Entry::micros));
        int best = 0;
        int bestStart = 0;
        for (int i = 0, j = 0; i < t.size(); i++) {
            while (t.get(i).micros() - t.get(j).micros() >= 1_000_000) {
                j++;
            }
            if (i - j + 1 > best) {
                best = i - j + 1;
                bestStart = j;
            }
        }
        long from = t.get(bestStart).micros();
        Map<String, Integer> byInstance = new TreeMap<>();
        int[] tenths = new int[10];
        for (FakeLog.Entry e : t.subList(bestStart, bestStart + best)) {
            byInstance.merge("instance " + (Integer.parseInt(e.from().substring(e.from().length() - 3))), 1, Integer::sum);
            tenths[(int) Math.min(9, (e.micros() - from) / 100_000)]++;
        }
        long startRun = t.get(0).micros();
        System.out.printf(Locale.ROOT, "  busiest second starts %.3f s into the sends: %d sends, by sender %s, per 100 ms %s%n",
                (from - startRun) / 1e6, best, byInstance, java.util.Arrays.toString(tenths));
    }

    static int maxSlidingSecond(List<Long> micros) {
        long[] t = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        int max = 0;
        for (int i = 0, j = 0; i < t.length; i++) {
            while (t[i] - t[j] >= 1_000_000) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    // ---- the fake's door log --------------------------------------------------------------------------------------

    static final class FakeLog {
        /** {@code from}: each instance sends from its own number, so the fake can tell them apart. */
        record Entry(long micros, String status, String to, String from, String word) {
            boolean accepted() {
                return status.equals("201");
            }
        }

        static List<Entry> read() {
            String text = httpGet(FAKE + "/bench/log");
            List<Entry> out = new ArrayList<>();
            for (String line : text == null ? new String[0] : text.split("\n")) {
                String[] f = line.split(" ", 5);
                if (f.length == 5 && ours(f[3])) {
                    out.add(new Entry(Long.parseLong(f[0]), f[1], f[2], f[3], f[4]));
                }
            }
            return out;
        }

        /**
         * Only our instances' sends count: on a shared machine another bench's service once sent 370 texts into
         * this fake's port within a second (From +15005550006), which read as the ceiling broken.
         */
        private static boolean ours(String from) {
            for (int i = 0; i < INSTANCES; i++) {
                if (from.equals("+1500555" + (1000 + i))) {
                    return true;
                }
            }
            return false;
        }
    }

    static void fakeMode(String mode, int retryAfter) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(FAKE + "/bench/mode?m=" + mode + "&retryAfter=" + retryAfter))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("  %tT the fake now answers sends with %s%n", System.currentTimeMillis(), mode.equals("ok") ? "201" : mode);
    }

    /** Samples instance 0's /healthcheck every 2 s for the given time: "healthy"/"unhealthy" per sample. */
    static String sampleSmsHealth(int seconds) throws Exception {
        StringBuilder b = new StringBuilder();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            String body = instances.get(0).health();
            Matcher m = Pattern.compile("\"sms\"\\s*:\\s*\\{\"healthy\"\\s*:\\s*(true|false)").matcher(body == null ? "" : body);
            b.append(m.find() ? (m.group(1).equals("true") ? "healthy " : "unhealthy ") : "? ");
            Thread.sleep(2000);
        }
        return b.toString().trim();
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    /** One PostgreSQL server for every instance; as root its commands run as the postgres user. */
    static final class Postgres {
        final Path dir;
        final int port;
        final String bin = env("PG_BIN", "/usr/lib/postgresql/15/bin");

        Postgres(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        void initAndStart() throws Exception {
            Files.createDirectories(dir);
            run("chown", "-R", "postgres", work.toString());
            pgRun(bin + "/initdb -D " + dir + "/data -U postgres -A trust -E UTF8 --no-sync >/dev/null");
            // A bench server: fsync off (nothing here survives the run); room for 3 instances' pools of 32.
            Files.writeString(Path.of(dir + "/data/postgresql.auto.conf"), "port = " + port + "\nlisten_addresses = '127.0.0.1'\n"
                    + "max_connections = 200\nfsync = off\nshared_buffers = 256MB\nunix_socket_directories = '" + dir + "'\n");
            start();
            pgRun(bin + "/psql -h 127.0.0.1 -p " + port + " -U postgres -qc 'CREATE DATABASE alerts' postgres");
        }

        void start() throws Exception {
            pgRun(bin + "/pg_ctl -D " + dir + "/data -l " + dir + "/server.log -w start >/dev/null");
            System.out.printf("  %tT PostgreSQL up on port %d%n", System.currentTimeMillis(), port);
        }

        void stop() throws Exception {
            pgRun(bin + "/pg_ctl -D " + dir + "/data -m fast -w stop >/dev/null");
            System.out.printf("  %tT PostgreSQL stopped (pg_ctl stop -m fast)%n", System.currentTimeMillis());
        }

        void pgRun(String command) throws Exception {
            boolean root = "root".equals(System.getProperty("user.name"));
            run(root ? new String[] {"su", "postgres", "-s", "/bin/sh", "-c", command} : new String[] {"sh", "-c", command});
        }
    }

    static final class Instance {
        final int index;
        final int httpPort;
        final int adminPort;
        Process process;

        Instance(int index) {
            this.index = index;
            this.httpPort = BASE_PORT + 2 * index;
            this.adminPort = httpPort + 1;
        }

        void start() throws Exception {
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar, "server", config)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("instance" + index + ".log").toFile()));
            Map<String, String> e = pb.environment();
            e.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/alerts");
            e.put("DATABASE_USER", "postgres");
            e.put("DATA_DIR", work.resolve("data" + index).toString());
            e.put("HTTP_PORT", Integer.toString(httpPort));
            e.put("ADMIN_PORT", Integer.toString(adminPort));
            e.put("ADMIN_TOKEN", ADMIN_TOKEN);
            e.put("DISPATCHER_ENABLED", "true");
            e.put("SMS_RATE_PER_SECOND", Integer.toString(RATE));
            e.put("SMS_QUIET_HOURS", "off");
            e.put("SMS_COMPLIANCE_FOOTER", "false");
            e.put("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef");
            e.put("TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
            e.put("TWILIO_FROM_NUMBER", fromNumber());
            e.put("TWILIO_API_BASE_URL", FAKE);
            e.put("PUBLIC_BASE_URL", PUBLIC_BASE);
            e.put("LOG_LEVEL", "INFO");
            long t0 = System.nanoTime();
            process = pb.start();
            waitFor("instance " + index + " healthy", 180, () -> {
                require(process.isAlive(), "instance " + index + " exited during start-up; see " + work + "/instance" + index + ".log");
                return health() != null;
            });
            System.out.printf("  %tT instance %d up (pid %d) in %.1f s%n", System.currentTimeMillis(), index, process.pid(),
                    (System.nanoTime() - t0) / 1e9);
        }

        String fromNumber() {
            return "+1500555" + (1000 + index);
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        void kill9() throws Exception {
            run("kill", "-9", Long.toString(process.pid()));
            process.waitFor();
        }

        void sigterm() throws Exception {
            run("kill", "-TERM", Long.toString(process.pid()));
        }

        void awaitExit(int seconds) throws Exception {
            require(process.waitFor(seconds, TimeUnit.SECONDS), "instance " + index + " did not stop within " + seconds + " s");
        }

        /** The admin /healthcheck body (200 or 500), or null if nothing answers. */
        String health() {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                return null;
            }
        }

        long accepted() {
            String body = httpGet("http://127.0.0.1:" + adminPort + "/metrics");
            Matcher m = Pattern.compile("\"delivery\\.sms\\.accepted\"\\s*:\\s*\\{\"count\"\\s*:\\s*(\\d+)").matcher(body == null ? "" : body);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        HttpResponse<String> api(String method, String path, String json) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A Twilio inbound-SMS webhook, signed as Twilio signs it (HMAC-SHA1 over PUBLIC_BASE_URL + path + params). */
        HttpResponse<String> webhook(String sid, String from, String body) throws Exception {
            Map<String, String> p = new TreeMap<>(Map.of("MessageSid", sid, "AccountSid", "AC0123456789abcdef0123456789abcdef",
                    "From", from, "To", "+15005550006", "Body", body, "NumMedia", "0"));
            StringBuilder form = new StringBuilder();
            StringBuilder signed = new StringBuilder(PUBLIC_BASE + "/webhooks/twilio/sms");
            p.forEach((k, v) -> {
                form.append(form.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                signed.append(k).append(v);
            });
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/twilio/sms"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static Map<Instance, Long> acceptedByInstance() {
        Map<Instance, Long> m = new HashMap<>();
        instances.forEach(in -> m.put(in, in.accepted()));
        return m;
    }

    static void stopAll() {
        for (Instance in : instances) {
            if (in.alive()) {
                in.process.destroyForcibly();
            }
        }
        if (fake != null) {
            fake.destroyForcibly();
        }
        try {
            if (pg != null && Files.exists(pg.dir.resolve("data/postmaster.pid"))) {
                pg.stop();
            }
        } catch (Exception e) {
            System.out.println("could not stop PostgreSQL: " + e);
        }
    }

    // ---- small helpers -----------------------------------------------------------------------------------------

    /** config.yml with a 20 s lease (a killed instance's rows come back sooner) and 5 s retry base (outages end sooner). */
    static String writeConfig() throws Exception {
        String yml = Files.readString(Path.of("config.yml")).replace("lease: 2m", "lease: 20s").replace("retryBase: 30s", "retryBase: 5s");
        Path p = work.resolve("config.yml");
        Files.writeString(p, yml);
        return p.toString();
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/alerts", "postgres", "");
    }

    static long leasedRows() {
        return sqlLong("SELECT count(*) FROM outbox WHERE status = 'sending' AND lease_until > now()");
    }

    static long sqlLong(String sql) {
        return Long.parseLong(sqlString(sql));
    }

    static String sqlString(String sql) {
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static String quoted(java.util.Collection<String> values) {
        return values.isEmpty() ? "NULL" : String.join(",", values.stream().map(v -> "'" + v + "'").toList());
    }

    static String httpGet(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, int seconds, Check check) throws Exception {
        long t0 = System.nanoTime();
        while (!check.ok()) {
            require(System.nanoTime() - t0 < seconds * 1_000_000_000L, "timed out after " + seconds + " s waiting for " + what);
            Thread.sleep(200);
        }
    }

    static boolean check(boolean ok, String what) {
        System.out.println("  " + (ok ? "ok   " : "FAIL ") + what);
        return ok;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        require(p.waitFor() == 0, String.join(" ", command) + " failed");
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static String abbreviate(String s) {
        return s == null ? "-" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
