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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
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
 * Everything is warmed up first (10,000 of each), so the JIT has compiled the service's hot paths.
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpRequest> trivial = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trivial.add(HttpRequest.newBuilder(URI.create(base + "/unsubscribe/not-a-token")).GET().build());
        }

        run(http, webhooks(10_000, base, publicBase, token, "W"), concurrency, 200);
        run(http, trivial.subList(0, Math.min(10_000, n)), concurrency, 404);
        awaitProcessed(http, admin);

        Result saturated = run(http, webhooks(n, base, publicBase, token, "S"), concurrency, 200);
        awaitProcessed(http, admin);
        Result trivialSaturated = run(http, trivial, concurrency, 404);

        List<HttpRequest> paced = webhooks(n, base, publicBase, token, "P");
        long pacedStart = System.nanoTime();
        Result open = paced(http, paced, rate, 200);
        long pendingAtEnd = pending(http, admin);
        awaitProcessed(http, admin);
        double processedPerSecond = n / ((System.nanoTime() - pacedStart) / 1e9);
        Result trivialOpen = paced(http, trivial, rate, 404);

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
            Thread.sleep(20);
        }
    }

    static Result run(HttpClient http, List<HttpRequest> requests, int concurrency, int expected) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (HttpRequest request : requests) {
            inFlight.acquire();
            long sent = System.nanoTime();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                latencies.add(System.nanoTime() - sent);
                if (error != null || response.statusCode() != expected) {
                    errors.incrementAndGet();
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(requests.size() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, errors.get());
    }

    /** Open loop: request i leaves at start + i/rate, answered or not; latency counts from that scheduled time. */
    static Result paced(HttpClient http, List<HttpRequest> requests, int rate, int expected) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < requests.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            all.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                latencies.add(System.nanoTime() - due);
                if (error != null || response.statusCode() != expected) {
                    errors.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(requests.size() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, errors.get());
    }

    static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    static List<HttpRequest> webhooks(int n, String base, String publicBase, String token, String prefix) throws Exception {
        String[] bodies = {"I called the sheriff", "Gracias, ya llamé", "What time is the vigil?", "HELP", "Llamé y no contestaron"};
        List<HttpRequest> requests = new ArrayList<>(n);
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
            requests.add(HttpRequest.newBuilder(URI.create(base + "/webhooks/twilio/sms"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
        }
        return requests;
    }
}
