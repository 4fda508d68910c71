import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GET /a/{code} (the tracked-link redirect) against a trivial endpoint of the same service in the same run: closed
 * loop, C keep-alive connections, N requests per target; the codes are those the launched campaign made (read from
 * action_links). Order: trivial, redirect, trivial again (to see drift); after an unmeasured warm-up of N of each.
 * With {@code locked}, then the redirect again while another session holds action_links in EXCLUSIVE mode (reads go
 * on, the click writer waits: a database slow to take writes), and the clicks written before, during and after.
 *
 *   java -cp target/bench:PG_JAR bench/RedirectBench.java JDBC_URL BASE_URL N C TRIVIAL_PATH [locked]
 */
public class RedirectBench {
    public static void main(String[] args) throws Exception {
        String jdbc = args[0];
        URI base = URI.create(args[1]);
        int n = Integer.parseInt(args[2]);
        int c = Integer.parseInt(args[3]);
        String trivial = args[4];
        List<String> codes = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", ""); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT code FROM action_links")) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        if (codes.isEmpty()) {
            throw new IllegalStateException("no short links in action_links");
        }
        System.out.printf(Locale.ROOT, "%,d short links; %,d requests per target over %d connections%n", codes.size(), n, c);
        String host = base.getHost() + ":" + base.getPort();
        String ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                + " Version/17.0 Mobile/15E148 Safari/604.1";
        byte[][] redirects = new byte[codes.size()][];
        for (int i = 0; i < redirects.length; i++) {
            redirects[i] = request("/a/" + codes.get(i), host, ua);
        }
        byte[][] trivials = {request(trivial, host, ua)};
        // Warm-up of both (the JIT, the code cache of the redirect, the connection pools), not measured.
        measure(base, trivials, n, c);
        measure(base, redirects, n, c);
        STATUSES.clear();
        double[] t1 = run("trivial " + trivial, base, trivials, n, c);
        double[] r = run("redirect /a/{code}", base, redirects, n, c);
        double[] t2 = run("trivial " + trivial + " (again)", base, trivials, n, c);
        double trivialRate = (t1[0] + t2[0]) / 2;
        System.out.printf(Locale.ROOT, "RESULT redirect rate=%.0f p50_ms=%.2f p99_ms=%.2f trivial_rate=%.0f trivial_p99_ms=%.2f"
                + " ratio=%.2f%n", r[0], r[1], r[2], trivialRate, Math.max(t1[2], t2[2]), r[0] / trivialRate);
        if (args.length > 5 && args[5].equals("locked")) {
            locked(jdbc, base, redirects, n, c, trivialRate);
        }
    }

    /** The redirect while the click table is locked by another session; the clicks are written once it is free. */
    static void locked(String jdbc, URI base, byte[][] redirects, int n, int c, double trivialRate) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", ""); Statement st = db.createStatement();
             Connection locker = DriverManager.getConnection(jdbc, "postgres", ""); Statement lock = locker.createStatement()) {
            Thread.sleep(1000); // the last clicks of the runs above are written
            long before = clicks(st);
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE action_links IN EXCLUSIVE MODE");
            long lockedAt = System.nanoTime();
            double[] r = run("redirect /a/{code}, action_links locked", base, redirects, n, c);
            int waiting = count(st, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE action_links l SET clicks%'");
            long during = clicks(st);
            double held = (System.nanoTime() - lockedAt) / 1e9;
            locker.rollback();
            long releasedAt = System.nanoTime();
            long after = during;
            for (int i = 0; i < 100 && after < before + n; i++) {
                Thread.sleep(100);
                after = clicks(st);
            }
            System.out.printf(Locale.ROOT, "  clicks written: %,d before the lock; %,d while it was held (%.1f s; click"
                    + " writers waiting for it at the end: %d); %,d within %.1f s of its release%n", before, during,
                    held, waiting, after, (System.nanoTime() - releasedAt) / 1e9);
            System.out.printf(Locale.ROOT, "RESULT redirect_locked rate=%.0f p50_ms=%.2f p99_ms=%.2f ratio_to_trivial=%.2f"
                    + " writer_waiting=%d clicks_during=%d clicks_after=%d%n", r[0], r[1], r[2], r[0] / trivialRate,
                    waiting, during - before, after - before);
        }
    }

    static long clicks(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT coalesce(sum(clicks), 0) FROM action_links")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static byte[] request(String path, String host, String ua) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + ua + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** {rate/s, p50 ms, p99 ms, seconds}; prints a line with the statuses seen. */
    static double[] run(String name, URI base, byte[][] requests, int n, int c) throws Exception {
        long t0 = System.nanoTime();
        long[][] lat = measure(base, requests, n, c);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).filter(x -> x >= 0).sorted().toArray();
        double rate = all.length / seconds;
        double p50 = all[(int) (all.length * 0.50)] / 1e6;
        double p99 = all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        System.out.printf(Locale.ROOT, "  %-40s %,d in %.2f s → %,.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; statuses %s%n",
                name, all.length, seconds, rate, p50, p99, all[all.length - 1] / 1e6, STATUSES);
        STATUSES.clear();
        return new double[] {rate, p50, p99, seconds};
    }

    static final java.util.concurrent.ConcurrentSkipListMap<Integer, AtomicInteger> STATUSES =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    static long[][] measure(URI base, byte[][] requests, int n, int c) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[][] lat = new long[c][];
        Thread[] threads = new Thread[c];
        for (int t = 0; t < c; t++) {
            int me = t;
            lat[t] = new long[n];
            Arrays.fill(lat[t], -1);
            threads[t] = new Thread(() -> {
                KeepAliveConnection conn = new KeepAliveConnection(base);
                int k = 0;
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    byte[] req = requests[i % requests.length];
                    long s = System.nanoTime();
                    int status = conn.exchange(req);
                    long d = System.nanoTime() - s;
                    STATUSES.computeIfAbsent(status, x -> new AtomicInteger()).incrementAndGet();
                    lat[me][k++] = d;
                }
                conn.close();
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return lat;
    }
}
