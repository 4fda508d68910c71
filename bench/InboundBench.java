import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Inbound webhook benchmark: pre-signed Twilio SMS webhooks (distinct MessageSids, 2,000 senders, ordinary replies
 * plus HELP) beside a trivial endpoint of the same service (an unsubscribe link that is not a token: no database),
 * each measured the same two ways in the same run:
 *   1. saturation: N requests with C in flight (closed loop) - the most it answers per second;
 *   2. open loop at RATE requests/s (what Twilio does: texts arrive whether or not we are done with the last) -
 *      latency is measured from each request's scheduled time, so a stall counts against every request it delays.
 * The webhook stores each text and answers; a background processor acts on it. So after the open-loop run the
 * harness waits until the admin metric inbound.pending is back to 0 and reports how fast texts were acted on.
 * Everything is first run once unmeasured, so the JIT has compiled the service's hot paths. The client is a
 * few lines over plain keep-alive sockets sending pre-encoded requests: java.net.http used a third of the two
 * cores by itself, which the service then did not have.
 * Usage: java bench/InboundBench.java N CONCURRENCY RATE BASE_URL PUBLIC_BASE_URL TWILIO_AUTH_TOKEN ADMIN_URL
 */
public class InboundBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        String base = args[3];
        String publicBase = args[4];
        String token = args[5];
        String admin = args[6];
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // admin metrics only
        URI target = URI.create(base);
        byte[] trivialRequest = ("GET /unsubscribe/not-a-token HTTP/1.1\r\nHost: " + target.getAuthority() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<byte[]> trivial = Collections.nCopies(n, trivialRequest);

        // Warm-up: one round of everything, unmeasured. On two cores the JIT compiler alone takes most of a core
        // for the first minute of load, and a service taking Twilio's traffic has been running for hours.
        run(target, webhooks(n, target, publicBase, token, "W"), concurrency, 200);
        run(target, trivial, concurrency, 404);
        awaitProcessed(http, admin);
        paced(target, webhooks(n, target, publicBase, token, "V"), rate, 200);
        paced(target, trivial, rate, 404);
        awaitProcessed(http, admin);

        Result saturated = run(target, webhooks(n, target, publicBase, token, "S"), concurrency, 200);
        awaitProcessed(http, admin);
        Result trivialSaturated = run(target, trivial, concurrency, 404);

        List<byte[]> paced = webhooks(n, target, publicBase, token, "P");
        long pacedStart = System.nanoTime();
        Result open = paced(target, paced, rate, 200);
        long pendingAtEnd = pending(http, admin);
        awaitProcessed(http, admin);
        double processedPerSecond = n / ((System.nanoTime() - pacedStart) / 1e9);
        Result trivialOpen = paced(target, trivial, rate, 404);

        System.out.printf("RESULT saturation, %d in flight: webhook %.0f req/s (p50 %.1f ms, p99 %.1f ms); trivial endpoint %.0f req/s"
                + " (p50 %.1f ms, p99 %.1f ms); errors %d%n", concurrency, saturated.perSecond, saturated.p50, saturated.p99,
                trivialSaturated.perSecond, trivialSaturated.p50, trivialSaturated.p99, saturated.errors + trivialSaturated.errors);
        System.out.printf("RESULT open loop at %d/s, %d requests: webhook %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " trivial endpoint %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d%n", rate, n,
                open.perSecond, open.p50, open.p99, open.max, trivialOpen.perSecond, trivialOpen.p50, trivialOpen.p99,
                trivialOpen.max, open.errors + trivialOpen.errors);
        System.out.printf("RESULT inbound processing: the %d open-loop texts were all acted on (consent, replies,"
                + " attribution) %.1f s after the first arrived = %.0f/s; %d were still waiting when the last was answered%n",
                n, n / processedPerSecond, processedPerSecond, pendingAtEnd);
        if (saturated.errors + open.errors > 0) {
            System.exit(1);
        }
    }

    record Result(double perSecond, double p50, double p99, double max, int errors) {}

    /** The admin metric inbound.pending: texts stored by the webhook and not yet acted on. */
    static long pending(HttpClient http, String admin) throws Exception {
        String json = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"inbound\\.pending\":\\{\"value\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no inbound.pending metric at " + admin + "/metrics");
        }
        return Long.parseLong(m.group(1));
    }

    static void awaitProcessed(HttpClient http, String admin) throws Exception {
        while (pending(http, admin) > 0) {
            Thread.sleep(100); // the metrics page is not free to render: don't take CPU from the service
        }
    }

    /** Closed loop: {@code concurrency} connections, each sending the next request as soon as it has an answer. */
    static Result run(URI target, List<byte[]> requests, int concurrency, int expected) throws Exception {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            workers.add(started(() -> {
                KeepAliveConnection connection = new KeepAliveConnection(target);
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    if (connection.exchange(requests.get(i)) != expected) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                connection.close();
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return result(latencies, requests.size() / ((System.nanoTime() - start) / 1e9), errors.get());
    }

    /**
     * Open loop: request i is due at start + i/rate, answered or not; 256 connections take due requests in turn.
     * Latency counts from the due time, so time spent waiting for a free connection counts too.
     */
    static Result paced(URI target, List<byte[]> requests, int rate, int expected) throws Exception {
        long[] latencies = new long[requests.size()];
        AtomicInteger errors = new AtomicInteger();
        BlockingQueue<Integer> due = new LinkedBlockingQueue<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            workers.add(started(() -> {
                KeepAliveConnection connection = new KeepAliveConnection(target);
                try {
                    for (int i = due.take(); i >= 0; i = due.take()) {
                        if (connection.exchange(requests.get(i)) != expected) {
                            errors.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - (start + i * interval);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                connection.close();
            }));
        }
        for (int i = 0; i < requests.size(); i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            due.add(i);
        }
        for (int c = 0; c < workers.size(); c++) {
            due.add(-1);
        }
        for (Thread t : workers) {
            t.join();
        }
        return result(latencies, requests.size() / ((System.nanoTime() - start) / 1e9), errors.get());
    }

    static Thread started(Runnable work) {
        Thread t = new Thread(work);
        t.start();
        return t;
    }

    static Result result(long[] latencies, double perSecond, int errors) {
        List<Long> sorted = new ArrayList<>(latencies.length);
        for (long l : latencies) {
            sorted.add(l);
        }
        Collections.sort(sorted);
        return new Result(perSecond, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, errors);
    }


    static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    static List<byte[]> webhooks(int n, URI target, String publicBase, String token, String prefix) throws Exception {
        String[] bodies = {"I called the sheriff", "Gracias, ya llamé", "What time is the vigil?", "HELP", "Llamé y no contestaron"};
        List<byte[]> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> params = new TreeMap<>();
            params.put("MessageSid", String.format("SM%s%031d", prefix, i));
            params.put("AccountSid", "ACbench");
            params.put("From", String.format("+1301555%04d", i % 2000));
            params.put("To", "+15005550006");
            params.put("Body", bodies[i % bodies.length]);
            params.put("NumMedia", "0");
            StringBuilder form = new StringBuilder();
            StringBuilder signed = new StringBuilder(publicBase + "/webhooks/twilio/sms");
            for (Map.Entry<String, String> e : params.entrySet()) {
                form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                signed.append(e.getKey()).append(e.getValue());
            }
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
            byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
            String head = "POST /webhooks/twilio/sms HTTP/1.1\r\nHost: " + target.getAuthority()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: " + signature
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] request = java.util.Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + body.length);
            System.arraycopy(body, 0, request, head.length(), body.length);
            requests.add(request);
        }
        return requests;
    }
}
