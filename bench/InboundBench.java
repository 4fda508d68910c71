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
 * Inbound webhook throughput: N pre-signed Twilio SMS webhooks (distinct MessageSids, 2,000 senders, ordinary
 * replies plus some HELP/STOP/START) sent with C requests in flight, then the same number of requests to a
 * trivial endpoint of the same service (an unsubscribe link that is not a token: no database) for comparison.
 * The webhook stores each text and answers; a background processor acts on it. So the harness also waits until
 * the admin metric inbound.pending is back to 0 and reports how fast the texts were processed end to end.
 * Usage: java bench/InboundBench.java N CONCURRENCY BASE_URL PUBLIC_BASE_URL TWILIO_AUTH_TOKEN ADMIN_URL
 */
public class InboundBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        String base = args[2];
        String publicBase = args[3];
        String token = args[4];
        String admin = args[5];
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        List<HttpRequest> warmup = webhooks(2_000, base, publicBase, token, "W");
        run(http, warmup, concurrency, 200);
        awaitProcessed(http, admin);
        List<HttpRequest> webhooks = webhooks(n, base, publicBase, token, "B");
        long webhooksStart = System.nanoTime();
        Result inbound = run(http, webhooks, concurrency, 200);
        long pendingAtEnd = pending(http, admin);
        awaitProcessed(http, admin);
        double processedPerSecond = n / ((System.nanoTime() - webhooksStart) / 1e9);
        List<HttpRequest> trivial = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trivial.add(HttpRequest.newBuilder(URI.create(base + "/unsubscribe/not-a-token")).GET().build());
        }
        run(http, trivial.subList(0, Math.min(2_000, n)), concurrency, 404);
        Result plain = run(http, trivial, concurrency, 404);
        System.out.printf("RESULT inbound webhook: %d requests, %d in flight: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d%n",
                n, concurrency, inbound.perSecond, inbound.p50, inbound.p99, inbound.errors);
        System.out.printf("RESULT trivial endpoint: %d requests, %d in flight: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d%n",
                n, concurrency, plain.perSecond, plain.p50, plain.p99, plain.errors);
        System.out.printf("RESULT inbound processing: %d texts acted on (consent, replies, attribution) at %.0f/s from the"
                + " first webhook to the last text processed; %d were still waiting when the last webhook was answered%n",
                n, processedPerSecond, pendingAtEnd);
        if (inbound.errors > 0) {
            System.exit(1);
        }
    }

    record Result(double perSecond, double p50, double p99, int errors) {}

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
        return new Result(requests.size() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get());
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
