import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone fake Twilio REST API for the delivery benchmarks (JDK only, loopback only).
 *
 * <pre>
 *   java bench/FakeTwilioServer.java PORT [latencyMillis=0] [maxSeconds=900]
 * </pre>
 *
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{sid}/Messages.json} → 201 with Twilio's message JSON
 *       ({@code "sid": "SM" + 32 hex, "status": "queued"}), after {@code latencyMillis};</li>
 *   <li>{@code GET /2010-04-01/Accounts/{sid}/Messages.json} → an empty page (reconciliation finds nothing);</li>
 *   <li>{@code GET /2010-04-01/Accounts/{sid}.json} → an active account (the service's health check);</li>
 *   <li>{@code GET /bench/count} → messages received so far; {@code GET /bench/times} → each message's receive
 *       time, epoch microseconds, one per line, in arrival order (for per-second windows).</li>
 *   <li>For the resilience harness: {@code POST /bench/mode?m=ok|503|429[&retryAfter=S]} makes every later send
 *       answer 201, 503 or 429 with {@code Retry-After: S}; {@code GET /bench/log} → every send request that
 *       reached the door, accepted or not: "epochMicros status To From firstWordOfBody", one per line, in arrival order;
 *       the message list ({@code GET .../Messages.json?To=...}) answers with the messages accepted for that number,
 *       as Twilio's does, so the service's reconciler finds what was sent before a crash.</li>
 * </ul>
 * Stops itself after {@code maxSeconds} so a broken harness never leaves it running.
 */
public class FakeTwilioServer {
    private static final Pattern ACCOUNT = Pattern.compile("/2010-04-01/Accounts/([^/]+)\\.json");
    private static final Pattern MESSAGES = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_RECORDS = 5_000_000;

    private static final long[] receivedMicros = new long[MAX_RECORDS];
    private static final AtomicInteger received = new AtomicInteger();
    private static final AtomicLong requests = new AtomicLong();
    private static volatile long latencyMillis;
    /** "ok", "503" or "429": how sends are answered now (the resilience harness's outage phases). */
    private static volatile String mode = "ok";
    private static volatile int retryAfterSeconds = 1;
    private static final java.util.concurrent.ConcurrentLinkedQueue<String> doorLog = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.List<String>> acceptedByTo =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        latencyMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 900;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(latencyMillis > 0 ? 256 : 16);
        server.setExecutor(pool);
        server.createContext("/", FakeTwilioServer::handle);
        server.start();
        System.out.println("fake Twilio listening on 127.0.0.1:" + port + ", latency " + latencyMillis + " ms");
        Thread.sleep(maxSeconds * 1000);
        System.out.println("fake Twilio: time limit reached, stopping");
        server.stop(0);
        pool.shutdownNow();
        System.exit(0);
    }

    private static void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Matcher m;
            if ((m = MESSAGES.matcher(path)).matches() && method.equals("POST")) {
                long nowMicros = nowMicros();
                Map<String, String> form = form(ex.getRequestBody());
                String now = mode;
                String body = form.getOrDefault("Body", "");
                doorLog.add(nowMicros + " " + (now.equals("ok") ? "201" : now) + " " + form.get("To") + " " + form.get("From")
                        + " " + body.split(" ", 2)[0]);
                if (!now.equals("ok")) {
                    if (now.equals("429")) {
                        ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                    }
                    sendStatus(ex, Integer.parseInt(now), "{\"code\":20" + now + ",\"message\":\""
                            + (now.equals("429") ? "Too Many Requests" : "Service Unavailable") + "\",\"status\":" + now + "}");
                    return;
                }
                int n = received.getAndIncrement();
                if (n < MAX_RECORDS) {
                    receivedMicros[n] = nowMicros;
                }
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                String json = message(m.group(1), form, nowMicros);
                if (form.get("To") != null) {
                    acceptedByTo.computeIfAbsent(form.get("To"), k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                            .add(0, json); // newest first, as Twilio lists them
                }
                send(ex, 201, json);
            } else if ((m = MESSAGES.matcher(path)).matches() && method.equals("GET")) {
                String uri = "/2010-04-01/Accounts/" + m.group(1) + "/Messages.json";
                String to = queryParam(ex, "To");
                java.util.List<String> found = to == null ? java.util.List.of() : acceptedByTo.getOrDefault(to, java.util.List.of());
                String list;
                synchronized (found) {
                    list = String.join(",", found);
                }
                send(ex, 200, "{\"end\":0,\"first_page_uri\":\"" + uri + "?PageSize=50&Page=0\",\"messages\":[" + list + "],"
                        + "\"next_page_uri\":null,\"page\":0,\"page_size\":50,\"previous_page_uri\":null,\"start\":0,"
                        + "\"uri\":\"" + uri + "?PageSize=50&Page=0\"}");
            } else if ((m = ACCOUNT.matcher(path)).matches() && method.equals("GET")) {
                String sid = m.group(1);
                send(ex, 200, "{\"auth_token\":\"fake\",\"date_created\":\"Mon, 01 Jan 2024 00:00:00 +0000\","
                        + "\"date_updated\":\"Mon, 01 Jan 2024 00:00:00 +0000\",\"friendly_name\":\"Fake Twilio\","
                        + "\"owner_account_sid\":\"" + sid + "\",\"sid\":\"" + sid + "\",\"status\":\"active\","
                        + "\"subresource_uris\":{},\"type\":\"Full\",\"uri\":\"/2010-04-01/Accounts/" + sid + ".json\"}");
            } else if (path.equals("/bench/mode") && method.equals("POST")) {
                String r = queryParam(ex, "retryAfter");
                if (r != null) {
                    retryAfterSeconds = Integer.parseInt(r);
                }
                mode = queryParam(ex, "m");
                System.out.println("fake Twilio: sends now answer " + (mode.equals("ok") ? "201" : mode));
                sendText(ex, mode);
            } else if (path.equals("/bench/log")) {
                sendText(ex, String.join("\n", doorLog) + "\n");
            } else if (path.equals("/bench/count")) {
                sendText(ex, Integer.toString(Math.min(received.get(), MAX_RECORDS)));
            } else if (path.equals("/bench/times")) {
                int n = Math.min(received.get(), MAX_RECORDS);
                StringBuilder sb = new StringBuilder(n * 18);
                for (int i = 0; i < n; i++) {
                    sb.append(receivedMicros[i]).append('\n');
                }
                sendText(ex, sb.toString());
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                byte[] b = "{\"code\":20404,\"message\":\"Not found\",\"status\":404}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, b.length);
                ex.getResponseBody().write(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static String message(String account, Map<String, String> form, long micros) {
        StringBuilder sid = new StringBuilder("SM");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 2; i++) {
            sid.append(String.format("%016x", r.nextLong()));
        }
        String date = RFC_2822.format(Instant.ofEpochSecond(micros / 1_000_000));
        String uri = "/2010-04-01/Accounts/" + account + "/Messages/" + sid;
        return "{\"account_sid\":\"" + account + "\",\"api_version\":\"2010-04-01\",\"body\":" + json(form.get("Body"))
                + ",\"date_created\":\"" + date + "\",\"date_sent\":null,\"date_updated\":\"" + date + "\","
                + "\"direction\":\"outbound-api\",\"error_code\":null,\"error_message\":null,\"from\":" + json(form.get("From"))
                + ",\"messaging_service_sid\":" + json(form.get("MessagingServiceSid")) + ",\"num_media\":\"0\","
                + "\"num_segments\":\"1\",\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"status\":\"queued\","
                + "\"subresource_uris\":{\"media\":\"" + uri + "/Media.json\"},\"to\":" + json(form.get("To"))
                + ",\"uri\":\"" + uri + ".json\"}";
    }

    private static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, String> form(InputStream in) throws IOException {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String queryParam(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sendStatus(HttpExchange ex, int status, String json) throws IOException {
        send(ex, status, json);
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void sendText(HttpExchange ex, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
