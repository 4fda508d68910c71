// Claim-next benchmark (issue 5): 100,000 open cases, 20 concurrent claimers, through the HTTP API.
//
//   bench/run-claim-bench.sh [cases] [claimers] [claims]
//
// Starts its own PostgreSQL (the embedded one the service ships), the service jar against it, seeds the open cases
// with one INSERT ... SELECT, then measures POST /api/v1/cases/claim two ways, after unmeasured warm-up rounds
// (BENCH_WARMUP_ROUNDS, default 6):
//   - at once: the claimers claim together, one claim each, all released at the same instant; the next round
//     starts 20 ms after the slowest of them is answered. Twenty attorneys pressing "claim" at the same moment.
//   - saturated: each claimer claims again the moment it is answered (closed loop, no pause): the most the
//     service can hand out, where latency is set by throughput (20 / claims per second).
// Prints p50/p99/max latency and claims/s, the CPU each claim cost (service, PostgreSQL, load generator), and,
// for comparison, the plain claim statement alone over JDBC.
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ClaimBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int claimers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int claims = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        String jar = args.length > 3 ? args[3] : "target/action-alerts.jar";
        int http = Integer.parseInt(System.getenv().getOrDefault("BENCH_HTTP_PORT", "18090"));
        int admin = Integer.parseInt(System.getenv().getOrDefault("BENCH_ADMIN_PORT", "18091"));
        Path dir = Files.createTempDirectory("claim-bench");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                // Durable commits, as the service's own embedded PostgreSQL runs (the library defaults them off).
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        String token = "bench-" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID(); // 32+ characters: shorter is refused
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String javaOpts = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "").strip(); // e.g. a JFR recording
        if (!javaOpts.isEmpty()) {
            command.addAll(List.of(javaOpts.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar, "server", "config.yml"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("DATABASE_URL", url);
        pb.environment().put("DATABASE_USER", "postgres");
        pb.environment().put("HTTP_PORT", String.valueOf(http));
        pb.environment().put("ADMIN_PORT", String.valueOf(admin));
        pb.environment().put("ADMIN_TOKEN", token);
        pb.environment().put("LOG_LEVEL", "WARN");
        pb.environment().put("DISPATCHER_ENABLED", "false");
        Process service = pb.start();
        try {
            awaitHealthy(admin, service, dir);
            String base = "http://localhost:" + http;
            System.out.printf("machine: %d cores; %d open cases, %d claimers, %d claims%n",
                    Runtime.getRuntime().availableProcessors(), cases, claimers, claims);
            seed(url, cases);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                String body = send(base, token, "POST", "/api/v1/tokens", "{\"name\":\"bench" + i + "\",\"role\":\"attorney\"}");
                Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(body);
                m.find();
                tokens.add(m.group(1));
            }
            // Warm-up: one unmeasured round of the same size. On two cores the JIT compiler takes most of a core
            // for the first minute under load; a service attorneys use has been running for hours.
            // One keep-alive connection per claimer and a pre-encoded request: the client's CPU is the service's loss.
            URI target = URI.create(base);
            List<byte[]> requests = new ArrayList<>();
            ThreadLocal<KeepAliveConnection> connections = ThreadLocal.withInitial(() -> new KeepAliveConnection(target));
            for (String t : tokens) {
                requests.add(("POST /api/v1/cases/claim HTTP/1.1\r\nHost: " + target.getAuthority() + "\r\nAuthorization: Bearer "
                        + t + "\r\nContent-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            Claim overHttp = i -> {
                int status = connections.get().exchange(requests.get(i));
                if (status != 200) {
                    throw new IllegalStateException("claim answered " + status);
                }
            };
            // Warm-up: unmeasured rounds (BENCH_WARMUP_ROUNDS, default 6). On two cores the JIT is still making the
            // service faster after 30,000 claims; a service attorneys use has been running for hours.
            int warmups = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_ROUNDS", "6"));
            for (int round = 1; round <= warmups; round++) {
                report("warm-up " + round + " of " + warmups + " (not a result)", claimers, claims, overHttp);
            }
            System.out.println(queueHead(pg));
            restoreQueue(pg);
            System.out.println(queueHead(pg));
            atOnce("HTTP claim, " + claimers + " claimers at once", claimers, claims / claimers, overHttp);
            System.out.println(queueHead(pg));
            long batchesBefore = claimBatches(admin);
            CpuUse cpuBefore = CpuUse.now(service.pid());
            report("HTTP claim, saturated (closed loop)", claimers, claims, overHttp);
            CpuUse cpu = CpuUse.now(service.pid()).minus(cpuBefore);
            long batches = claimBatches(admin) - batchesBefore;
            System.out.println(queueHead(pg));
            int measured = claims / claimers * claimers;
            System.out.printf("CPU per claim: service %.2f ms (%.2f of it in the kernel), PostgreSQL %.2f ms, this load generator %.2f ms%n",
                    cpu.service() / measured, cpu.serviceKernel() / measured, cpu.postgres() / measured, cpu.client() / measured);
            System.out.printf("claims were served in %d batches (one statement and one commit each): %.1f claims a batch%n",
                    batches, (double) (claims / claimers * claimers) / batches);
            System.out.println("time to write a batch (statement and commit; since the service started): " + batchTimer(admin));
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                // Pool of one connection per claimer for the statement-only run.
                List<Connection> conns = new ArrayList<>();
                for (int i = 0; i < claimers; i++) {
                    conns.add(pg.getPostgresDatabase().getConnection());
                }
                report("SQL claim statement alone (JDBC)", claimers, claims, i -> {
                    try (PreparedStatement st = conns.get(i).prepareStatement("""
                            UPDATE cases c SET status = 'assigned', assignee_name = 'bench', updated_at = now()
                              FROM (SELECT id FROM cases WHERE status = 'new' ORDER BY priority_rank, created_at, id
                                     LIMIT 1 FOR UPDATE SKIP LOCKED) next
                             WHERE c.id = next.id RETURNING c.id""")) {
                        try (ResultSet rs = st.executeQuery()) {
                            if (!rs.next()) {
                                throw new IllegalStateException("queue empty");
                            }
                        }
                    }
                });
                for (Connection conn : conns) {
                    conn.close();
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM cases WHERE status = 'new'")) {
                    rs.next();
                    System.out.printf("open cases left: %d%n", rs.getLong(1));
                }
            }
        } finally {
            service.destroy();
            service.waitFor();
            pg.close();
            if (System.getenv("BENCH_KEEP") == null) { // the database and the service's log: about 130 MB
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    interface Claim {
        void run(int claimer) throws Exception;
    }

    /** Rounds in which every claimer claims once, all released together; a 20 ms pause between rounds. */
    static void atOnce(String what, int claimers, int rounds, Claim claim) throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(claimers, () -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < claimers; t++) {
            int me = t;
            futures.add(pool.submit(() -> {
                List<Long> nanos = new ArrayList<>(rounds);
                for (int i = 0; i < rounds; i++) {
                    together.await(); // the last of the previous round has its answer
                    long t0 = System.nanoTime();
                    claim.run(me);
                    nanos.add(System.nanoTime() - t0);
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        Collections.sort(all);
        System.out.printf("%s: %d rounds, %d claims; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what, rounds, all.size(), ms(all, 0.50), ms(all, 0.99), all.get(all.size() - 1) / 1e6);
    }

    /** Returns the claims per second. */
    static double report(String what, int claimers, int claims, Claim claim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        int each = claims / claimers;
        for (int t = 0; t < claimers; t++) {
            int me = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<Long> nanos = new ArrayList<>(each);
                for (int i = 0; i < each; i++) {
                    long t0 = System.nanoTime();
                    claim.run(me);
                    nanos.add(System.nanoTime() - t0);
                }
                return nanos;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Collections.sort(all);
        System.out.printf("%s: %d claims by %d claimers in %.1f s = %.0f claims/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what, all.size(), claimers, seconds, all.size() / seconds, ms(all, 0.50), ms(all, 0.99), all.get(all.size() - 1) / 1e6);
        return all.size() / seconds;
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    /**
     * Puts the warm-up's claimed cases back in the queue and vacuums, so the measured phases start as the issue
     * describes: all the open cases waiting, and a table vacuum has tidied (autovacuum would have, in a service that
     * has been running for hours). Without it the warm-up leaves tens of thousands of dead index entries at the head
     * of the queue, which every claim then steps over: about 1 ms a batch for each 30,000 (docs/PERFORMANCE.md).
     */
    static void restoreQueue(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            int back = s.executeUpdate("""
                    UPDATE cases SET status = 'new', assignee_user_id = NULL, assignee_name = NULL WHERE status <> 'new'""");
            s.execute("VACUUM ANALYZE cases");
            System.out.printf("put the warm-up's %d claimed cases back in the queue and vacuumed in %.1f s%n", back, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** How long finding the next 20 cases takes now, and the dead rows ahead of them that vacuum has not yet removed. */
    static String queueHead(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("""
                    EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM cases WHERE status = 'new'
                     ORDER BY priority_rank, created_at, id LIMIT 20""")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            Matcher time = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(plan);
            Matcher buffers = Pattern.compile("Buffers: shared hit=([0-9]+)").matcher(plan);
            try (ResultSet rs = s.executeQuery("""
                    SELECT n_live_tup, n_dead_tup, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'cases'""")) {
                rs.next();
                return String.format("queue head: next 20 cases found in %s ms (%s index pages read); cases: %d live rows, %d dead; autovacuum has run %d times, autoanalyze %d",
                        time.find() ? time.group(1) : "?", buffers.find() ? buffers.group(1) : "?", rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    static void seed(String url, int cases) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.execute("""
                    INSERT INTO supporters (phone, language)
                    SELECT '+1301' || lpad(g::text, 7, '0'), CASE WHEN g %% 3 = 0 THEN 'es' ELSE 'en' END
                      FROM generate_series(1, %d) g""".formatted(cases));
            s.execute("""
                    INSERT INTO cases (reference, supporter_id, source, priority, queue, created_at, updated_at, due_at)
                    SELECT 'HR-B' || lpad(to_hex(g), 5, '0'), s.id, 'sms', CASE WHEN g %% 10 = 0 THEN 'urgent' ELSE 'normal' END,
                           'state-local-advocacy', now() - (g || ' seconds')::interval, now(), now() + interval '2 days'
                      FROM generate_series(1, %d) g JOIN supporters s ON s.phone = '+1301' || lpad(g::text, 7, '0')""".formatted(cases));
            s.execute("""
                    INSERT INTO case_messages (case_id, direction, channel, body, at)
                    SELECT id, 'in', 'sms', 'LEGAL', created_at FROM cases""");
            s.execute("ANALYZE");
            System.out.printf("seeded %d open cases (10%% urgent) in %.1f s%n", cases, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** CPU time used so far, in ms: the service's process, every PostgreSQL process, and this JVM (Linux /proc). */
    record CpuUse(double service, double serviceKernel, double postgres, double client) {
        static CpuUse now(long servicePid) throws Exception {
            double postgres = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        if (stat.contains("(postgres)")) {
                            postgres += ticks(stat);
                        }
                    } catch (java.io.IOException gone) {
                        // the process ended while we looked
                    }
                }
            }
            String serviceStat = Files.readString(Path.of("/proc/" + servicePid + "/stat"));
            return new CpuUse(ticks(serviceStat), field(serviceStat, 12) * 10.0, postgres,
                    ticks(Files.readString(Path.of("/proc/" + ProcessHandle.current().pid() + "/stat"))));
        }

        /** utime + stime, in ms (clock ticks of 10 ms on Linux). */
        static double ticks(String stat) {
            return (field(stat, 11) + field(stat, 12)) * 10.0;
        }

        /** A field of /proc/PID/stat, counted from the one after the command's name (11 utime, 12 stime). */
        static long field(String stat, int i) {
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[i]);
        }

        CpuUse minus(CpuUse o) {
            return new CpuUse(service - o.service, serviceKernel - o.serviceKernel, postgres - o.postgres, client - o.client);
        }
    }

    /** The admin metric cases.claim-batch: how many batches of claims the service has written. */
    static long claimBatches(int admin) throws Exception {
        String json = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"cases\\.claim-batch\":\\{\"count\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no cases.claim-batch metric on the admin port");
        }
        return Long.parseLong(m.group(1));
    }

    static String batchTimer(int admin) throws Exception {
        String json = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"cases\\.claim-batch\":(\\{[^}]*\\})").matcher(json);
        if (!m.find()) {
            return "?";
        }
        StringBuilder out = new StringBuilder();
        for (String q : List.of("p50", "p99", "max")) { // the metrics page gives seconds
            Matcher v = Pattern.compile("\"" + q + "\":([0-9.Ee-]+)").matcher(m.group(1));
            out.append(q).append(' ').append(v.find() ? String.format("%.1f ms ", Double.parseDouble(v.group(1)) * 1000) : "? ");
        }
        return out.toString().strip();
    }

    static void awaitHealthy(int admin, Process service, Path dir) throws Exception {
        for (int i = 0; i < 240; i++) {
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited; log in " + dir.resolve("service.log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + admin + "/healthcheck")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not healthy; log in " + dir.resolve("service.log"));
    }

    static String send(String base, String token, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
