package org.actionalerts.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.actionalerts.delivery.SmsSegments;
import org.actionalerts.platform.SmsSettings;

/**
 * A fake Twilio REST API for tests and benchmarks, speaking Twilio's wire format (2010-04-01 Messages and
 * Accounts): form-encoded POSTs, JSON answers with RFC 2822 dates, Twilio error bodies, list paging.
 *
 * <p>Point the service at it with {@code TWILIO_API_BASE_URL = fake.baseUrl()} and the fake's SID and token
 * (see {@link #settings}). It checks HTTP Basic auth like Twilio (wrong token → 401, code 20003), validates
 * {@code To} (not E.164 → 21211), answers numbers marked {@link #unsubscribed} with 21610, and can be scripted
 * to fail the next message creations. Every creation request is recorded for assertions. Thread-safe.
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "fake-twilio-auth-token";
    public static final String DEFAULT_FROM = "+15005550006";

    /** Twilio's RFC 2822 date format, always in UTC: {@code Thu, 24 Aug 2023 05:01:45 +0000}. */
    public static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    private static final Pattern ACCOUNT = Pattern.compile("/2010-04-01/Accounts/([^/]+)\\.json");
    private static final Pattern MESSAGES = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern MESSAGE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");

    /** One message Twilio took (or was asked to take: {@code accepted} false when the request was refused). */
    public record Received(String sid, String to, String from, String messagingServiceSid, String body,
                           String statusCallback, Instant dateCreated, Map<String, String> params, boolean accepted,
                           int httpStatus) {}

    /** What the next message creation does instead of succeeding. */
    private record Failure(int httpStatus, Integer code, String message, Integer retryAfterSeconds, boolean acceptFirst,
                           boolean dropConnection) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final List<Received> attempts = new CopyOnWriteArrayList<>();
    private final Queue<Failure> script = new ConcurrentLinkedQueue<>();
    private final List<Map<String, String>> listQueries = new CopyOnWriteArrayList<>();
    private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean holdQueued;
    private volatile String accountStatus = "active";
    private volatile Runnable duringList = () -> {};

    private FakeTwilio(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fake-twilio");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free loopback port with enough threads to answer 64 requests at once (for latency tests). */
    public static FakeTwilio start() {
        return start(64);
    }

    public static FakeTwilio start(int threads) {
        try {
            return new FakeTwilio(threads);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Twilio server", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Settings sending from {@code fromNumber} through this fake. */
    public SmsSettings settings(String fromNumber) {
        return new SmsSettings(ACCOUNT_SID, AUTH_TOKEN, fromNumber, "", baseUrl(), 100, "21:00-09:00");
    }

    public SmsSettings settings() {
        return settings(DEFAULT_FROM);
    }

    /** Settings sending through a Messaging Service instead of one number. */
    public SmsSettings messagingServiceSettings(String messagingServiceSid) {
        return new SmsSettings(ACCOUNT_SID, AUTH_TOKEN, "", messagingServiceSid, baseUrl(), 100, "21:00-09:00");
    }

    // ---- scripting -------------------------------------------------------------------------------------------

    /** The next {@code times} message creations answer a Twilio error body with this HTTP status and code. */
    public FakeTwilio failNext(int times, int httpStatus, int code, String message) {
        return enqueue(times, new Failure(httpStatus, code, message, null, false, false));
    }

    /** The next {@code times} creations answer this status (e.g. 503) with a non-JSON body, as a proxy would. */
    public FakeTwilio failNextWithStatus(int times, int httpStatus) {
        return enqueue(times, new Failure(httpStatus, null, null, null, false, false));
    }

    /** The next {@code times} creations answer 429 (code 20429) with {@code Retry-After: seconds}. */
    public FakeTwilio throttleNext(int times, int retryAfterSeconds) {
        return enqueue(times, new Failure(429, 20429, "Too Many Requests", retryAfterSeconds, false, false));
    }

    /** The next creations store the message (Twilio took it) but answer {@code httpStatus}: a lost answer. */
    public FakeTwilio acceptButFailNext(int times, int httpStatus) {
        return enqueue(times, new Failure(httpStatus, null, null, null, true, false));
    }

    /** The next creations store the message, then close the connection without any answer. */
    public FakeTwilio acceptButDropConnectionNext(int times) {
        return enqueue(times, new Failure(0, null, null, null, true, true));
    }

    /** Sends to these numbers fail with 21610 (the recipient replied STOP at the carrier). */
    public FakeTwilio unsubscribed(String... numbers) {
        unsubscribed.addAll(List.of(numbers));
        return this;
    }

    /** Every request waits this long before it is answered, like a slow provider. */
    public FakeTwilio latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** When true, stored messages stay "queued" with no date_sent (Twilio has not handed them to a carrier yet). */
    public FakeTwilio holdQueued(boolean hold) {
        this.holdQueued = hold;
        return this;
    }

    /** "active", "suspended" or "closed", as the Account resource reports it. */
    public FakeTwilio accountStatus(String status) {
        this.accountStatus = status;
        return this;
    }

    /** Runs {@code probe} while each message list request is being answered (to look at the caller's state then). */
    public FakeTwilio duringListRequests(Runnable probe) {
        this.duringList = probe;
        return this;
    }

    /** Stores a message as if Twilio had taken it at {@code created}, without any request. */
    public Received seed(String to, String body, Instant created) {
        Received r = new Received(newSid(), to, DEFAULT_FROM, null, body, null, created, Map.of(), true, 201);
        messages.add(r);
        return r;
    }

    /** Forgets messages, attempts and scripts; keeps latency and account status defaults reset too. */
    public void reset() {
        messages.clear();
        attempts.clear();
        listQueries.clear();
        script.clear();
        unsubscribed.clear();
        requests.set(0);
        maxInFlight.set(0);
        latency = Duration.ZERO;
        holdQueued = false;
        accountStatus = "active";
        duringList = () -> {};
    }

    // ---- assertions ------------------------------------------------------------------------------------------

    /** Messages Twilio took, in arrival order. */
    public List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Every message creation request, refused ones included, in arrival order. */
    public List<Received> attempts() {
        return List.copyOf(attempts);
    }

    public List<Received> messagesTo(String to) {
        return messages.stream().filter(m -> m.to().equals(to)).toList();
    }

    public Optional<Received> message(String sid) {
        return messages.stream().filter(m -> m.sid().equals(sid)).findFirst();
    }

    /** The query parameters of every message list request (e.g. {@code To}, {@code DateSent>}), in order. */
    public List<Map<String, String>> listQueries() {
        return List.copyOf(listQueries);
    }

    /** The most requests this fake was answering at the same moment since the last reset. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** All HTTP requests served, of any kind. */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the wire --------------------------------------------------------------------------------------------

    private FakeTwilio enqueue(int times, Failure failure) {
        for (int i = 0; i < times; i++) {
            script.add(failure);
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            pause();
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            Matcher m;
            if (!authorised(exchange)) {
                error(exchange, 401, 20003, "Authenticate", null);
            } else if ((m = MESSAGES.matcher(path)).matches() && ownAccount(exchange, m.group(1))) {
                if (method.equals("POST")) {
                    create(exchange);
                } else if (method.equals("GET")) {
                    list(exchange);
                } else {
                    error(exchange, 405, 20004, "Method not allowed", null);
                }
            } else if ((m = MESSAGE.matcher(path)).matches() && ownAccount(exchange, m.group(1)) && method.equals("GET")) {
                Optional<Received> found = message(m.group(2));
                if (found.isPresent()) {
                    send(exchange, 200, messageJson(found.get(), false), null);
                } else {
                    error(exchange, 404, 20404, "The requested resource was not found", null);
                }
            } else if ((m = ACCOUNT.matcher(path)).matches() && ownAccount(exchange, m.group(1)) && method.equals("GET")) {
                send(exchange, 200, accountJson(), null);
            } else if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
                error(exchange, 404, 20404, "The requested resource " + path + " was not found", null);
            }
        } catch (RuntimeException e) {
            // A fake must never hang a test: answer something Twilio-like.
            error(exchange, 500, 20500, "Internal Server Error: " + e, null);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        Map<String, String> params = form(exchange.getRequestBody());
        String to = params.get("To");
        String from = params.get("From");
        String service = params.get("MessagingServiceSid");
        String body = params.get("Body");
        Received received = new Received(newSid(), to, from, service, body, params.get("StatusCallback"), now(), params,
                true, 201);

        Failure failure = script.poll();
        if (failure != null) {
            if (failure.acceptFirst()) {
                messages.add(received);
            }
            attempts.add(withStatus(received, failure.acceptFirst(), failure.httpStatus()));
            if (failure.dropConnection()) {
                return; // closing the exchange with no status line: the client sees the connection end
            }
            if (failure.code() == null) {
                send(exchange, failure.httpStatus(), "Service Unavailable", "text/plain");
            } else {
                error(exchange, failure.httpStatus(), failure.code(), failure.message(), failure.retryAfterSeconds());
            }
            return;
        }
        Integer code = null;
        String message = null;
        if (to == null || to.isBlank()) {
            code = 21604;
            message = "A 'To' phone number is required.";
        } else if (!E164.matcher(to).matches()) {
            code = 21211;
            message = "The 'To' number " + to + " is not a valid phone number.";
        } else if ((from == null || from.isBlank()) && (service == null || service.isBlank())) {
            code = 21603;
            message = "A 'From' phone number is required.";
        } else if (body == null || body.isEmpty()) {
            code = 21602;
            message = "Message body is required.";
        } else if (unsubscribed.contains(to)) {
            code = 21610;
            message = "Attempt to send to unsubscribed recipient";
        }
        if (code != null) {
            attempts.add(withStatus(received, false, 400));
            error(exchange, 400, code, message, null);
            return;
        }
        messages.add(received);
        attempts.add(received);
        send(exchange, 201, messageJson(received, true), null);
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        listQueries.add(Map.copyOf(query));
        duringList.run();
        int pageSize = Integer.parseInt(query.getOrDefault("PageSize", "50"));
        int page = Integer.parseInt(query.getOrDefault("Page", "0"));
        List<Received> matching = messages.stream()
                .filter(r -> !query.containsKey("To") || query.get("To").equals(r.to()))
                .filter(r -> !query.containsKey("From") || query.get("From").equals(r.from()))
                .filter(r -> dateSentMatches(query, r))
                .sorted(Comparator.comparing(Received::dateCreated).reversed())
                .toList();
        int start = Math.min(page * pageSize, matching.size());
        int end = Math.min(start + pageSize, matching.size());
        List<Map<String, Object>> records = new ArrayList<>();
        for (Received r : matching.subList(start, end)) {
            records.add(messageJson(r, false));
        }
        Map<String, String> base = new LinkedHashMap<>(query);
        base.remove("Page");
        base.remove("PageToken");
        base.put("PageSize", Integer.toString(pageSize));
        String listUri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("end", Math.max(start, end - 1));
        out.put("first_page_uri", listUri + "?" + encode(base, 0));
        out.put("messages", records);
        out.put("next_page_uri", end < matching.size() ? listUri + "?" + encode(base, page + 1) : null);
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("previous_page_uri", page > 0 ? listUri + "?" + encode(base, page - 1) : null);
        out.put("start", start);
        out.put("uri", listUri + "?" + encode(base, page));
        send(exchange, 200, out, null);
    }

    // Twilio's filters: DateSent=day, DateSent>=when, DateSent<=when (a day or a UTC date-time).
    private boolean dateSentMatches(Map<String, String> query, Received r) {
        Instant sent = dateSent(r);
        for (Map.Entry<String, String> filter : query.entrySet()) {
            String name = filter.getKey();
            if (!name.startsWith("DateSent")) {
                continue;
            }
            if (sent == null) {
                return false;
            }
            String op = name.substring("DateSent".length());
            String value = filter.getValue();
            boolean dayOnly = value.length() == 10;
            Instant bound = dayOnly ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : LocalDateTime.parse(value.endsWith("Z") ? value.substring(0, value.length() - 1) : value).toInstant(ZoneOffset.UTC);
            Instant dayEnd = bound.plus(Duration.ofDays(1));
            boolean ok = switch (op) {
                case ">" -> !sent.isBefore(bound);
                case "<" -> dayOnly ? sent.isBefore(dayEnd) : !sent.isAfter(bound);
                default -> dayOnly ? !sent.isBefore(bound) && sent.isBefore(dayEnd) : sent.equals(bound);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private Instant dateSent(Received r) {
        return holdQueued ? null : r.dateCreated();
    }

    private Map<String, Object> messageJson(Received r, boolean justCreated) {
        String uri = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + r.sid();
        Instant sent = justCreated ? null : dateSent(r);
        String status = justCreated
                ? (r.from() == null && r.messagingServiceSid() != null ? "accepted" : "queued")
                : (sent == null ? "queued" : "sent");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_sid", ACCOUNT_SID);
        out.put("api_version", "2010-04-01");
        out.put("body", r.body());
        out.put("date_created", rfc2822(r.dateCreated()));
        out.put("date_sent", sent == null ? null : rfc2822(sent));
        out.put("date_updated", rfc2822(r.dateCreated()));
        out.put("direction", "outbound-api");
        out.put("error_code", null);
        out.put("error_message", null);
        out.put("from", r.from());
        out.put("messaging_service_sid", r.messagingServiceSid());
        out.put("num_media", "0");
        out.put("num_segments", Integer.toString(Math.max(1, SmsSegments.count(r.body()).segments())));
        out.put("price", null);
        out.put("price_unit", "USD");
        out.put("sid", r.sid());
        out.put("status", status);
        out.put("subresource_uris", Map.of("media", uri + "/Media.json"));
        out.put("to", r.to());
        out.put("uri", uri + ".json");
        return out;
    }

    private Map<String, Object> accountJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("auth_token", AUTH_TOKEN);
        out.put("date_created", rfc2822(Instant.parse("2024-01-01T00:00:00Z")));
        out.put("date_updated", rfc2822(Instant.parse("2024-01-01T00:00:00Z")));
        out.put("friendly_name", "Fake Twilio account");
        out.put("owner_account_sid", ACCOUNT_SID);
        out.put("sid", ACCOUNT_SID);
        out.put("status", accountStatus);
        out.put("subresource_uris", Map.of("messages", "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json"));
        out.put("type", "Full");
        out.put("uri", "/2010-04-01/Accounts/" + ACCOUNT_SID + ".json");
        return out;
    }

    private boolean authorised(HttpExchange exchange) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private boolean ownAccount(HttpExchange exchange, String sid) throws IOException {
        if (ACCOUNT_SID.equals(sid)) {
            return true;
        }
        error(exchange, 404, 20404, "The requested resource was not found", null);
        return false;
    }

    private void error(HttpExchange exchange, int status, int code, String message, Integer retryAfterSeconds) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        if (retryAfterSeconds != null) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
        }
        send(exchange, status, body, null);
    }

    private void send(HttpExchange exchange, int status, Object body, String contentType) throws IOException {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", contentType != null ? contentType : "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Twilio-Request-Id", "RQ" + UUID.randomUUID().toString().replace("-", ""));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void pause() {
        Duration wait = latency;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Received withStatus(Received r, boolean accepted, int status) {
        return new Received(r.sid(), r.to(), r.from(), r.messagingServiceSid(), r.body(), r.statusCallback(),
                r.dateCreated(), r.params(), accepted, status);
    }

    private static Map<String, String> form(InputStream in) throws IOException {
        return form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String encode(Map<String, String> params, int page) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("Page", Integer.toString(page));
        return all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    // Twilio keeps whole seconds.
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    public static String rfc2822(Instant instant) {
        return RFC_2822.format(instant.atZone(ZoneOffset.UTC));
    }
}
